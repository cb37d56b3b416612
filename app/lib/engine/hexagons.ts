/**
 * Hexagonal binning of points for maps: points reach viewers only as aggregates, never where one person was.
 * Points are projected to metres on a local equirectangular plane around the city (fine at city
 * scale), binned into pointy-top hexagons of a given size (centre to vertex) in axial
 * coordinates, and each hexagon comes back as a closed WGS84 ring.
 */

export interface Hexagon {
	/** Axial coordinates, stable for a given origin and size: an id for the cell. */
	q: number;
	r: number;
	/** Centre [lon, lat]. */
	center: [number, number];
	/** Closed ring of 7 [lon, lat] positions, clockwise on a map with north up (d3-geo's winding). */
	ring: [number, number][];
	/** Indexes of the points in the cell. */
	points: number[];
}

const R = 6_371_008.8; // mean Earth radius, metres

/**
 * Bins points (longitudes and latitudes, NaN skipped) into hexagons of `size` metres, on a grid
 * anchored at `origin` when given.
 *
 * @example
 * hexbin([-73.56, -73.5601], [45.5, 45.5001], 250).length // 1: both points are 15 m apart
 */
export function hexbin(lon: ArrayLike<number>, lat: ArrayLike<number>, size: number, origin?: [number, number]): Hexagon[] {
	let lat0 = 0, n = 0, lon0 = 0;
	for (let i = 0; i < lon.length; i++) if (Number.isFinite(lon[i]) && Number.isFinite(lat[i])) { lat0 += lat[i]!; lon0 += lon[i]!; n++; }
	if (n === 0) return [];
	// The grid is anchored at `origin` (the geography's centre, so cells stay put as data changes), else at the points' mean.
	[lon0, lat0] = origin ?? [lon0 / n, lat0 / n];
	const kx = (Math.PI / 180) * R * Math.cos((lat0 * Math.PI) / 180), ky = (Math.PI / 180) * R;
	const cells = new Map<string, Hexagon>();
	const sqrt3 = Math.sqrt(3);
	for (let i = 0; i < lon.length; i++) {
		if (!Number.isFinite(lon[i]) || !Number.isFinite(lat[i])) continue;
		const x = (lon[i]! - lon0) * kx, y = (lat[i]! - lat0) * ky;
		// Pointy-top axial coordinates, rounded in cube space (Red Blob Games, "Hexagonal Grids").
		const qf = ((sqrt3 / 3) * x - y / 3) / size, rf = ((2 / 3) * y) / size;
		const [q, r] = cubeRound(qf, rf);
		const key = `${q},${r}`;
		let h = cells.get(key);
		if (!h) {
			const cx = size * sqrt3 * (q + r / 2), cy = size * 1.5 * r;
			const toLonLat = (px: number, py: number): [number, number] => [lon0 + px / kx, lat0 + py / ky];
			// Vertices at 30° + 60°k, listed clockwise (decreasing angle) and closed.
			const ring = [0, 1, 2, 3, 4, 5, 6].map((k) => {
				const angle = ((30 - 60 * k) * Math.PI) / 180;
				return toLonLat(cx + size * Math.cos(angle), cy + size * Math.sin(angle));
			});
			h = { q, r, center: toLonLat(cx, cy), ring, points: [] };
			cells.set(key, h);
		}
		h.points.push(i);
	}
	return [...cells.values()].sort((a, b) => a.r - b.r || a.q - b.q);
}

/** The cell of fractional axial coordinates (q, r): cube rounding, the coordinate furthest from a whole number recomputed from the others. */
export function cubeRound(qf: number, rf: number): [number, number] {
	const sf = -qf - rf;
	let q = Math.round(qf), r = Math.round(rf);
	const s = Math.round(sf);
	const dq = Math.abs(q - qf), dr = Math.abs(r - rf), ds = Math.abs(s - sf);
	if (dq > dr && dq > ds) q = -r - s;
	else if (dr > ds) r = -q - s;
	return [q + 0, r + 0];
}
