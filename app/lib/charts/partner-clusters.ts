/**
 * Partners on the city map: each point projected, points off the map's frame (partners elsewhere
 * in the province) pinned to the frame's edge in their direction, and points closer than `radius`
 * pixels merged into one circle that shows how many partners it holds. At the whole city's scale
 * a borough is a few dozen pixels across: without merging, a street of partners is one blot.
 *
 * @example
 * clusterPartners({ points: [{ name: 'A', x: 100, y: 100 }, { name: 'B', x: 105, y: 102 }], width: 760, height: 560 })
 * // → [{ x: 102.5, y: 101, count: 2, names: ['A', 'B'], offMap: false, r: … }]
 */
export interface PartnerPoint {
	name: string;
	/** Projected position; null when the projection cannot place it. */
	x: number | null;
	y: number | null;
	services?: string[];
}

export interface PartnerCluster {
	x: number;
	y: number;
	r: number;
	count: number;
	names: string[];
	services: string[];
	/** Outside the frame: drawn at its edge, in the point's direction from the centre. */
	offMap: boolean;
}

const round1 = (v: number) => Math.round(v * 10) / 10;

/** Where the ray from the frame's centre to (x, y) leaves the frame inset by `inset` pixels. */
export function pinToEdge(x: number, y: number, width: number, height: number, inset: number): [number, number] {
	const [cx, cy] = [width / 2, height / 2];
	const [dx, dy] = [x - cx, y - cy];
	const sx = dx === 0 ? Infinity : (width / 2 - inset) / Math.abs(dx);
	const sy = dy === 0 ? Infinity : (height / 2 - inset) / Math.abs(dy);
	const s = Math.min(sx, sy);
	return [cx + dx * s, cy + dy * s];
}

/** The circle's radius: it grows with the square root of the count, as an area should. */
export const clusterRadius = (count: number) => round1(5 + 3 * Math.sqrt(count - 1));

export function clusterPartners(o: { points: readonly PartnerPoint[]; width: number; height: number; radius?: number; inset?: number }): PartnerCluster[] {
	const radius = o.radius ?? 14;
	const inset = o.inset ?? 10;
	const groups: { x: number; y: number; members: PartnerPoint[]; offMap: boolean }[] = [];
	for (const p of o.points) {
		if (p.x === null || p.y === null || !Number.isFinite(p.x) || !Number.isFinite(p.y)) continue;
		const offMap = !(p.x >= 0 && p.x <= o.width && p.y >= 0 && p.y <= o.height);
		const [x, y] = offMap ? pinToEdge(p.x, p.y, o.width, o.height, inset) : [p.x, p.y];
		// Points on the map and points pinned to its edge never merge: one is a place, the other a direction.
		const g = groups.find((c) => c.offMap === offMap && Math.hypot(c.x - x, c.y - y) < radius);
		if (g) {
			const n = g.members.length;
			g.x = (g.x * n + x) / (n + 1);
			g.y = (g.y * n + y) / (n + 1);
			g.members.push(p);
		} else groups.push({ x, y, members: [p], offMap });
	}
	return groups.map((g) => ({ x: round1(g.x), y: round1(g.y), r: clusterRadius(g.members.length), count: g.members.length, offMap: g.offMap,
		names: g.members.map((m) => m.name), services: [...new Set(g.members.flatMap((m) => m.services ?? []))] }));
}
