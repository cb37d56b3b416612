/**
 * Can a reader work out a withheld map hexagon's count from the hexagons and the area counts
 * published beside them? `node bin/run-ts.js bench/hexagon-audit.ts [--db PATH] [--sizes 250,500,1000] [--examples N] [--no-screen]`
 *
 * Without `--db`, a fresh database with the demo data (Montréal's areas, synthetic incidents and
 * participatory-mapping points) is made in a temporary folder and removed at the end; with it,
 * that database is read (nothing is written to it; the product's cache lives in memory).
 *
 * What is published is taken from the product's own functions, as a viewer gets it:
 * - the hexagon layers (`buildLayer`: the map and /api/layers) for each public grid size: the
 *   participatory-mapping points (count and unsafe count per hexagon), the incidents of every
 *   category and of each one (the product offers no set of several categories: a hexagon shown
 *   for {A} but not for {A, B} would tell that its B cell is hidden and not empty);
 * - the counts of the same points by area (`computeDiagnostic` with suppression: the map's rates
 *   layer and area panel, /api/indicators and its CSV, the exports and `vigie diagnostic` all
 *   read it): incidents by area and by area × category (no rule applies to them: all
 *   published); mapping points and their unsafe share by area (small counts hidden with
 *   complements; a hidden count flagged `points_below_min` is known to be 1 to minPoints − 1),
 *   by area × category, age group and gender (lower bounds for a hidden area total), and for the
 *   whole geography.
 *
 * The reader's geometry: the grid rebuilt from the layer (checked against every published
 * centre), the areas' boundaries (`listAreaGeometries`, as /api/areas gives them), and which
 * areas each cell meets (bench/lib/hexagon-grid.ts). The reader's linear program and its bounds
 * per cell: bench/lib/hexagon-audit.ts (HiGHS). Three programs per grid size:
 * - mapping: points split into unsafe and other, every mapping table above;
 * - incidents, one layer: one layer (every category, or one) with the area counts of the same;
 * - incidents, all layers: every category at once, with the layer of every category, each
 *   category's layer, and the counts by area and by area × category; for reader B also without
 *   the area counts, to tell whether a disclosure needs them.
 *
 * Two readers: A takes the map's words ("N hexagons with fewer points are not shown") at face
 * value, so every unpublished cell holds 0 to minPoints − 1; B assumes only what the code
 * guarantees (a withheld incident hexagon may be a complement of any size; a withheld mapping
 * hexagon too when exactly two are withheld). B's bounds always hold; A's hold when no withheld
 * hexagon has minPoints or more ("bounds wrong" counts the cells whose true count falls outside,
 * "infeasible" the programs that no set of counts can satisfy).
 *
 * The true counts (to score the bounds, never given to the reader's program) are binned from the
 * stored points with the engine's `hexbin`, the points chosen as the layer chooses them; the
 * audit checks that they give back every published hexagon, and that every point's area is one
 * its cell meets (else the geometry would be wrong and the bounds with it). Every bound is also
 * written to bench/out/hexagon-audit.json.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import loadHighs, { type Highs } from 'highs';
import { openDb, type Db } from '../db/connection';
import { listAreaGeometries, type AreaWithGeometry } from '../db/areas';
import { areaColumn, readIncidentColumns } from '../db/incidents';
import { readParticipatoryPoints } from '../db/participatory-map';
import { loadMontrealAreas } from '../ingest/areas';
import { ensureDemoData } from '../app/lib/server/ingestion/demo';
import { buildLayer } from '../app/lib/server/views/map-layers';
import { computeDiagnostic, datasetsOfWave } from '../app/lib/server/indicators/diagnostics';
import { loadRules } from '../app/lib/server/settings/rules';
import { hexbin } from '../app/lib/engine/hexagons';
import type { DiagnosticRow } from '../app/lib/engine/types';
import { DEFAULT_GEOGRAPHY } from '../domain/words';
import { cellKey, cellsMeetingAreas, cellCentre, gridFrame, toLonLat, toPlane, cellOfPlanePoint, type GridCell, type GridFrame } from './lib/hexagon-grid';
import { disclosure, exactly, HexagonAudit, InfeasibleAuditError, integerBounds, laminar, UNBOUNDED, type AuditProblem, type Constraint, type Interval } from './lib/hexagon-audit';

const argv = process.argv.slice(2);
const arg = (name: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
const SIZES = (arg('--sizes') ?? '250,500,1000').split(',').map(Number);
const EXAMPLES = Number(arg('--examples') ?? 3);
/** Solve for every bound instead of settling most from the solutions already seen (a check of the screening: same bounds, more solves). */
const SCREEN = !argv.includes('--no-screen');

const line = (cells: (string | number)[]) => console.log(`| ${cells.map(String).join(' | ')} |`);
const started = performance.now();

// ---------------------------------------------------------------- the database
let tmp: string | null = null;
let dbPath = arg('--db');
if (!dbPath) {
	tmp = mkdtempSync(join(tmpdir(), 'vigie-hexagon-audit-'));
	dbPath = join(tmp, 'vigie.db');
}
const db: Db = openDb(dbPath);
if (tmp) {
	loadMontrealAreas(db);
	await ensureDemoData(db, dbPath, 'all');
}
const highs: Highs = await loadHighs();
const minPoints = loadRules(db).count.minPoints;
const SMALL = minPoints - 1;

// ---------------------------------------------------------------- what is true (for scoring only)
interface TruePoint { lon: number; lat: number; area: number; unsafe: boolean; category: number }
interface Source {
	geography: string; areas: AreaWithGeometry[]; points: TruePoint[];
	/** Incident categories, in the order of `TruePoint.category` (−1: none). */
	categories: string[];
}

const areaIndexByName = (areas: AreaWithGeometry[]) => new Map(areas.map((a, i) => [a.name, i]));

/** Mapping points as the layer takes them: those placed in an area of the dataset's geography. */
function mappingSource(): Source {
	const { datasets } = datasetsOfWave(db, 'mapping', undefined);
	const geography = (datasets[0]!.mapping.geography as string | undefined) ?? DEFAULT_GEOGRAPHY;
	const areas = listAreaGeometries(db, geography);
	const byName = areaIndexByName(areas);
	const points = readParticipatoryPoints(db, datasets.map((d) => d.id)).filter((p) => p.area !== null)
		.map((p) => ({ lon: p.lon, lat: p.lat, area: byName.get(p.area!)!, unsafe: p.perception === 'unsafe', category: -1 }));
	return { geography, areas, points, categories: [] };
}

/** Incidents as the layer takes them: placed in an area of the first geography (those without coordinates are in no hexagon). */
function incidentSource(): Source & { placedWithoutPoint: number } {
	const { datasets } = datasetsOfWave(db, 'incidents', undefined);
	const geography = (datasets[0]!.mapping.geographies as string[] | undefined)?.[0] ?? DEFAULT_GEOGRAPHY;
	const areas = listAreaGeometries(db, geography);
	const byId = new Map(areas.map((a, i) => [a.id, i]));
	const categories: string[] = [], catIndex = new Map<string, number>();
	const points: TruePoint[] = [];
	let placedWithoutPoint = 0;
	for (const ds of datasets) {
		const cols = readIncidentColumns(db, ds.id, ['lon', 'lat', 'category', areaColumn(geography)], ds.rows);
		const [x, y, c, a] = [cols.get('lon')!.data, cols.get('lat')!.data, cols.get('category')!, cols.get(areaColumn(geography))!.data];
		for (let i = 0; i < x.length; i++) {
			if (a[i]! < 0) continue;
			if (!Number.isFinite(x[i]!) || !Number.isFinite(y[i]!)) { placedWithoutPoint++; continue; }
			const name = c.data[i]! >= 0 ? c.levels![c.data[i]!]! : null;
			if (name !== null && !catIndex.has(name)) { catIndex.set(name, categories.length); categories.push(name); }
			points.push({ lon: x[i]!, lat: y[i]!, area: byId.get(a[i]!)!, unsafe: false, category: name === null ? -1 : catIndex.get(name)! });
		}
	}
	// In the layers' order, so that the parts of the reader's program are named in it.
	const order = [...categories].sort((p, q) => p.localeCompare(q, 'fr'));
	const remap = categories.map((c) => order.indexOf(c));
	for (const p of points) if (p.category >= 0) p.category = remap[p.category]!;
	return { geography, areas, points, categories: order, placedWithoutPoint };
}

/** The grid's anchor as the layer computes it: the centre of the areas' bounding box. */
function originOf(areas: AreaWithGeometry[]): [number, number] {
	let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
	for (const a of areas) for (const ring of a.geometry.type === 'Polygon' ? a.geometry.coordinates : a.geometry.coordinates.flat())
		for (const [x, y] of ring) { minX = Math.min(minX, x!); maxX = Math.max(maxX, x!); minY = Math.min(minY, y!); maxY = Math.max(maxY, y!); }
	return [(minX + maxX) / 2, (minY + maxY) / 2];
}

/** Each cell's true counts by part (mapping: [unsafe, other]; incidents: by category, then those without one). */
function trueCounts(source: Source, origin: [number, number], size: number, parts: number, partOf: (p: TruePoint) => number): Map<string, number[]> {
	const out = new Map<string, number[]>();
	const pts = source.points;
	for (const h of hexbin(Float64Array.from(pts, (p) => p.lon), Float64Array.from(pts, (p) => p.lat), size, origin)) {
		const t = new Array<number>(parts).fill(0);
		for (const i of h.points) t[partOf(pts[i]!)]!++;
		out.set(cellKey(h.q, h.r), t);
	}
	return out;
}

// ---------------------------------------------------------------- what is published
interface LayerCell { q: number; r: number; points: number; unsafe: number; center: [number, number] }
interface PublishedLayer { cells: Map<string, LayerCell>; withheld: number }

function publishedLayer(kind: 'mapping' | 'incidents', size: number, category?: string): PublishedLayer {
	const layer = buildLayer(db, { kind, size, category }) as unknown as {
		withheld_hexagons: number; features: { properties: { q: number; r: number; points: number; unsafe?: number; center: [number, number] } }[] };
	const cells = new Map<string, LayerCell>();
	for (const f of layer.features) {
		const p = f.properties;
		cells.set(cellKey(p.q, p.r), { q: p.q, r: p.r, points: p.points, unsafe: p.unsafe ?? 0, center: p.center });
	}
	return { cells, withheld: layer.withheld_hexagons };
}

const rowsOf = (indicator: string, by: ('borough' | 'category' | 'age_group' | 'gender')[], geography: string): DiagnosticRow[] =>
	computeDiagnostic(db, { indicator, by, geography, suppress: true }).rows;

/** Incidents by area, of every category (null) or of one: no rule applies, every count is published. */
function incidentAreaCounts(source: Source, category: string | null): Interval[] {
	const index = areaIndexByName(source.areas);
	const out: Interval[] = source.areas.map(() => UNBOUNDED);
	for (const r of rowsOf('incident_count', category === null ? ['borough'] : ['borough', 'category'], source.geography)) {
		if (category !== null && r.domain.category !== category) continue;
		const i = index.get(r.domain.borough!);
		if (i !== undefined && r.reliability !== 'suppressed' && r.n !== null) out[i] = exactly(r.n);
	}
	return out;
}

/**
 * Mapping points and unsafe points by area as a viewer reads them: a published count exactly
 * (unsafe = n × share); a hidden one flagged below the minimum between 1 and minPoints − 1; any
 * hidden one at least the sum of its published parts by category, age group and gender (plus one
 * per part flagged below the minimum). Parts cannot bound it from above: points lacking the
 * variable are in no part, and viewers are not told how many. The whole geography's count takes
 * in points outside every area too: it bounds the cells' sum from above only.
 */
function mappingAreaCounts(source: Source): { points: Interval[]; unsafe: Interval[]; total: { points: Interval; unsafe: Interval } } {
	const index = areaIndexByName(source.areas);
	const points: Interval[] = source.areas.map(() => ({ ...UNBOUNDED })), unsafe: Interval[] = source.areas.map(() => ({ ...UNBOUNDED }));
	const unsafeOf = (r: DiagnosticRow) => (r.n === 0 ? 0 : Math.round(r.n! * r.estimate!));
	for (const r of rowsOf('mapping_points', ['borough'], source.geography)) {
		const i = index.get(r.domain.borough!)!;
		if (r.reliability !== 'suppressed') points[i] = exactly(r.n!);
		else if (r.flags.includes('points_below_min')) points[i] = { lower: 1, upper: SMALL };
	}
	for (const r of rowsOf('mapping_unsafe_share', ['borough'], source.geography)) if (r.reliability !== 'suppressed') unsafe[index.get(r.domain.borough!)!] = exactly(unsafeOf(r));
	for (const v of ['category', 'age_group', 'gender'] as const) {
		const sums = new Map<number, { points: number; unsafe: number }>();
		const shares = new Map(rowsOf('mapping_unsafe_share', ['borough', v], source.geography).map((r) => [`${r.domain.borough}|${r.domain[v]}`, r]));
		for (const r of rowsOf('mapping_points', ['borough', v], source.geography)) {
			const i = index.get(r.domain.borough!)!;
			const s = sums.get(i) ?? { points: 0, unsafe: 0 };
			if (r.reliability !== 'suppressed') {
				s.points += r.n!;
				const share = shares.get(`${r.domain.borough}|${r.domain[v]}`);
				if (share && share.reliability !== 'suppressed') s.unsafe += unsafeOf(share);
			} else if (r.flags.includes('points_below_min')) s.points += 1;
			sums.set(i, s);
		}
		for (const [i, s] of sums) {
			if (points[i]!.lower < points[i]!.upper) points[i]!.lower = Math.max(points[i]!.lower, s.points);
			if (unsafe[i]!.lower < unsafe[i]!.upper) unsafe[i]!.lower = Math.max(unsafe[i]!.lower, s.unsafe);
		}
	}
	const city = rowsOf('mapping_points', [], source.geography)[0]!;
	const cityShare = rowsOf('mapping_unsafe_share', [], source.geography)[0]!;
	return { points, unsafe, total: {
		points: { lower: 0, upper: city.reliability === 'suppressed' ? Infinity : city.n! },
		unsafe: { lower: 0, upper: cityShare.reliability === 'suppressed' ? Infinity : unsafeOf(cityShare) } } };
}

// ---------------------------------------------------------------- auditing one program
type Reader = 'A' | 'B';
interface Target { cell: number; parts: number[]; truth: number }
/** One row of the tables: a set of targets (withheld hexagons of one layer) bounded with one program. */
interface Row {
	model: string; layer: string; size: number; reader: Reader;
	cells: number; published: number; withheld: number;
	small: number; exact: number; nonEmpty: number; narrow: number; tighter: number; large: number; largeExact: number; wrong: number;
	infeasible: boolean; laminar: boolean; cols: number; rows: number; solves: number; ms: number;
}
interface Bound { model: string; layer: string; size: number; reader: Reader; q: number; r: number; areas: string[]; truth: number; lower: number; upper: number }

const rows: Row[] = [];
const bounds: Bound[] = [];

function audit(opts: { model: string; size: number; reader: Reader; source: Source; problem: AuditProblem; keys: string[]; grid: Map<string, GridCell>;
	layers: { layer: string; published: PublishedLayer; targets: Target[] }[] }): void {
	const lam = laminar(opts.problem);
	const t0 = performance.now();
	const lp = new HexagonAudit(highs, opts.problem, { screen: SCREEN });
	try {
		const feasible = lp.feasible();
		for (const l of opts.layers) {
			const row: Row = { model: opts.model, layer: l.layer, size: opts.size, reader: opts.reader, cells: opts.keys.length, published: l.published.cells.size,
				withheld: l.published.withheld, small: 0, exact: 0, nonEmpty: 0, narrow: 0, tighter: 0, large: 0, largeExact: 0, wrong: 0,
				infeasible: !feasible, laminar: lam, cols: lp.numCols, rows: lp.numRows, solves: 0, ms: 0 };
			const s0 = lp.solves, l0 = performance.now();
			for (const t of l.targets) {
				if (t.truth < minPoints) row.small++; else row.large++;
				if (!feasible) continue;
				let b: Interval;
				try {
					b = integerBounds(lp.bounds(t.cell, t.parts));
				} catch (err) {
					if (!(err instanceof InfeasibleAuditError)) throw err;
					row.infeasible = true;
					continue;
				}
				const d = disclosure(b, t.truth, SMALL);
				if (t.truth < minPoints) {
					if (d.exact) row.exact++;
					if (d.nonEmpty) row.nonEmpty++;
					if (d.narrow) row.narrow++;
					if (d.tighter) row.tighter++;
				} else if (d.exact) row.largeExact++;
				if (d.wrong) row.wrong++;
				const c = opts.grid.get(opts.keys[t.cell]!)!;
				bounds.push({ model: opts.model, layer: l.layer, size: opts.size, reader: opts.reader, q: c.q, r: c.r,
					areas: c.areas.map((a) => opts.source.areas[a]!.name), truth: t.truth, lower: b.lower, upper: b.upper });
			}
			row.solves = lp.solves - s0;
			row.ms = performance.now() - l0;
			rows.push(row);
		}
	} finally {
		lp.dispose();
	}
	process.stderr.write(`${opts.model} ${opts.size} m reader ${opts.reader}: ${lp.solves} solves, ${(performance.now() - t0).toFixed(0)} ms\n`);
}

// ---------------------------------------------------------------- checks on the reader's picture
const checks = { centres: 0, centreMismatch: 0, publishedOffGrid: 0, truthMismatch: 0, pointsOutsideCellAreas: 0 };

/** That the reader's grid is the engine's, every true point's area is among its cell's, and each layer gives back the true counts. */
function check(frame: GridFrame, grid: Map<string, GridCell>, source: Source, origin: [number, number], size: number): void {
	const pts = source.points;
	for (const h of hexbin(Float64Array.from(pts, (p) => p.lon), Float64Array.from(pts, (p) => p.lat), size, origin)) {
		const cell = grid.get(cellKey(h.q, h.r));
		for (const i of h.points) {
			const [q, r] = cellOfPlanePoint(frame, ...toPlane(frame, pts[i]!.lon, pts[i]!.lat));
			if (q !== h.q || r !== h.r || !cell || !cell.areas.includes(pts[i]!.area)) checks.pointsOutsideCellAreas++;
		}
	}
}
function checkLayer(frame: GridFrame, grid: Map<string, GridCell>, published: PublishedLayer, truthOf: (key: string) => number, unsafeOf?: (key: string) => number): void {
	for (const [k, p] of published.cells) {
		checks.centres++;
		const [lon, lat] = toLonLat(frame, ...cellCentre(frame, p.q, p.r));
		if (Math.abs(lon - p.center[0]) > 1e-9 || Math.abs(lat - p.center[1]) > 1e-9) checks.centreMismatch++;
		if (!grid.has(k)) checks.publishedOffGrid++;
		if (truthOf(k) !== p.points || (unsafeOf && unsafeOf(k) !== p.unsafe)) checks.truthMismatch++;
	}
}

/** The largest true count of a withheld hexagon, by layer and size (reader A takes it to be below minPoints). */
const largest = new Map<string, number>();

// ---------------------------------------------------------------- run
const mapping = mappingSource();
const incidents = incidentSource();
const K = incidents.categories.length;
const hasNone = incidents.points.some((p) => p.category < 0);
const partOfIncident = (p: TruePoint) => (p.category < 0 ? K : p.category);
console.log(`\n## Hexagon audit: withheld map hexagons against the published counts by area — ${new Date().toISOString()}, node ${process.version}, HiGHS ${highs.version.string}\n`);
console.log(`Database: ${tmp ? 'the demo data, made afresh' : dbPath}; minPoints ${minPoints}; mapping: ${mapping.points.length} points in ${mapping.areas.length} areas of ${mapping.geography}; ` +
	`incidents: ${incidents.points.length} with coordinates in ${incidents.areas.length} areas of ${incidents.geography} (${incidents.placedWithoutPoint} placed in an area without coordinates; ` +
	`${incidents.points.filter((p) => p.category < 0).length} without a category); categories: ${incidents.categories.join(', ')}.`);
if (incidents.placedWithoutPoint > 0)
	console.log('NOTE: some incidents are counted in an area but in no hexagon: the area equalities below then overstate what a reader knows.');
const mappingAreas = mappingAreaCounts(mapping);
const hidden = mappingAreas.points.map((iv, i) => ({ iv, name: mapping.areas[i]!.name })).filter((a) => a.iv.lower !== a.iv.upper);
console.log(`Mapping points by area: ${mapping.areas.length - hidden.length} published, ${hidden.length} hidden (${hidden.map((a) => `${a.name} ${a.iv.lower}..${a.iv.upper}`).join('; ')}).`);
const incidentAreas = { all: incidentAreaCounts(incidents, null), byCategory: incidents.categories.map((c) => incidentAreaCounts(incidents, c)) };

const cellConstraint = (index: number, parts: number[], range: Interval): Constraint => ({ on: 'cell', index, parts, range });
const allIncidentParts = Array.from({ length: K + (hasNone ? 1 : 0) }, (_, k) => k);

for (const size of SIZES) {
	// ---- participatory mapping: parts [unsafe, other]
	{
		const origin = originOf(mapping.areas), frame = gridFrame(origin, size);
		const grid = cellsMeetingAreas(frame, mapping.areas.map((a) => a.geometry));
		const keys = [...grid.keys()];
		check(frame, grid, mapping, origin, size);
		const truth = trueCounts(mapping, origin, size, 2, (p) => (p.unsafe ? 0 : 1));
		const layer = publishedLayer('mapping', size);
		checkLayer(frame, grid, layer, (k) => (truth.get(k) ?? [0, 0]).reduce((a, b) => a + b, 0), (k) => truth.get(k)?.[0] ?? 0);
		let big = 0;
		const pointsTargets: Target[] = [], unsafeTargets: Target[] = [];
		keys.forEach((k, i) => {
			const t = truth.get(k);
			if (!t || layer.cells.has(k) || t[0]! + t[1]! === 0) return;
			big = Math.max(big, t[0]! + t[1]!);
			pointsTargets.push({ cell: i, parts: [0, 1], truth: t[0]! + t[1]! });
			if (t[0]! > 0) unsafeTargets.push({ cell: i, parts: [0], truth: t[0]! });
		});
		largest.set(`mapping|${size}`, big);
		for (const reader of ['A', 'B'] as const) {
			// A mapping hexagon of minPoints or more is withheld only beside a single small one: two withheld.
			const upper = reader === 'A' || layer.withheld !== 2 ? SMALL : Infinity;
			const constraints: Constraint[] = [];
			keys.forEach((k, i) => {
				const p = layer.cells.get(k);
				if (p) constraints.push(cellConstraint(i, [0, 1], exactly(p.points)), cellConstraint(i, [0], exactly(p.unsafe)));
				else constraints.push(cellConstraint(i, [0, 1], { lower: 0, upper }));
			});
			mappingAreas.points.forEach((range, a) => constraints.push({ on: 'area', index: a, parts: [0, 1], range }));
			mappingAreas.unsafe.forEach((range, a) => constraints.push({ on: 'area', index: a, parts: [0], range }));
			constraints.push({ on: 'total', parts: [0, 1], range: mappingAreas.total.points }, { on: 'total', parts: [0], range: mappingAreas.total.unsafe });
			audit({ model: 'mapping', size, reader, source: mapping, keys, grid,
				problem: { parts: ['unsafe', 'other'], cells: keys.map((k) => ({ key: k, areas: grid.get(k)!.areas })), areas: mapping.areas, constraints },
				layers: [{ layer: 'mapping: points', published: layer, targets: pointsTargets }, { layer: 'mapping: unsafe points', published: layer, targets: unsafeTargets }] });
		}
	}
	// ---- incidents
	{
		const origin = originOf(incidents.areas), frame = gridFrame(origin, size);
		const grid = cellsMeetingAreas(frame, incidents.areas.map((a) => a.geometry));
		const keys = [...grid.keys()];
		const cells = keys.map((k) => ({ key: k, areas: grid.get(k)!.areas }));
		check(frame, grid, incidents, origin, size);
		const truth = trueCounts(incidents, origin, size, allIncidentParts.length, partOfIncident);
		const truthOf = (k: string, parts: number[]) => parts.reduce((sum, p) => sum + (truth.get(k)?.[p] ?? 0), 0);
		const all = publishedLayer('incidents', size);
		checkLayer(frame, grid, all, (k) => truthOf(k, allIncidentParts));
		const single = incidents.categories.map((c, k) => {
			const l = publishedLayer('incidents', size, c);
			checkLayer(frame, grid, l, (key) => truthOf(key, [k]));
			return l;
		});
		/** Withheld cells of a layer (true count ≥ 1, not shown), as targets over these parts. */
		const targetsOf = (layer: PublishedLayer, parts: number[], name: string): Target[] => {
			let big = 0;
			const out = keys.flatMap((k, i) => {
				const n = truthOf(k, parts);
				if (n === 0 || layer.cells.has(k)) return [];
				big = Math.max(big, n);
				return [{ cell: i, parts, truth: n }];
			});
			largest.set(`${name}|${size}`, big);
			return out;
		};
		const layers = [{ name: 'incidents: every category', layer: all, parts: allIncidentParts, areaCounts: incidentAreas.all },
			...incidents.categories.map((c, k) => ({ name: `incidents: ${c}`, layer: single[k]!, parts: [k], areaCounts: incidentAreas.byCategory[k]! }))];
		const targets = layers.map((l) => targetsOf(l.layer, l.parts, l.name));

		for (const reader of ['A', 'B'] as const) {
			const upper = reader === 'A' ? SMALL : Infinity;
			// One layer at a time: a single part, the layer's hexagons and the area counts of the same points.
			layers.forEach((l, j) => {
				const constraints: Constraint[] = [];
				keys.forEach((k, i) => {
					const p = l.layer.cells.get(k);
					constraints.push(cellConstraint(i, [0], p ? exactly(p.points) : { lower: 0, upper }));
				});
				l.areaCounts.forEach((range, a) => constraints.push({ on: 'area', index: a, parts: [0], range }));
				audit({ model: 'incidents, one layer', size, reader, source: incidents, keys, grid,
					problem: { parts: ['points'], cells, areas: incidents.areas, constraints },
					layers: [{ layer: l.name, published: l.layer, targets: targets[j]!.map((t) => ({ ...t, parts: [0] })) }] });
			});
			// Every layer at once; for reader B also without the area counts, to tell whether a disclosure needs them.
			const variants = reader === 'A' ? [{ model: 'incidents, all layers', areas: true }]
				: [{ model: 'incidents, all layers', areas: true }, { model: 'incidents, all layers, no area counts', areas: false }];
			for (const v of variants) {
				const constraints: Constraint[] = [];
				layers.forEach((l) => keys.forEach((k, i) => {
					const p = l.layer.cells.get(k);
					if (p) constraints.push(cellConstraint(i, l.parts, exactly(p.points)));
					else if (upper < Infinity) constraints.push(cellConstraint(i, l.parts, { lower: 0, upper }));
				}));
				if (v.areas) layers.forEach((l) => l.areaCounts.forEach((range, a) => constraints.push({ on: 'area', index: a, parts: l.parts, range })));
				audit({ model: v.model, size, reader, source: incidents, keys, grid,
					problem: { parts: [...incidents.categories, ...(hasNone ? ['(none)'] : [])], cells, areas: incidents.areas, constraints },
					layers: layers.map((l, j) => ({ layer: l.name, published: l.layer, targets: targets[j]! })) });
			}
		}
	}
}

// ---------------------------------------------------------------- report
console.log(`\nChecks: ${checks.centres} published hexagon centres on the rebuilt grid (${checks.centreMismatch} off by more than 1e-9°, ${checks.publishedOffGrid} in no cell meeting an area); ` +
	`published counts against the true ones: ${checks.truthMismatch} differ; points whose area is not among their cell's areas: ${checks.pointsOutsideCellAreas}. ` +
	`Programs whose bounds are the integer bounds (laminar): ${rows.filter((r) => r.laminar).length} of ${rows.length} rows.`);

const header = ['program', 'layer', 'size m', 'published', 'withheld (as published)', `withheld, 1–${SMALL} (true)`, 'exactly disclosed', 'not empty (lower ≥ 1)', 'width ≤ 1',
	`tighter than 0–${SMALL}`, `withheld, ≥ ${minPoints} (true)`, 'of which exact', 'bounds wrong', 'LP cols × rows', 'solves', 'ms'];
for (const reader of ['A', 'B'] as const) {
	console.log(reader === 'A'
		? `\n### Reader A: every unpublished cell holds 0 to ${SMALL} points (the map's words)\n`
		: '\n### Reader B: only what the code guarantees (a withheld hexagon may be a complement of any size where the rules allow one)\n');
	line(header);
	line(header.map(() => '---'));
	for (const r of rows.filter((x) => x.reader === reader)) {
		const v = (n: number) => (r.infeasible ? '—' : n);
		line([r.model, r.layer, r.size, r.published, r.withheld, r.small, r.infeasible ? 'infeasible' : r.exact, v(r.nonEmpty), v(r.narrow), v(r.tighter),
			r.large, v(r.largeExact), v(r.wrong), `${r.cols} × ${r.rows}`, r.solves, r.ms.toFixed(0)]);
	}
}

console.log(`\n### The largest true count among withheld hexagons (reader A takes every one to be below ${minPoints})\n`);
line(['layer', ...SIZES.map((s) => `${s} m`)]);
line(['---', ...SIZES.map(() => '---')]);
for (const name of [...new Set([...largest.keys()].map((k) => k.split('|')[0]!))]) line([name, ...SIZES.map((s) => largest.get(`${name}|${s}`) ?? '—')]);

if (EXAMPLES > 0) {
	console.log(`\n### Examples (reader B, whose bounds always hold; up to ${EXAMPLES} of each kind, one per layer and size)\n`);
	const fmt = (b: Bound) => `${b.model}, ${b.layer}, ${b.size} m, hexagon q=${b.q} r=${b.r} in ${b.areas.join(' + ')}: true ${b.truth}, bounds ${b.lower}..${Number.isFinite(b.upper) ? b.upper : '∞'}`;
	const kinds: [string, (b: Bound) => boolean][] = [
		['exactly disclosed', (b) => b.lower === b.upper],
		['not empty', (b) => b.lower >= 1 && b.lower < b.upper],
		['width ≤ 1', (b) => b.upper - b.lower === 1]
	];
	for (const [kind, test] of kinds) {
		const seen = new Set<string>();
		const picked = bounds.filter((b) => b.reader === 'B' && b.truth < minPoints && test(b)).filter((b) => {
			const k = `${b.model}|${b.layer}|${b.size}`;
			if (seen.has(k)) return false;
			seen.add(k);
			return true;
		}).slice(0, EXAMPLES);
		console.log(`${kind}: ${picked.length ? '' : 'none'}`);
		for (const b of picked) console.log(`- ${fmt(b)}`);
	}
}

mkdirSync('bench/out', { recursive: true });
writeFileSync('bench/out/hexagon-audit.json', JSON.stringify({ date: new Date().toISOString(), minPoints, screen: SCREEN, checks, rows, bounds }, null, 1));
console.log(`\nRun time: ${((performance.now() - started) / 1000).toFixed(1)} s (including ${tmp ? 'making the demo database' : 'reading the database'}); every bound in bench/out/hexagon-audit.json.`);
db.close();
if (tmp) rmSync(tmp, { recursive: true, force: true });
