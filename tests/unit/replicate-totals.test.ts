/**
 * The replicate sums per cell (Σ w_bi·y_i, Σ w_bi) that every replicate variance starts from: the
 * shortcut through clusters (w_bi = w_i · f_kb) must give the sums respondent by respondent, also
 * when some respondents' weights do not have that form, and when none do.
 */
import { describe, expect, it } from 'vitest';
import { replicateFactors, replicateTotals } from '../../app/lib/engine/replicate-clusters';
import type { SurveyFrame } from '../../app/lib/engine/frame';

/** A deterministic generator (mulberry32): the test's data are the same on every run. */
function random(seed: number) {
	return () => {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** `rows` respondents in `psus` PSUs, B bootstrap-like factors per PSU (0 to 3, some replicates dropping a PSU). */
function frameOf(rows: number, psus: number, B: number, rnd: () => number): SurveyFrame {
	const weight = Float64Array.from({ length: rows }, () => 10 + 90 * rnd());
	const psu = Int32Array.from({ length: rows }, (_, i) => i % psus);
	const factor = Array.from({ length: B }, () => Float64Array.from({ length: psus }, () => Math.floor(4 * rnd()) * (psus / (psus - 1))));
	const weights = factor.map((f) => Float64Array.from(weight, (w, i) => w * f[psu[i]!]!));
	return { rows, weight, replicates: { weights, scale: 1 / (B - 1) } } as unknown as SurveyFrame;
}

/** The sums as their definition states them. */
function naive(frame: SurveyFrame, y: Float64Array, cell: Int32Array, cells: number) {
	const reps = frame.replicates!.weights, B = reps.length;
	const num = new Float64Array(cells * B), den = new Float64Array(cells * B);
	for (let b = 0; b < B; b++)
		for (let i = 0; i < y.length; i++) {
			if (cell[i]! < 0 || y[i] !== y[i]) continue;
			num[cell[i]! * B + b]! += reps[b]![i]! * y[i]!;
			den[cell[i]! * B + b]! += reps[b]![i]!;
		}
	return { num, den };
}

function expectClose(got: Float64Array, want: Float64Array) {
	expect(got.length).toBe(want.length);
	let worst = 0;
	for (let j = 0; j < want.length; j++) {
		// Exact zeros stay exact: a replicate in which a cell has no weight is dropped by its test `den === 0`.
		if (want[j] === 0) expect(got[j]).toBe(0);
		else worst = Math.max(worst, Math.abs(got[j]! - want[j]!) / Math.abs(want[j]!));
	}
	expect(worst).toBeLessThan(1e-12);
}

function data(rows: number, cells: number, rnd: () => number) {
	const y = Float64Array.from({ length: rows }, () => (rnd() < 0.1 ? NaN : rnd() < 0.4 ? 1 : 0));
	const cell = Int32Array.from({ length: rows }, () => (rnd() < 0.05 ? -1 : Math.floor(rnd() * cells)));
	return { y, cell };
}

describe('replicate sums per cell', () => {
	it('through clusters, equal the sums respondent by respondent', () => {
		const rnd = random(7);
		const frame = frameOf(2000, 60, 24, rnd);
		const f = replicateFactors(frame.weight, frame.replicates!.weights);
		expect(f.count).toBe(60);
		expect([...f.cluster].every((k) => k >= 0)).toBe(true);
		const { y, cell } = data(2000, 12, rnd);
		const got = replicateTotals(frame, y, cell, 12), want = naive(frame, y, cell, 12);
		expectClose(got.num, want.num);
		expectClose(got.den, want.den);
	});

	it('take one by one the respondents whose weights are not their cluster\'s factors (or who have no weight)', () => {
		const rnd = random(11);
		const frame = frameOf(1200, 40, 16, rnd);
		const reps = frame.replicates!.weights;
		// A weight (not the first of its PSU, whose factors are the reference) a little off its PSU's factor: under the clusters' rounding (1e-9), above the sums' (1e-12).
		const b = reps.findIndex((wb) => wb[45]! > 0);
		reps[b]![45] = reps[b]![45]! * (1 + 1e-11);
		frame.weight[17] = 0; // a respondent outside the sample's weighting
		const f = replicateFactors(frame.weight, reps);
		expect(f.cluster[45]).toBe(-1);
		expect(f.cluster[17]).toBe(-1);
		expect([...f.cluster].filter((k) => k < 0)).toHaveLength(2);
		const { y, cell } = data(1200, 5, rnd);
		y[45] = 1; cell[45] = 2; y[17] = 1; cell[17] = 3;
		const got = replicateTotals(frame, y, cell, 5), want = naive(frame, y, cell, 5);
		expectClose(got.num, want.num);
		expectClose(got.den, want.den);
	});

	it('when every respondent has weights of their own (calibrated replicates), are the direct sums', () => {
		const rnd = random(3);
		const frame = frameOf(500, 50, 9, rnd);
		const reps = frame.replicates!.weights.map((wb) => wb.map((w) => w * (0.9 + 0.2 * rnd())));
		frame.replicates!.weights = reps;
		expect(replicateFactors(frame.weight, reps).count).toBe(500);
		const { y, cell } = data(500, 4, rnd);
		const got = replicateTotals(frame, y, cell, 4), want = naive(frame, y, cell, 4);
		expectClose(got.num, want.num);
		expectClose(got.den, want.den);
	});

	it('use the file\'s PSUs when the weights are factors on them, and the weights\' own clusters when the PSUs are not those', () => {
		for (const [psu, clusters] of [[(i: number) => i % 30, 30], [(i: number) => i % 7, 30]] as const) {
			const rnd = random(5);
			const frame = frameOf(900, 30, 12, rnd);
			frame.psu = Int32Array.from({ length: 900 }, (_, i) => psu(i));
			const { y, cell } = data(900, 6, rnd);
			const got = replicateTotals(frame, y, cell, 6), want = naive(frame, y, cell, 6);
			expect(frame.replicates!.factors!.count).toBe(clusters);
			expect(frame.replicates!.factors!.apart).toBe(0);
			expectClose(got.num, want.num);
			expectClose(got.den, want.den);
		}
	});

	it('give the same clusters and factors whatever numbers the file gives its PSUs (negative, or beyond a table\'s size)', () => {
		const rnd = random(13);
		const frame = frameOf(600, 20, 8, rnd);
		const reps = frame.replicates!.weights;
		const psu = Int32Array.from({ length: 600 }, (_, i) => i % 20);
		const odd = Int32Array.from(psu, (p) => (p % 2 ? -1 - p : 2 ** 30 + p));
		const a = replicateFactors(frame.weight, reps, psu), b = replicateFactors(frame.weight, reps, odd);
		expect(b.count).toBe(20);
		expect([...b.cluster]).toEqual([...a.cluster]);
		expect([...b.factor]).toEqual([...a.factor]);
		expect(b.apart).toBe(0);
	});
});
