import { bisectLeft, ticks } from 'd3';

/** A class of whole counts, both bounds included, and how many values fall in it. */
export interface CountClass {
	from: number;
	to: number;
	count: number;
}

/** 1, 2, 5, 10, 20, 50, … above `lo` up to `hi`: the round numbers counts spread over decades break at. */
function oneTwoFive(lo: number, hi: number): number[] {
	const out: number[] = [];
	for (let p = 1; p <= hi; p *= 10) for (const m of [1, 2, 5]) if (m * p > lo && m * p <= hi) out.push(m * p);
	return out;
}

/**
 * Classes of whole counts (a hexagon's incidents) that break at round numbers only, of one of two
 * kinds: steps of 1, 2 or 5 × 10^k (5, 10, 20, 50, …: a few busy cells spread over decades) or
 * d3's evenly spaced round ticks (10, 20, 30 over a narrow range). Of a kind's breaks, at most
 * `max` − 1 are kept, each the one nearest its share of the values (the k-th nearest k/max of
 * them); a break that would leave a class empty is not. The kind whose classes hold the most even
 * numbers of values wins, 1-2-5 on a tie. The first class starts at the smallest value, the last
 * ends at the largest.
 *
 * @example countClasses([5, 6, 8, 9, 12, 14, 23, 37, 150]) // → [{ from: 5, to: 9, count: 4 }, { from: 10, to: 19, count: 2 }, { from: 20, to: 49, count: 2 }, { from: 50, to: 150, count: 1 }]
 */
export function countClasses(values: readonly number[], max = 5): CountClass[] {
	const sorted = values.filter((v) => Number.isFinite(v)).map(Math.round).sort((a, b) => a - b);
	if (!sorted.length) return [];
	const lo = sorted[0]!, hi = sorted.at(-1)!;
	// How many values lie below a break: the size of everything under it.
	const below = (b: number) => bisectLeft(sorted, b);
	const classesAt = (candidates: number[]): CountClass[] => {
		const bounds = [lo, ...pickBreaks(candidates, below, sorted.length, max), hi + 1];
		return bounds.slice(0, -1).map((from, i) => ({ from, to: bounds[i + 1]! - 1, count: below(bounds[i + 1]!) - below(from) }));
	};
	const uneven = (classes: CountClass[]) => classes.reduce((s, c) => s + (c.count - sorted.length / max) ** 2, 0);
	const decades = classesAt(oneTwoFive(lo, hi));
	const even = classesAt(ticks(lo, hi, max - 1).filter((t) => Number.isInteger(t) && t > lo));
	return uneven(even) < uneven(decades) ? even : decades;
}

/** Up to `max` − 1 of the (increasing) candidate breaks, the k-th nearest to k/max of the `n` values below it, none closing an empty class. */
function pickBreaks(candidates: number[], below: (b: number) => number, n: number, max: number): number[] {
	const breaks: number[] = [];
	for (let k = 1; k < max; k++) {
		const target = (k * n) / max;
		const under = breaks.length ? below(breaks.at(-1)!) : 0;
		let best: number | undefined;
		for (const b of candidates) {
			// No more values below it than below the previous break: the class between would be empty.
			if (below(b) <= under) continue;
			// On a tie (no value between them) the lower: 20 – 49 and 50 – 150 rather than 20 – 149 and 150.
			if (best === undefined || Math.abs(below(b) - target) < Math.abs(below(best) - target)) best = b;
		}
		if (best !== undefined) breaks.push(best);
	}
	return breaks;
}

/** A class's bounds in words, "10 – 19", or one number when the class holds a single value. */
export function countClassRange(c: { from: number; to: number }, format: (v: number) => string): string {
	return c.from === c.to ? format(c.from) : `${format(c.from)} – ${format(c.to)}`;
}
