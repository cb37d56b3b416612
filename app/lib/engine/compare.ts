import tCdf from '@stdlib/stats-base-dists-t-cdf';
import { crossCells, type SurveyFrame } from './frame';
import { domainSums } from './moments';
import { planDesign, type StratifiedPlan } from './design';
import { StratumSums } from './stratified';
import { replicateTotals } from './replicate-clusters';
import type { Design, DomainVariable } from './types';

/** A design-based test of a difference, with its plain-language verdict (a code; the words are in the catalogs). */
export interface Comparison {
	/** The other group's estimate (e.g. the rest of the city). */
	other: number;
	difference: number;
	se: number;
	df: number;
	t: number;
	p: number;
	verdict: 'higher' | 'lower' | 'no_difference';
}

/** Two-sided p-value of t with df degrees of freedom; the verdict at level α. */
export function testDifference(difference: number, se: number, df: number, alpha = 0.05): Pick<Comparison, 't' | 'p' | 'verdict'> {
	const t = se > 0 ? difference / se : difference === 0 ? 0 : Math.sign(difference) * Infinity;
	const p = df > 0 && Number.isFinite(t) ? 2 * (1 - tCdf(Math.abs(t), df)) : t === 0 ? 1 : df > 0 ? 0 : NaN;
	const verdict = !(p < alpha) ? 'no_difference' : difference > 0 ? 'higher' : 'lower';
	return { t, p, verdict };
}

/**
 * Each domain of a breakdown that includes `borough` against the rest of the city with the same
 * other characteristics (Montréal-Nord × women 18–24 against women 18–24 elsewhere), on the
 * full design. The difference's variance accounts for the design's covariance between the two
 * groups: linearisation with u = z_A − z_B (METHODS.md §4.2) or replicate differences (§4.3).
 * df: the design's df for the union of the two groups. Returns one entry per cell (null where
 * either group has no valid answer).
 */
export function compareWithRest(
	frame: SurveyFrame, y: Float64Array, by: DomainVariable[], design: Design, groupDf: (group: number) => number
): (Comparison | null)[] {
	const cells = crossCells(frame, by);
	const others = by.filter((v) => v !== 'borough');
	const groups = crossCells(frame, others);
	const groupOf = new Int32Array(cells.count).fill(-1);
	for (let i = 0; i < frame.rows; i++) if (cells.cell[i]! >= 0) groupOf[cells.cell[i]!] = groups.cell[i]!;
	const s = domainSums(y, frame.weight, cells.cell, cells.count);
	const g = domainSums(y, frame.weight, groups.cell, groups.count);
	const restOf = (c: number) => {
		const k = groupOf[c]!;
		const n = g.n[k]! - s.n[c]!, w = g.w[k]! - s.w[c]!;
		return { k, n, w, p: n > 0 ? (g.wy[k]! - s.wy[c]!) / w : NaN };
	};
	const plan = planDesign(frame, design);
	if (design === 'strata_psu' && !plan.stratified) throw new Error('design strata_psu needs strata, which this dataset does not have');
	const variance = design === 'weights' ? weightsVariance(frame, y, cells.cell, cells.count, s, restOf, plan.weightsF)
		: design === 'strata_psu' ? strataPsuVariance(frame, y, cells.cell, cells.count, s, restOf, plan.stratified!)
		: replicateVariance(frame, y, cells.cell, cells.count, groupOf, groups.count, s, restOf);
	return Array.from({ length: cells.count }, (_, c) => {
		const rest = restOf(c);
		if (!(s.n[c]! > 0) || !(rest.n > 0) || variance[c] !== variance[c]) return null;
		const difference = s.est[c]! - rest.p, se = Math.sqrt(Math.max(0, variance[c]!)), df = groupDf(rest.k);
		return { other: rest.p, difference, se, df, ...testDifference(difference, se, df) };
	});
}

type RestOf = (c: number) => { k: number; n: number; w: number; p: number };
const valid = (c: number, v: number) => c >= 0 && v === v;

/** weights: the two groups are disjoint, so V(Δ) = f · N/(N−1) (Σ_A z_A² + Σ_B z_B²), f the finite population correction or 1. */
function weightsVariance(frame: SurveyFrame, y: Float64Array, cell: Int32Array, count: number, s: ReturnType<typeof domainSums>, restOf: RestOf, f: number) {
	const N = frame.rows, zA = new Float64Array(count);
	// Σ_B z_B² needs B's own p̂: accumulate w², w²y, w²y² per cell, and sum them over B's cells.
	const m0 = new Float64Array(count), m1 = new Float64Array(count), m2 = new Float64Array(count);
	for (let i = 0; i < N; i++) {
		const c = cell[i]!, v = y[i]!;
		if (!valid(c, v)) continue;
		const w2 = frame.weight[i]! * frame.weight[i]!, z = (frame.weight[i]! * (v - s.est[c]!)) / s.w[c]!;
		zA[c]! += z * z;
		m0[c]! += w2; m1[c]! += w2 * v; m2[c]! += w2 * v * v;
	}
	const G0 = new Map<number, [number, number, number]>();
	for (let c = 0; c < count; c++) {
		const k = restOf(c).k, t = G0.get(k) ?? [0, 0, 0];
		G0.set(k, [t[0] + m0[c]!, t[1] + m1[c]!, t[2] + m2[c]!]);
	}
	return Float64Array.from({ length: count }, (_, c) => {
		const r = restOf(c), t = G0.get(r.k);
		if (!t || !(r.n > 0)) return NaN;
		const b0 = t[0] - m0[c]!, b1 = t[1] - m1[c]!, b2 = t[2] - m2[c]!;
		const zB = (b2 - 2 * r.p * b1 + r.p * r.p * b0) / (r.w * r.w);
		return f * (N / (N - 1)) * (zA[c]! + zB);
	});
}

/**
 * strata_psu: PSU totals of u = z_A − z_B over the PSUs the pair of groups hits, combined by
 * stratum as for an estimate (stratified.ts: n_h over the whole file, fpc, single-PSU strata).
 * Without PSUs every respondent is one.
 */
function strataPsuVariance(frame: SurveyFrame, y: Float64Array, cell: Int32Array, count: number, s: ReturnType<typeof domainSums>,
	restOf: RestOf, plan: StratifiedPlan) {
	const psu = plan.psu ?? Int32Array.from({ length: frame.rows }, (_, i) => i);
	const stratumOf = plan.psuStratum ?? plan.strata;
	const P = stratumOf.length;
	// Σw and Σwy per (cell, PSU) and per (group, PSU).
	const sw = new Map<number, number>(), swy = new Map<number, number>();
	const gw = new Map<number, number>(), gwy = new Map<number, number>();
	for (let i = 0; i < y.length; i++) {
		const c = cell[i]!, v = y[i]!;
		if (!valid(c, v)) continue;
		const w = frame.weight[i]!, kc = c * P + psu[i]!, kg = restOf(c).k * P + psu[i]!;
		sw.set(kc, (sw.get(kc) ?? 0) + w); swy.set(kc, (swy.get(kc) ?? 0) + w * v);
		gw.set(kg, (gw.get(kg) ?? 0) + w); gwy.set(kg, (gwy.get(kg) ?? 0) + w * v);
	}
	const psusOfGroup = new Map<number, number[]>();
	for (const key of gw.keys()) {
		const k = Math.floor(key / P);
		(psusOfGroup.get(k) ?? psusOfGroup.set(k, []).get(k)!).push(key - k * P);
	}
	const sums = new StratumSums(count, plan.H);
	for (let c = 0; c < count; c++) {
		const r = restOf(c), pA = s.est[c]!, WA = s.w[c]!;
		if (!(r.n > 0) || !(s.n[c]! > 0)) continue;
		for (const j of psusOfGroup.get(r.k) ?? []) {
			const aw = sw.get(c * P + j) ?? 0, awy = swy.get(c * P + j) ?? 0;
			const bw = gw.get(r.k * P + j)! - aw, bwy = gwy.get(r.k * P + j)! - awy;
			sums.add(c, stratumOf[j]!, (awy - pA * aw) / WA - (bwy - r.p * bw) / r.w);
		}
	}
	return sums.variance(plan).variance;
}

/**
 * replicate: V = scale Σ_b rscales_b (Δ_b − Δ̄)², each group re-estimated in every replicate, Δ̄
 * the full-sample difference (mse) or the mean of the replicates' differences.
 */
function replicateVariance(
	frame: SurveyFrame, y: Float64Array, cell: Int32Array, count: number, groupOf: Int32Array, groups: number,
	s: ReturnType<typeof domainSums>, restOf: RestOf
) {
	const B = frame.replicates!.weights.length;
	const { num, den } = replicateTotals(frame, y, cell, count);
	const gnum = new Float64Array(groups * B), gden = new Float64Array(groups * B);
	for (let c = 0; c < count; c++) {
		const k = groupOf[c]!;
		if (k < 0) continue;
		for (let b = 0; b < B; b++) { gnum[k * B + b]! += num[c * B + b]!; gden[k * B + b]! += den[c * B + b]!; }
	}
	const { scale, rscales, mse } = frame.replicates!;
	const delta = new Float64Array(B);
	return Float64Array.from({ length: count }, (_, c) => {
		const r = restOf(c);
		for (let b = 0; b < B; b++) {
			const da = den[c * B + b]!, db = gden[r.k * B + b]! - da;
			// An undefined replicate: a zero deviation, as R (METHODS.md §4.3).
			delta[b] = da === 0 || db === 0 ? NaN : num[c * B + b]! / da - (gnum[r.k * B + b]! - num[c * B + b]!) / db;
		}
		const centre = mse === false ? meanOf(delta, rscales) : s.est[c]! - r.p;
		let v = 0;
		for (let b = 0; b < B; b++) {
			if (delta[b] !== delta[b]) continue;
			const e = delta[b]! - centre;
			v += rscales ? rscales[b]! * (e * e) : e * e;
		}
		return scale * v;
	});
}

/** The mean of the defined values with a positive factor (svrVar with mse = FALSE). */
function meanOf(x: Float64Array, rscales: Float64Array | undefined): number {
	let sum = 0, k = 0;
	for (let b = 0; b < x.length; b++) {
		if (x[b] !== x[b] || (rscales && !(rscales[b]! > 0))) continue;
		sum += x[b]!;
		k++;
	}
	return sum / k;
}
