/**
 * A d3-path-compatible context that writes short SVG path data for server-rendered maps. Source
 * boundaries carry far more vertices than a screen can show (Montreal's 34 areas: ~7,900), so
 * each ring is simplified with Douglas–Peucker at a sub-pixel tolerance, rounded to 0.1 px and
 * written with relative `l` commands; rings that collapse to fewer than three points are dropped.
 * Neighbours simplify their shared border independently, so they may part by up to the tolerance:
 * less than the stroke drawn between areas.
 *
 * @example
 *   const context = new CompactPathContext();
 *   geoPath(projection, context)(geometry);
 *   context.result(); // "M12.3,45.6l.7,.5-.1,.9z"
 */
export class CompactPathContext {
	private parts: string[] = [];
	private ring: [number, number][] = [];

	/** @param tolerance largest distance, in px, between the drawn ring and the source ring */
	constructor(private readonly tolerance = 0.5) {}

	moveTo(x: number, y: number): void {
		this.flushRing();
		this.ring.push([x, y]);
	}

	lineTo(x: number, y: number): void {
		this.ring.push([x, y]);
	}

	closePath(): void {
		this.flushRing();
	}

	/** geoPath draws Point geometries with `beginPath` and arcs; areas are polygons only, so points are ignored. */
	beginPath(): void {}

	arc(): void {}

	/** The path data written so far. */
	result(): string {
		this.flushRing();
		return this.parts.join('');
	}

	private flushRing(): void {
		const ring = this.ring;
		this.ring = [];
		if (ring.length < 3) return;
		const points = dedupe(simplifyRing(ring, this.tolerance).map(([x, y]) => [Math.round(x * 10), Math.round(y * 10)]));
		if (points.length < 3) return;
		const [first, ...rest] = points as [[number, number], ...[number, number][]];
		let [px, py] = first;
		let out = `M${tenths(px)},${tenths(py)}l`;
		rest.forEach(([x, y], i) => {
			const pair = `${tenths(x - px)},${tenths(y - py)}`;
			out += i === 0 || pair.startsWith('-') ? pair : ` ${pair}`;
			[px, py] = [x, y];
		});
		this.parts.push(`${out}z`);
	}
}

/** Consecutive equal points (and a last point equal to the first) removed. */
function dedupe(points: [number, number][]): [number, number][] {
	const out = points.filter((p, i) => i === 0 || p[0] !== points[i - 1]![0] || p[1] !== points[i - 1]![1]);
	const first = out[0];
	const last = out[out.length - 1];
	if (out.length > 1 && first && last && first[0] === last[0] && first[1] === last[1]) out.pop();
	return out;
}

/**
 * Douglas–Peucker on a closed ring: split at the vertex farthest from the first one, then
 * simplify both open halves.
 */
export function simplifyRing(ring: [number, number][], tolerance: number): [number, number][] {
	const [x0, y0] = ring[0]!;
	let far = 0;
	let farDistance = -1;
	ring.forEach(([x, y], i) => {
		const d = (x - x0) ** 2 + (y - y0) ** 2;
		if (d > farDistance) [far, farDistance] = [i, d];
	});
	const keep = new Uint8Array(ring.length);
	keep[0] = keep[far] = keep[ring.length - 1] = 1;
	markKept(ring, 0, far, tolerance * tolerance, keep);
	markKept(ring, far, ring.length - 1, tolerance * tolerance, keep);
	return ring.filter((_, i) => keep[i] === 1);
}

/** Iterative (no recursion limit on long rings) Douglas–Peucker between two kept vertices. */
function markKept(points: [number, number][], start: number, end: number, sqTolerance: number, keep: Uint8Array): void {
	const stack: [number, number][] = [[start, end]];
	while (stack.length > 0) {
		const [a, b] = stack.pop()!;
		let index = -1;
		let max = sqTolerance;
		for (let i = a + 1; i < b; i++) {
			const d = sqSegmentDistance(points[i]!, points[a]!, points[b]!);
			if (d > max) [index, max] = [i, d];
		}
		if (index < 0) continue;
		keep[index] = 1;
		stack.push([a, index], [index, b]);
	}
}

function sqSegmentDistance([x, y]: [number, number], [ax, ay]: [number, number], [bx, by]: [number, number]): number {
	const dx = bx - ax;
	const dy = by - ay;
	const length = dx * dx + dy * dy;
	const t = length === 0 ? 0 : Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / length));
	return (x - ax - t * dx) ** 2 + (y - ay - t * dy) ** 2;
}

/**
 * An integer count of tenths written as the shortest decimal: 7 → ".7", -13 → "-1.3", 20 → "2".
 */
export function tenths(count: number): string {
	const sign = count < 0 ? '-' : '';
	const size = Math.abs(count);
	const whole = Math.floor(size / 10);
	const tenth = size % 10;
	if (tenth === 0) return whole === 0 ? '0' : `${sign}${whole}`;
	return `${sign}${whole === 0 ? '' : whole}.${tenth}`;
}

/** Rounds to one decimal, normalising -0 to 0 so the markup never shows "-0". */
export function round1(value: number): number {
	const rounded = Math.round(value * 10) / 10;
	return rounded === 0 ? 0 : rounded;
}
