/**
 * Point-in-polygon assignment of millions of points to the areas of one geography.
 *
 * The areas' bounding box is cut into a uniform grid. A cell that no area boundary crosses lies
 * wholly inside one area (or outside all of them): its answer is computed once, when the index is
 * built, and a point falling in it costs one array read. Points in boundary cells are tested by ray
 * casting (even–odd rule over every ring of an area, so holes and the parts of a MultiPolygon need
 * no special case, and either winding works), against the areas whose box covers the cell only,
 * and with only the edges that span the point's grid row: a few dozen edges instead of thousands.
 */

/** A polygon's rings (exterior then holes) as [lon, lat] positions; a MultiPolygon has several. */
export interface AssignableArea {
	id: number;
	geometry: { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] };
}

/** What `areaOf` answers for a point inside no area. */
export const OUTSIDE = -1;

const BOUNDARY = -2;

export interface AreaIndex {
	/** The id of the area containing (lon, lat), or OUTSIDE. */
	areaOf(lon: number, lat: number): number;
	readonly cells: { nx: number; ny: number };
}

/** Edges of one area bucketed by grid row: for row r, edges [start[r], start[r + 1]) of the flat arrays. */
interface BandedEdges {
	start: Int32Array;
	/** x1, y1, x2, y2 of each edge, four numbers per edge. */
	xy: Float64Array;
	bbox: [number, number, number, number];
}

/**
 * Builds the index for a geography's areas; the ids are returned by `areaOf`.
 *
 * @example
 * const index = buildAreaIndex([{ id: 7, geometry: { type: 'Polygon', coordinates: [[[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]]] } }]);
 * index.areaOf(1, 1) // 7
 * index.areaOf(3, 1) // OUTSIDE (-1)
 */
export function buildAreaIndex(areas: readonly AssignableArea[]): AreaIndex {
	const rings = areas.map((a) => (a.geometry.type === 'Polygon' ? a.geometry.coordinates : a.geometry.coordinates.flat()));
	let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity, edges = 0;
	for (const rs of rings) for (const ring of rs) {
		edges += ring.length - 1;
		for (const p of ring) {
			minX = Math.min(minX, p[0]!); maxX = Math.max(maxX, p[0]!);
			minY = Math.min(minY, p[1]!); maxY = Math.max(maxY, p[1]!);
		}
	}
	if (areas.length === 0 || !(maxX > minX && maxY > minY)) return { areaOf: () => OUTSIDE, cells: { nx: 0, ny: 0 } };

	// About four cells per edge, at most a million cells, shaped like the box.
	const cellsWanted = Math.min(1 << 20, Math.max(4096, 4 * edges));
	const aspect = (maxX - minX) / (maxY - minY);
	const nx = Math.max(1, Math.round(Math.sqrt(cellsWanted * aspect)));
	const ny = Math.max(1, Math.round(cellsWanted / nx));
	const cw = (maxX - minX) / nx, ch = (maxY - minY) / ny;
	const col = (x: number) => Math.min(nx - 1, Math.max(0, Math.floor((x - minX) / cw)));
	const row = (y: number) => Math.min(ny - 1, Math.max(0, Math.floor((y - minY) / ch)));

	const banded = rings.map((rs) => bandEdges(rs, ny, row));

	// Cells crossed by a boundary: each edge (horizontal ones too) marks the cells its own box covers (a superset).
	const crossed = new Uint8Array(nx * ny);
	for (const rs of rings) for (const ring of rs) {
		for (let i = 0; i + 1 < ring.length; i++) {
			const [x1, y1] = ring[i]! as [number, number], [x2, y2] = ring[i + 1]! as [number, number];
			const c0 = col(Math.min(x1, x2)), c1 = col(Math.max(x1, x2));
			const r0 = row(Math.min(y1, y2)), r1 = row(Math.max(y1, y2));
			for (let r = r0; r <= r1; r++) crossed.fill(1, r * nx + c0, r * nx + c1 + 1);
		}
	}

	// Candidate areas per cell (those whose box covers it), in compressed rows.
	const counts = new Int32Array(nx * ny + 1);
	const boxes = banded.map((b) => [col(b.bbox[0]), row(b.bbox[1]), col(b.bbox[2]), row(b.bbox[3])] as const);
	for (const [c0, r0, c1, r1] of boxes) for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) counts[r * nx + c + 1]!++;
	for (let i = 1; i <= nx * ny; i++) counts[i]! += counts[i - 1]!;
	const candidates = new Int32Array(counts[nx * ny]!);
	const fill = counts.slice(0, nx * ny);
	boxes.forEach(([c0, r0, c1, r1], a) => {
		for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) candidates[fill[r * nx + c]!++] = a;
	});

	const inside = (a: number, x: number, y: number): boolean => {
		const b = banded[a]!;
		if (x < b.bbox[0] || x > b.bbox[2] || y < b.bbox[1] || y > b.bbox[3]) return false;
		const r = row(y);
		let odd = false;
		for (let e = b.start[r]! * 4, end = b.start[r + 1]! * 4; e < end; e += 4) {
			const x1 = b.xy[e]!, y1 = b.xy[e + 1]!, x2 = b.xy[e + 2]!, y2 = b.xy[e + 3]!;
			if (y1 > y !== y2 > y && x < x1 + ((y - y1) * (x2 - x1)) / (y2 - y1)) odd = !odd;
		}
		return odd;
	};
	const search = (cell: number, x: number, y: number): number => {
		for (let k = counts[cell]!; k < counts[cell + 1]!; k++) if (inside(candidates[k]!, x, y)) return candidates[k]!;
		return OUTSIDE;
	};

	// Settle each cell no boundary crosses by testing its centre once.
	const answer = new Int32Array(nx * ny);
	for (let r = 0; r < ny; r++) for (let c = 0; c < nx; c++) {
		const cell = r * nx + c;
		answer[cell] = crossed[cell] ? BOUNDARY : search(cell, minX + (c + 0.5) * cw, minY + (r + 0.5) * ch);
	}

	const ids = Int32Array.from(areas, (a) => a.id);
	return {
		cells: { nx, ny },
		areaOf(lon: number, lat: number): number {
			if (!(lon >= minX && lon <= maxX && lat >= minY && lat <= maxY)) return OUTSIDE; // NaN too
			const cell = row(lat) * nx + col(lon);
			const a = answer[cell]!;
			const found = a === BOUNDARY ? search(cell, lon, lat) : a;
			return found === OUTSIDE ? OUTSIDE : ids[found]!;
		}
	};
}

/** An area's edges, each listed under every grid row its y-range spans (horizontal edges never cross a ray). */
function bandEdges(rings: readonly number[][][], ny: number, row: (y: number) => number): BandedEdges {
	const perRow: number[][] = Array.from({ length: ny }, () => []);
	let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
	for (const ring of rings) {
		for (let i = 0; i + 1 < ring.length; i++) {
			const [x1, y1] = ring[i]! as [number, number], [x2, y2] = ring[i + 1]! as [number, number];
			minX = Math.min(minX, x1); maxX = Math.max(maxX, x1); minY = Math.min(minY, y1); maxY = Math.max(maxY, y1);
			if (y1 === y2) continue;
			for (let r = row(Math.min(y1, y2)); r <= row(Math.max(y1, y2)); r++) perRow[r]!.push(x1, y1, x2, y2);
		}
	}
	const start = new Int32Array(ny + 1);
	for (let r = 0; r < ny; r++) start[r + 1] = start[r]! + perRow[r]!.length / 4;
	const xy = new Float64Array(start[ny]! * 4);
	perRow.forEach((list, r) => xy.set(list, start[r]! * 4));
	return { start, xy, bbox: [minX, minY, maxX, maxY] };
}
