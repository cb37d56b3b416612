/**
 * Map layers for viewers: participatory-mapping and incident points only as
 * hexagon aggregates of at least `count.minPoints` points, audit sites as points with their
 * scores (places, not people; never the free-text findings). GeoJSON FeatureCollections, rings
 * wound clockwise as d3-geo wants.
 */
import type { Db } from '../../../../db/connection';
import { listAreaGeometries } from '../../../../db/areas';
import { readWalkAuditSites } from '../../../../db/walk-audit';
import { areaColumn, readIncidentColumns } from '../../../../db/incidents';
import { readParticipatoryPoints } from '../../../../db/participatory-map';
import { hexbin } from '../../engine/hexagons';
import { visibleCategoryHexagons, visibleHexagons, type HexagonCell } from '../../engine/point-tables';
import { datasetsOfWave } from '../indicators/diagnostics';
import { loadRules } from '../settings/rules';
import { cached } from '../cache/cache';
import { DEFAULT_GEOGRAPHY } from '../../../../domain/words';

export type LayerKind = 'mapping' | 'incidents' | 'audit';
export const LAYER_KINDS: readonly LayerKind[] = ['mapping', 'incidents', 'audit'];

/** The centre of a geography's areas' bounding box: the hexagon grid's anchor, so cells stay put. */
function centreOf(db: Db, geography: string): [number, number] | undefined {
	let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
	for (const a of listAreaGeometries(db, geography)) {
		const rings = a.geometry.type === 'Polygon' ? a.geometry.coordinates : a.geometry.coordinates.flat();
		for (const ring of rings) for (const [x, y] of ring as [number, number][]) {
			minX = Math.min(minX, x); maxX = Math.max(maxX, x); minY = Math.min(minY, y); maxY = Math.max(maxY, y);
		}
	}
	return Number.isFinite(minX) ? [(minX + maxX) / 2, (minY + maxY) / 2] : undefined;
}

export interface LayerRequest {
	kind: LayerKind;
	wave?: string;
	/** Hexagon size, centre to vertex, in metres. */
	size: number;
	/** Incidents: only this category (never a set of them: see visibleCategoryHexagons). */
	category?: string;
}

/**
 * One layer as a GeoJSON FeatureCollection with what it shows. The same for every reader (only
 * aggregates reach anyone), so kept once per request and rules until the data change: protecting
 * the hexagon × category table of a year of incidents takes a few hundred milliseconds.
 */
export function buildLayer(db: Db, req: LayerRequest) {
	const minPoints = loadRules(db).count.minPoints;
	const params = { kind: req.kind, wave: req.wave ?? null, size: req.size, category: req.category ?? null, minPoints };
	return cached(db, { kind: 'map-layer', params, locale: null, audience: 'public' }, () => computeLayer(db, req, minPoints));
}

function computeLayer(db: Db, req: LayerRequest, minPoints: number) {
	if (req.kind === 'audit') {
		const { wave, datasets } = datasetsOfWave(db, 'audit', req.wave);
		const sites = readWalkAuditSites(db, datasets.map((d) => d.id)).filter((s) => s.lon !== null && s.lat !== null);
		return {
			layer: 'audit', wave, type: 'FeatureCollection',
			features: sites.map((s) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [s.lon, s.lat] },
				properties: { site_id: s.site_id, date: s.date, time_of_day: s.time_of_day, area: s.area, scores: s.scores } }))
		};
	}
	let lon: Float64Array, lat: Float64Array, unsafe: (i: number) => boolean, wave: string, geography: string;
	if (req.kind === 'mapping') {
		const found = datasetsOfWave(db, 'mapping', req.wave);
		wave = found.wave;
		geography = (found.datasets[0]!.mapping.geography as string | undefined) ?? DEFAULT_GEOGRAPHY;
		// Only points inside the geography, as for incidents: the areas' counts add up to exactly these.
		const points = readParticipatoryPoints(db, found.datasets.map((d) => d.id)).filter((p) => p.area !== null);
		lon = Float64Array.from(points, (p) => p.lon);
		lat = Float64Array.from(points, (p) => p.lat);
		unsafe = (i) => points[i]!.perception === 'unsafe';
	} else {
		const found = datasetsOfWave(db, 'incidents', req.wave);
		wave = found.wave;
		geography = (found.datasets[0]!.mapping.geographies as string[] | undefined)?.[0] ?? DEFAULT_GEOGRAPHY;
		const xs: number[] = [], ys: number[] = [], cs: number[] = [];
		const categories: string[] = [], categoryIndex = new Map<string, number>();
		for (const ds of found.datasets) {
			const cols = readIncidentColumns(db, ds.id, ['lon', 'lat', 'category', areaColumn(geography)], ds.rows);
			const [x, y, c, a] = [cols.get('lon')!.data, cols.get('lat')!.data, cols.get('category')!, cols.get(areaColumn(geography))];
			for (let i = 0; i < x.length; i++) {
				// Only incidents inside the geography: points elsewhere are not the city's to show.
				if (a && a.data[i]! < 0) continue;
				const name = c.data[i]! >= 0 ? c.levels![c.data[i]!]! : null;
				if (name !== null && !categoryIndex.has(name)) { categoryIndex.set(name, categories.length); categories.push(name); }
				xs.push(x[i]!); ys.push(y[i]!); cs.push(name === null ? -1 : categoryIndex.get(name)!);
			}
		}
		// Every category is binned, whatever the request: the hexagons of one category are protected
		// together with those of every other category and with the hexagons' totals (see visibleCategoryHexagons).
		const cells = hexbin(Float64Array.from(xs), Float64Array.from(ys), req.size, centreOf(db, geography));
		return layerOf(req, wave, geography, minPoints, visibleCategoryHexagons(cells, cs, categories, req.category ?? null, minPoints));
	}
	return layerOf(req, wave, geography, minPoints, visibleHexagons(hexbin(lon, lat, req.size, centreOf(db, geography)), unsafe, minPoints));
}

function layerOf(req: LayerRequest, wave: string, geography: string, minPoints: number, { hexagons, withheld }: { hexagons: HexagonCell[]; withheld: number }) {
	return {
		layer: req.kind, wave, geography, size_m: req.size, min_points: minPoints, withheld_hexagons: withheld, type: 'FeatureCollection',
		features: hexagons.map((h) => ({
			type: 'Feature', geometry: { type: 'Polygon', coordinates: [h.ring] },
			properties: { q: h.q, r: h.r, center: h.center, points: h.points, ...(req.kind === 'mapping' ? { unsafe: h.unsafe, unsafe_share: h.unsafe_share } : {}) }
		}))
	};
}
