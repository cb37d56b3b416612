/**
 * The hexagon grid of the map layers as a reader can rebuild it, and which areas each cell meets.
 *
 * The grid is the one `hexbin` (app/lib/engine/hexagons.ts) draws: pointy-top hexagons of `size`
 * metres (centre to vertex) on a local equirectangular plane anchored at `origin`. A reader knows
 * it from any published ring; the audit checks that every published centre falls on it.
 *
 * Which areas a cell meets decides what an area's published count says about the cell: a cell
 * that meets one area only has all its points in that area (points outside every area are in no
 * layer), a cell that meets several splits its points among them in a way nobody outside knows.
 * The test is exact for polygons with holes and multipolygons: a cell meets an area when one of
 * the area's boundary edges crosses or touches it, or, when no edge does, when its centre lies
 * inside the area (a cell no boundary of the area crosses is wholly inside or wholly outside it).
 */
import { cubeRound } from '../../app/lib/engine/hexagons';

const R = 6_371_008.8; // the engine's Earth radius, so the plane is the same
const SQRT3 = Math.sqrt(3);

export type AreaPolygon = { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] };

export interface GridFrame {
	size: number;
	lon0: number;
	lat0: number;
	/** Metres per degree of longitude and of latitude at `lat0`. */
	kx: number;
	ky: number;
}

export function gridFrame(origin: readonly [number, number], size: number): GridFrame {
	const [lon0, lat0] = origin;
	return { size, lon0, lat0, kx: (Math.PI / 180) * R * Math.cos((lat0 * Math.PI) / 180), ky: (Math.PI / 180) * R };
}

export const toPlane = (f: GridFrame, lon: number, lat: number): [number, number] => [(lon - f.lon0) * f.kx, (lat - f.lat0) * f.ky];
export const toLonLat = (f: GridFrame, x: number, y: number): [number, number] => [f.lon0 + x / f.kx, f.lat0 + y / f.ky];

/** The centre of cell (q, r) on the plane. */
export const cellCentre = (f: GridFrame, q: number, r: number): [number, number] => [f.size * SQRT3 * (q + r / 2), f.size * 1.5 * r];

/** The cell holding a point of the plane: the engine's cube rounding of axial coordinates. */
export function cellOfPlanePoint(f: GridFrame, x: number, y: number): [number, number] {
	return cubeRound(((SQRT3 / 3) * x - y / 3) / f.size, ((2 / 3) * y) / f.size);
}

/** The six vertices of cell (q, r) on the plane, counter-clockwise (for the half-plane tests below). */
export function cellVertices(f: GridFrame, q: number, r: number): [number, number][] {
	const [cx, cy] = cellCentre(f, q, r);
	return [0, 1, 2, 3, 4, 5].map((k) => {
		const a = ((30 + 60 * k) * Math.PI) / 180;
		return [cx + f.size * Math.cos(a), cy + f.size * Math.sin(a)] as [number, number];
	});
}

const EPS = 1e-9;

/**
 * Whether segment (x1, y1)–(x2, y2) meets the closed convex polygon `poly` (counter-clockwise):
 * Cyrus–Beck clipping of the segment by each edge's inner half-plane.
 */
export function segmentMeetsConvex(x1: number, y1: number, x2: number, y2: number, poly: readonly [number, number][]): boolean {
	let t0 = 0, t1 = 1;
	const dx = x2 - x1, dy = y2 - y1;
	for (let i = 0; i < poly.length; i++) {
		const [ax, ay] = poly[i]!, [bx, by] = poly[(i + 1) % poly.length]!;
		// Inside is to the left of a→b: cross(b − a, p − a) ≥ 0.
		const ex = bx - ax, ey = by - ay;
		const num = ex * (y1 - ay) - ey * (x1 - ax); // value at t = 0
		const den = ex * dy - ey * dx; // its change per unit t
		if (Math.abs(den) < EPS) {
			if (num < -EPS) return false; // parallel and outside
			continue;
		}
		const t = -num / den;
		if (den > 0) t0 = Math.max(t0, t); // entering
		else t1 = Math.min(t1, t); // leaving
		if (t0 > t1 + EPS) return false;
	}
	return true;
}

/** Even–odd point in polygon over every ring of an area (holes and parts need no special case). */
export function insideRings(rings: readonly (readonly [number, number][])[], x: number, y: number): boolean {
	let odd = false;
	for (const ring of rings) {
		for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
			const [xi, yi] = ring[i]!, [xj, yj] = ring[j]!;
			if (yi > y !== yj > y && x < xj + ((y - yj) * (xi - xj)) / (yi - yj)) odd = !odd;
		}
	}
	return odd;
}

export interface GridCell {
	q: number;
	r: number;
	/** Indexes (in the areas given) of the areas the cell meets, ascending. */
	areas: number[];
}

export const cellKey = (q: number, r: number) => `${q},${r}`;

/**
 * Every cell of the grid that meets at least one area, with the areas it meets, by `q,r` key.
 * Long boundary edges are cut into pieces no longer than the cell size so that each piece is
 * tested against the few cells around it only.
 */
export function cellsMeetingAreas(f: GridFrame, areas: readonly AreaPolygon[]): Map<string, GridCell> {
	const cells = new Map<string, GridCell>();
	const mark = (q: number, r: number, a: number) => {
		const k = cellKey(q, r);
		let c = cells.get(k);
		if (!c) cells.set(k, (c = { q, r, areas: [] }));
		if (!c.areas.includes(a)) c.areas.push(a);
	};
	const vertexCache = new Map<string, [number, number][]>();
	const verticesOf = (q: number, r: number) => {
		const k = cellKey(q, r);
		let v = vertexCache.get(k);
		if (!v) vertexCache.set(k, (v = cellVertices(f, q, r)));
		return v;
	};
	const planeRings = areas.map((g) => (g.type === 'Polygon' ? g.coordinates : g.coordinates.flat())
		.map((ring) => ring.map(([lon, lat]) => toPlane(f, lon!, lat!))));
	let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
	planeRings.forEach((rings, a) => {
		for (const ring of rings) {
			for (const [x, y] of ring) { minX = Math.min(minX, x); maxX = Math.max(maxX, x); minY = Math.min(minY, y); maxY = Math.max(maxY, y); }
			for (let i = 0; i + 1 < ring.length; i++) {
				const [x1, y1] = ring[i]!, [x2, y2] = ring[i + 1]!;
				const pieces = Math.max(1, Math.ceil(Math.hypot(x2 - x1, y2 - y1) / f.size));
				for (let p = 0; p < pieces; p++) {
					const ax = x1 + ((x2 - x1) * p) / pieces, ay = y1 + ((y2 - y1) * p) / pieces;
					const bx = x1 + ((x2 - x1) * (p + 1)) / pieces, by = y1 + ((y2 - y1) * (p + 1)) / pieces;
					// A piece no longer than `size` lies within `size` of its start's cell centre plus one ring of neighbours.
					const [q0, r0] = cellOfPlanePoint(f, ax, ay);
					for (let dr = -2; dr <= 2; dr++) for (let dq = -2; dq <= 2; dq++) {
						if (Math.abs(dq + dr) > 2) continue;
						const q = q0 + dq, r = r0 + dr;
						if (segmentMeetsConvex(ax, ay, bx, by, verticesOf(q, r))) mark(q, r, a);
					}
				}
			}
		}
	});
	// Cells no boundary of an area crosses: wholly inside it exactly when their centre is.
	const boxes = planeRings.map((rings) => {
		let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
		for (const ring of rings) for (const [x, y] of ring) { x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y); }
		return [x0, y0, x1, y1] as const;
	});
	const rMin = Math.floor(minY / (1.5 * f.size)) - 1, rMax = Math.ceil(maxY / (1.5 * f.size)) + 1;
	for (let r = rMin; r <= rMax; r++) {
		const qMin = Math.floor(minX / (SQRT3 * f.size) - r / 2) - 1, qMax = Math.ceil(maxX / (SQRT3 * f.size) - r / 2) + 1;
		for (let q = qMin; q <= qMax; q++) {
			const [cx, cy] = cellCentre(f, q, r);
			boxes.forEach(([x0, y0, x1, y1], a) => {
				if (cx < x0 || cx > x1 || cy < y0 || cy > y1) return;
				if (insideRings(planeRings[a]!, cx, cy)) mark(q, r, a);
			});
		}
	}
	for (const c of cells.values()) c.areas.sort((a, b) => a - b);
	return cells;
}
