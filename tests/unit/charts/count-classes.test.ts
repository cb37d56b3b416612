import { tickStep } from 'd3';
import { describe, expect, test } from 'vitest';
import { countClasses, countClassRange } from '../../../app/lib/charts/count-classes';

/** 1, 2 or 5 × 10^k. */
const oneTwoFive = (v: number) => [1, 2, 5].includes(v / 10 ** Math.floor(Math.log10(v)));

/** Counts skewed as incidents per hexagon are: many cells with a few, a few cells with many. */
function skewed(n: number, seed: number): number[] {
	let s = seed;
	const next = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
	return Array.from({ length: n }, () => 5 + Math.floor(-Math.log(1 - next()) * 30));
}

describe('countClasses', () => {
	test('breaks at 1-2-5 steps for counts over decades, the classes about even', () => {
		expect(countClasses([5, 6, 8, 9, 12, 14, 23, 37, 150])).toEqual([
			{ from: 5, to: 9, count: 4 }, { from: 10, to: 19, count: 2 }, { from: 20, to: 49, count: 2 }, { from: 50, to: 150, count: 1 }
		]);
		// Not 20 – 39 then 40 – 49: the breaks are of one kind.
		const busy = [...Array(12).fill(6), ...Array(12).fill(14), 25, 31, 38, 42, 44, 47, 55, 70, 111];
		expect(countClasses(busy).map((c) => c.from)).toEqual([6, 10, 20, 50, 100]);
	});

	test('evenly spaced round breaks over a narrow range', () => {
		expect(countClasses([5, 7, 11, 13, 18, 22, 26, 29, 33, 38])).toEqual([
			{ from: 5, to: 9, count: 2 }, { from: 10, to: 19, count: 3 }, { from: 20, to: 29, count: 3 }, { from: 30, to: 38, count: 2 }
		]);
	});

	test('one class when every count is the same; none for no counts', () => {
		expect(countClasses([7, 7, 7])).toEqual([{ from: 7, to: 7, count: 3 }]);
		expect(countClasses([])).toEqual([]);
	});

	test.each([1, 2, 3, 4, 5, 6, 7, 8])('skewed counts (seed %i): at most five classes, round breaks, none empty, every count in exactly one', (seed) => {
		const values = skewed(40 + seed * 37, seed);
		const classes = countClasses(values);
		expect(classes.length).toBeGreaterThanOrEqual(1);
		expect(classes.length).toBeLessThanOrEqual(5);
		expect(classes[0]!.from).toBe(Math.min(...values));
		expect(classes.at(-1)!.to).toBe(Math.max(...values));
		for (const [i, c] of classes.entries()) {
			expect(c.count, JSON.stringify(classes)).toBeGreaterThan(0);
			expect(c.count).toBe(values.filter((v) => v >= c.from && v <= c.to).length);
			if (i > 0) expect(c.from).toBe(classes[i - 1]!.to + 1);
		}
		// Breaks of one kind: all 1, 2 or 5 × 10^k, or all multiples of the range's round tick step.
		const breaks = classes.slice(1).map((c) => c.from);
		const step = tickStep(Math.min(...values), Math.max(...values), 4);
		expect(breaks.every(oneTwoFive) || breaks.every((b) => b % step === 0), JSON.stringify(classes)).toBe(true);
		expect(classes.reduce((s, c) => s + c.count, 0)).toBe(values.length);
	});

	test('at most `max` classes', () => {
		expect(countClasses([5, 10, 20, 50, 100, 200, 500], 3)).toHaveLength(3);
	});
});

describe('countClassRange', () => {
	test('both bounds, or one number for a class of a single value', () => {
		const f = (v: number) => new Intl.NumberFormat('fr-CA').format(v);
		expect(countClassRange({ from: 10, to: 19 }, f)).toBe('10 – 19');
		expect(countClassRange({ from: 1000, to: 1999 }, f).replace(/\s/g, ' ')).toBe('1 000 – 1 999');
		expect(countClassRange({ from: 20, to: 20 }, f)).toBe('20');
	});
});
