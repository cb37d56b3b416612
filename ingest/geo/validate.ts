/**
 * What can be wrong with a polygon an analyst uploads, checked before anything is stored: a
 * geometry that is not a (Multi)Polygon, rings that are too short or not closed, positions that are
 * not two finite numbers, coordinates that are not WGS84 degrees (projected metres), and rings that
 * cross themselves or each other. Each problem is a code with parameters (ingest never renders a
 * message); the caller adds the feature it belongs to.
 */
import type { Position } from './rewind';

export interface GeometryProblem {
	code:
		| 'geo_no_geometry'
		| 'geo_geometry_type'
		| 'geo_no_coordinates'
		| 'geo_ring_too_short'
		| 'geo_ring_not_closed'
		| 'geo_coordinate_invalid'
		| 'geo_not_wgs84'
		| 'geo_self_intersection';
	params: Record<string, string | number>;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Where a ring is, for the report: "polygon 2, ring 1" is the first hole of the second polygon. */
const ringLabel = (polygon: number, ring: number) => `${polygon + 1}.${ring}`;

/**
 * Every structural problem of a geometry (the first per ring), or an empty list when it is a usable
 * WGS84 Polygon or MultiPolygon. Crossings are only looked for once the structure is sound.
 *
 * @example
 * geometryProblems({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1]]] })
 * // [{ code: 'geo_ring_too_short', params: { ring: '1.0', positions: 3 } }]
 */
export function geometryProblems(g: unknown): GeometryProblem[] {
	if (!isRecord(g)) return [{ code: 'geo_no_geometry', params: {} }];
	if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') return [{ code: 'geo_geometry_type', params: { type: String(g.type) } }];
	const polygons = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as unknown;
	if (!Array.isArray(polygons) || polygons.length === 0) return [{ code: 'geo_no_coordinates', params: {} }];
	const problems: GeometryProblem[] = [];
	polygons.forEach((rings: unknown, p) => {
		if (!Array.isArray(rings) || rings.length === 0) return void problems.push({ code: 'geo_no_coordinates', params: { ring: ringLabel(p, 0) } });
		rings.forEach((ring: unknown, r) => {
			const problem = ringProblem(ring, ringLabel(p, r));
			if (problem) problems.push(problem);
		});
	});
	if (problems.length > 0) return problems;
	for (const [p, rings] of (polygons as Position[][][]).entries()) {
		const crossing = findCrossing(rings);
		if (crossing) problems.push({ code: 'geo_self_intersection', params: { ring: ringLabel(p, crossing.ring), lon: crossing.at[0], lat: crossing.at[1] } });
	}
	return problems;
}

function ringProblem(ring: unknown, label: string): GeometryProblem | undefined {
	if (!Array.isArray(ring)) return { code: 'geo_no_coordinates', params: { ring: label } };
	for (let i = 0; i < ring.length; i++) {
		const p = ring[i] as unknown;
		if (!Array.isArray(p) || p.length < 2 || !Number.isFinite(p[0]) || !Number.isFinite(p[1]) || typeof p[0] !== 'number') {
			return { code: 'geo_coordinate_invalid', params: { ring: label, position: i, value: JSON.stringify(p) ?? String(p) } };
		}
		if (!(Math.abs(p[0]) <= 180 && Math.abs(p[1] as number) <= 90)) {
			return { code: 'geo_not_wgs84', params: { ring: label, lon: p[0], lat: p[1] as number } };
		}
	}
	if (ring.length < 4) return { code: 'geo_ring_too_short', params: { ring: label, positions: ring.length } };
	const [first, last] = [ring[0] as number[], ring[ring.length - 1] as number[]];
	if (first[0] !== last[0] || first[1] !== last[1]) return { code: 'geo_ring_not_closed', params: { ring: label } };
	return undefined;
}

/** Orientation of (a, b, c): > 0 counter-clockwise, < 0 clockwise, 0 collinear. */
const orient = (ax: number, ay: number, bx: number, by: number, cx: number, cy: number) => (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);

/**
 * The first place where two edges of a polygon's rings cross properly (each passes through the
 * interior of the other), or undefined. Touching at a vertex and collinear overlaps are not
 * reported: real boundary files are full of them and they do not change which side a point is on.
 * Edges are bucketed in a uniform grid so that only neighbours are compared: about linear time.
 */
export function findCrossing(rings: readonly Position[][]): { ring: number; at: [number, number] } | undefined {
	const ax: number[] = [], ay: number[] = [], bx: number[] = [], by: number[] = [], ringOf: number[] = [], indexInRing: number[] = [], ringLength: number[] = [];
	let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
	rings.forEach((ring, r) => {
		const n = ring.length - 1; // closed: the last position repeats the first
		for (let i = 0; i < n; i++) {
			const p = ring[i]!, q = ring[i + 1]!;
			ax.push(p[0]!); ay.push(p[1]!); bx.push(q[0]!); by.push(q[1]!); ringOf.push(r); indexInRing.push(i); ringLength.push(n);
			minX = Math.min(minX, p[0]!); maxX = Math.max(maxX, p[0]!); minY = Math.min(minY, p[1]!); maxY = Math.max(maxY, p[1]!);
		}
	});
	const m = ax.length;
	if (m < 4) return undefined;
	const side = Math.max(1, Math.ceil(Math.sqrt(m)));
	const cw = (maxX - minX) / side || 1, ch = (maxY - minY) / side || 1;
	const cellOf = (x: number, y: number) => [Math.min(side - 1, Math.floor((x - minX) / cw)), Math.min(side - 1, Math.floor((y - minY) / ch))] as const;
	const buckets = new Map<number, number[]>();
	for (let e = 0; e < m; e++) {
		const [x0, y0] = cellOf(Math.min(ax[e]!, bx[e]!), Math.min(ay[e]!, by[e]!));
		const [x1, y1] = cellOf(Math.max(ax[e]!, bx[e]!), Math.max(ay[e]!, by[e]!));
		for (let cx = x0; cx <= x1; cx++) for (let cy = y0; cy <= y1; cy++) {
			const key = cy * side + cx;
			const list = buckets.get(key);
			if (list) list.push(e);
			else buckets.set(key, [e]);
		}
	}
	for (const list of buckets.values()) {
		for (let i = 0; i < list.length; i++) {
			const e = list[i]!;
			for (let j = i + 1; j < list.length; j++) {
				const f = list[j]!;
				if (ringOf[e] === ringOf[f]) {
					const d = Math.abs(indexInRing[e]! - indexInRing[f]!);
					if (d <= 1 || d === ringLength[e]! - 1) continue; // neighbours share a vertex
				}
				const d1 = orient(ax[e]!, ay[e]!, bx[e]!, by[e]!, ax[f]!, ay[f]!);
				const d2 = orient(ax[e]!, ay[e]!, bx[e]!, by[e]!, bx[f]!, by[f]!);
				const d3 = orient(ax[f]!, ay[f]!, bx[f]!, by[f]!, ax[e]!, ay[e]!);
				const d4 = orient(ax[f]!, ay[f]!, bx[f]!, by[f]!, bx[e]!, by[e]!);
				if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) {
					const t = d3 / (d3 - d4);
					return { ring: ringOf[e]!, at: [ax[e]! + t * (bx[e]! - ax[e]!), ay[e]! + t * (by[e]! - ay[e]!)] };
				}
			}
		}
	}
	return undefined;
}
