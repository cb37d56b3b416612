import type { Db } from './handle';

/**
 * A GeoJSON Polygon or MultiPolygon as stored in `areas.geometry`: already rewound clockwise for
 * d3-geo (ingest/geo/rewind.ts), so readers can hand it to `geoPath` as it is.
 */
export type AreaGeometry =
	| { type: 'Polygon'; coordinates: number[][][] }
	| { type: 'MultiPolygon'; coordinates: number[][][][] };

/** One area to insert. `nameKey` is `nameKey(name)` from ingest/names.ts. */
export interface AreaInput {
	code: string;
	name: string;
	nameKey: string;
	/** What kind of area it is in its geography, e.g. `borough` or `related_city`. */
	type: string;
	geometry: AreaGeometry;
}

/** An area without its geometry: what lists, filters and tables need. */
export interface Area {
	id: number;
	geography: string;
	code: string;
	name: string;
	nameKey: string;
	type: string;
}

/** An area with its parsed geometry, for maps. */
export interface AreaWithGeometry {
	id: number;
	code: string;
	name: string;
	type: string;
	geometry: AreaGeometry;
}

/** What `matchName` (ingest/names.ts) needs to resolve a typed name, plus the area's identity. */
export interface AreaNameEntry {
	id: number;
	code: string;
	name: string;
	key: string;
}

interface AreaRow {
	id: number;
	geography: string;
	code: string;
	name: string;
	name_key: string;
	type: string;
}

type GeometryRow = Pick<AreaRow, 'id' | 'code' | 'name' | 'type'> & { geometry: string };
type NameRow = Pick<AreaRow, 'id' | 'code' | 'name' | 'name_key'>;

/** Areas created by a dataset still hidden (being loaded or removed, hidden-datasets.ts) are not shown. */
const VISIBLE = '(dataset_id IS NULL OR dataset_id NOT IN (SELECT id FROM datasets WHERE hidden IS NOT NULL))';

function prepare(db: Db) {
	const columns = 'id, geography, code, name, name_key, type';
	return {
		insert: db.prepare<[string, string, string, string, string, string, number | null]>(
			'INSERT INTO areas (geography, code, name, name_key, type, geometry, dataset_id) VALUES (?, ?, ?, ?, ?, ?, ?)'
		),
		datasetOf: db.prepare<[string], { dataset_id: number | null }>(`SELECT dataset_id FROM areas WHERE geography = ? AND ${VISIBLE} LIMIT 1`),
		listAll: db.prepare<[], AreaRow>(`SELECT ${columns} FROM areas WHERE ${VISIBLE}`),
		listOne: db.prepare<[string], AreaRow>(`SELECT ${columns} FROM areas WHERE geography = ? AND ${VISIBLE}`),
		geometries: db.prepare<[string], GeometryRow>(
			`SELECT id, code, name, type, geometry FROM areas WHERE geography = ? AND geometry <> 'null' AND ${VISIBLE}`
		),
		names: db.prepare<[string], NameRow>(
			`SELECT id, code, name, name_key FROM areas WHERE geography = ? AND ${VISIBLE} ORDER BY id`
		),
		count: db.prepare<[string], { n: number }>(`SELECT count(*) AS n FROM areas WHERE geography = ? AND ${VISIBLE}`)
	};
}

/** Statements are prepared once per connection, not once per call. */
const prepared = new WeakMap<Db, ReturnType<typeof prepare>>();

function statements(db: Db): ReturnType<typeof prepare> {
	let s = prepared.get(db);
	if (!s) {
		s = prepare(db);
		prepared.set(db, s);
	}
	return s;
}

const byFrenchName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'fr');

/**
 * Inserts the areas of one geography in a single transaction: all of them or, if any insert
 * fails (a duplicate code or name key), none. Returns the new ids in input order. Areas loaded
 * from an uploaded file belong to its dataset (deleted with it); the bundled ones to none.
 */
export function insertAreas(db: Db, geography: string, areas: readonly AreaInput[], datasetId: number | null = null): number[] {
	const { insert } = statements(db);
	return db.transaction(() =>
		areas.map((a) =>
			Number(insert.run(geography, a.code, a.name, a.nameKey, a.type, JSON.stringify(a.geometry), datasetId).lastInsertRowid)
		)
	)();
}

/** The dataset a geography's areas were loaded from (null for the bundled areas or an unknown geography). */
export function areasDatasetOf(db: Db, geography: string): number | null {
	return statements(db).datasetOf.get(geography)?.dataset_id ?? null;
}

/** The geographies that have areas, in name order. */
export function listGeographies(db: Db): string[] {
	return db.prepare(`SELECT DISTINCT geography FROM areas WHERE ${VISIBLE} ORDER BY geography`).pluck().all() as string[];
}

/** Areas without geometry, of one geography or of all, ordered by name as French sorts it. */
export function listAreas(db: Db, geography?: string): Area[] {
	const s = statements(db);
	const rows = geography === undefined ? s.listAll.all() : s.listOne.all(geography);
	return rows
		.map((r) => ({ id: r.id, geography: r.geography, code: r.code, name: r.name, nameKey: r.name_key, type: r.type }))
		.sort((a, b) => byFrenchName(a, b) || a.geography.localeCompare(b.geography));
}

/** The areas of one geography with their geometry parsed, ordered by name. */
export function listAreaGeometries(db: Db, geography: string): AreaWithGeometry[] {
	return statements(db)
		.geometries.all(geography)
		.map((r) => ({ id: r.id, code: r.code, name: r.name, type: r.type, geometry: JSON.parse(r.geometry) as AreaGeometry }))
		.sort(byFrenchName);
}

/** The names and keys of one geography's areas, ready for `matchName`. */
export function areaNameIndex(db: Db, geography: string): AreaNameEntry[] {
	return statements(db).names.all(geography).map((r) => ({ id: r.id, code: r.code, name: r.name, key: r.name_key }));
}

/**
 * An area known only by name, created by a survey from its own values (mapping `new_areas`): no
 * geometry (stored as JSON null; maps leave it out), and deleted with that survey.
 */
export function insertNamedArea(db: Db, geography: string, a: { code: string; name: string; nameKey: string }, datasetId: number): number {
	return Number(
		db.prepare(`INSERT INTO areas (geography, code, name, name_key, type, geometry, dataset_id) VALUES (?, ?, ?, ?, 'named', 'null', ?)`)
			.run(geography, a.code, a.name, a.nameKey, datasetId).lastInsertRowid
	);
}

/** How many areas a geography has (0 when it has not been loaded). */
export function countAreas(db: Db, geography: string): number {
	return statements(db).count.get(geography)?.n ?? 0;
}

/**
 * Copies one geography's areas (ids, names and keys; not their geometry) into another database:
 * a scratch database for a dry run then resolves area names to the same ids as the real one.
 */
export function copyAreaNames(from: Db, to: Db, geography: string): void {
	const rows = from.prepare(`SELECT id, geography, code, name, name_key, type FROM areas WHERE geography = ? AND ${VISIBLE}`).all(geography) as AreaRow[];
	const insert = to.prepare(`INSERT INTO areas (id, geography, code, name, name_key, type, geometry) VALUES (?, ?, ?, ?, ?, ?, 'null')`);
	to.transaction(() => { for (const r of rows) insert.run(r.id, r.geography, r.code, r.name, r.name_key, r.type); })();
}
