import { readFileSync } from 'node:fs';
import { parseCsvText } from './reader/parser';
import type { Db } from '../db/connection';
import { countAreas, insertAreas, listAreas, type AreaInput } from '../db/areas';
import { rewindForD3, type PolygonalGeometry } from './geo/rewind';
import { nameKey } from './names';

export type FeatureProperties = Record<string, unknown>;

export interface OfficialName {
	name: string;
	type: string;
}

export interface LoadAreasOptions {
	/** The geography the areas belong to, e.g. `montreal`. */
	geography: string;
	/** The text of a GeoJSON FeatureCollection of Polygon / MultiPolygon features, WGS84. */
	geojsonText: string;
	/** The feature property holding the area name, e.g. `NOM`. */
	nameProperty: string;
	/** The feature property holding the area's unique code, e.g. `ABREV`. */
	codeProperty: string;
	/** The area type from a feature's properties; `area` when absent. */
	typeOf?: (props: FeatureProperties) => string;
	/** Official name and type by code; overrides the file's name and type, and must list every code. */
	officialNames?: Map<string, OfficialName>;
}

export interface LoadAreasResult {
	inserted: number;
}

/** Thrown when a file cannot be loaded; `problems` holds one line per thing wrong. */
export class AreasValidationError extends Error {
	constructor(
		readonly source: string,
		readonly problems: string[]
	) {
		const shown = problems.slice(0, 20);
		const more = problems.length > shown.length ? `\n  … and ${problems.length - shown.length} more` : '';
		super(`${source} cannot be loaded:\n  ${shown.join('\n  ')}${more}`);
		this.name = 'AreasValidationError';
	}
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A property as a trimmed string, or undefined when it is missing or blank. */
function textOf(props: FeatureProperties, key: string): string | undefined {
	const v = props[key];
	if (typeof v === 'number' && Number.isFinite(v)) return String(v);
	return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

/** What is wrong with a geometry, or undefined when it is a usable WGS84 (Multi)Polygon. */
function geometryProblem(g: unknown): string | undefined {
	if (!isRecord(g)) return 'has no geometry';
	if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') {
		return `has a ${String(g.type)} geometry; expected Polygon or MultiPolygon`;
	}
	const polygons = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as unknown;
	if (!Array.isArray(polygons) || polygons.length === 0) return `has a ${g.type} without coordinates`;
	for (const rings of polygons) {
		if (!Array.isArray(rings) || rings.length === 0) return 'has a polygon without rings';
		for (const ring of rings) {
			if (!Array.isArray(ring) || ring.length < 4) return 'has a ring with fewer than 4 positions';
			for (const p of ring) {
				if (!Array.isArray(p) || typeof p[0] !== 'number' || typeof p[1] !== 'number') {
					return `has a position that is not [longitude, latitude]: ${JSON.stringify(p)}`;
				}
				if (!(Math.abs(p[0]) <= 180 && Math.abs(p[1]) <= 90)) {
					return `has coordinates that are not WGS84 degrees: [${p[0]}, ${p[1]}] (projected metres?)`;
				}
			}
			const [first, last] = [ring[0] as number[], ring[ring.length - 1] as number[]];
			if (first[0] !== last[0] || first[1] !== last[1]) return 'has a ring that is not closed';
		}
	}
	return undefined;
}

/** Parses and checks every feature; returns the areas to insert, or every problem found. */
function readFeatures(options: LoadAreasOptions, db: Db): { areas: AreaInput[]; problems: string[] } {
	const { geography, nameProperty, codeProperty, typeOf, officialNames } = options;
	let doc: unknown;
	try {
		doc = JSON.parse(options.geojsonText);
	} catch (e) {
		return { areas: [], problems: [`not valid JSON: ${(e as Error).message}`] };
	}
	if (!isRecord(doc) || doc.type !== 'FeatureCollection' || !Array.isArray(doc.features)) {
		const found = isRecord(doc) ? `type ${JSON.stringify(doc.type)}` : 'not an object';
		return { areas: [], problems: [`not a GeoJSON FeatureCollection (${found})`] };
	}
	if (doc.features.length === 0) return { areas: [], problems: ['the FeatureCollection has no features'] };

	const problems: string[] = [];
	const areas: AreaInput[] = [];
	const byCode = new Map<string, number>();
	const byKey = new Map<string, { index: number; name: string }>();
	const existing = listAreas(db, geography);
	doc.features.forEach((feature: unknown, i: number) => {
		const at = `features[${i}]`;
		if (!isRecord(feature) || feature.type !== 'Feature') return void problems.push(`${at}: not a GeoJSON Feature`);
		const props = isRecord(feature.properties) ? feature.properties : {};
		const code = textOf(props, codeProperty);
		const fileName = textOf(props, nameProperty);
		const label = `${at}${code ? ` (code ${JSON.stringify(code)})` : ''}`;
		if (!code) problems.push(`${at}: missing code property "${codeProperty}"`);
		if (!fileName) problems.push(`${label}: missing name property "${nameProperty}"`);
		const geometryIssue = geometryProblem(feature.geometry);
		if (geometryIssue) problems.push(`${label}: ${geometryIssue}`);
		if (!code || !fileName) return;

		const official = officialNames?.get(code);
		if (officialNames && !official) problems.push(`${label}: code is not in the official names list`);
		const name = official?.name ?? fileName;
		const key = nameKey(name);
		if (key === '') return void problems.push(`${label}: name ${JSON.stringify(name)} has no letters or digits`);
		const type = official?.type ?? typeOf?.(props) ?? 'area';

		const sameCode = byCode.get(code);
		if (sameCode !== undefined) problems.push(`${label}: duplicate code (also features[${sameCode}])`);
		else byCode.set(code, i);
		const sameKey = byKey.get(key);
		if (sameKey) {
			problems.push(
				`${label}: name ${JSON.stringify(name)} duplicates the name of features[${sameKey.index}] ` +
					`${JSON.stringify(sameKey.name)} (names are compared ignoring case, accents and punctuation)`
			);
		} else byKey.set(key, { index: i, name });
		const clash = existing.find((a) => a.code === code || a.nameKey === key);
		if (clash) {
			problems.push(`${label}: geography "${geography}" already has ${JSON.stringify(clash.name)} (code ${clash.code})`);
		}
		if (!geometryIssue) {
			const geometry = rewindForD3(feature.geometry as unknown as PolygonalGeometry);
			areas.push({ code, name, nameKey: key, type, geometry });
		}
	});
	for (const code of officialNames?.keys() ?? []) {
		if (!byCode.has(code)) problems.push(`official names list: code ${JSON.stringify(code)} has no feature in the file`);
	}
	return { areas, problems };
}

/**
 * Loads a GeoJSON FeatureCollection of areas into one geography, atomically: every feature is
 * checked first (a FeatureCollection, a code and a name on each feature, Polygon or MultiPolygon
 * geometry in WGS84 degrees, no duplicate code, no two names with the same `nameKey`, nothing
 * already in the geography), rings are rewound for d3-geo, then all areas are inserted in one
 * transaction. If anything is wrong nothing is inserted and an `AreasValidationError` lists every
 * problem, naming the feature by its index (`features[3] (code "MN"): …`).
 *
 * @example
 * loadAreasGeoJson(db, { geography: 'essex', geojsonText, nameProperty: 'LAD13NM', codeProperty: 'LAD13CD',
 *   typeOf: () => 'district' }) // { inserted: 14 }
 */
export function loadAreasGeoJson(db: Db, options: LoadAreasOptions): LoadAreasResult {
	return db.transaction(() => {
		const { areas, problems } = readFeatures(options, db);
		if (problems.length > 0) throw new AreasValidationError(`Areas GeoJSON for "${options.geography}"`, problems);
		insertAreas(db, options.geography, areas);
		return { inserted: areas.length };
	})();
}

const MONTREAL_GEOJSON = new URL('../fixtures/montreal/limadmin.geojson', import.meta.url);
const MONTREAL_NAMES = new URL('../fixtures/montreal/areas.csv', import.meta.url);

/** Reads an official names CSV (`code,name,type`, every cell kept as a string). */
export function readOfficialNames(csvText: string, source = 'official names CSV'): Map<string, OfficialName> {
	const { records, issues } = parseCsvText(csvText.replace(/^\uFEFF/, ''));
	const problems = issues.map((e) => `line ${e.line}: ${e.code}`);
	const names = new Map<string, OfficialName>();
	const [head, ...rows] = records.filter((r) => !r.blank);
	const at = (h: string) => head?.cells.indexOf(h) ?? -1;
	rows.forEach(({ cells, line }) => {
		const row = { code: cells[at('code')], name: cells[at('name')], type: cells[at('type')] };
		const [code, name, type] = [row.code?.trim(), row.name?.trim(), row.type?.trim()];
		if (!code || !name || !type) problems.push(`line ${line}: expected code, name and type, found ${JSON.stringify(cells)}`);
		else if (names.has(code)) problems.push(`line ${line}: duplicate code ${JSON.stringify(code)}`);
		else names.set(code, { name, type });
	});
	if (problems.length > 0) throw new AreasValidationError(source, problems);
	return names;
}

/**
 * Loads Montreal's 34 agglomeration areas (19 boroughs, 15 related cities) from the bundled
 * Ville de Montréal file, under their official names (en dashes, see fixtures/README.md), as
 * geography `montreal`. Idempotent: does nothing when the geography already has areas. The check
 * and the insert share one immediate transaction, so two processes starting together load once.
 */
export function loadMontrealAreas(db: Db): LoadAreasResult {
	const geojsonText = readFileSync(MONTREAL_GEOJSON, 'utf8');
	const officialNames = readOfficialNames(readFileSync(MONTREAL_NAMES, 'utf8'), 'fixtures/montreal/areas.csv');
	return db
		.transaction((): LoadAreasResult => {
			if (countAreas(db, 'montreal') > 0) return { inserted: 0 };
			return loadAreasGeoJson(db, {
				geography: 'montreal',
				geojsonText,
				nameProperty: 'NOM',
				codeProperty: 'ABREV',
				typeOf: (props) => (props.TYPE === 'Arrondissement' ? 'borough' : 'related_city'),
				officialNames
			});
		})
		.immediate();
}
