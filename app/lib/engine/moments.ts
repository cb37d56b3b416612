import type { StratifiedPlan } from './design';
import { StratumSums } from './stratified';

/**
 * Point estimates and linearisation variances of domain ratios, all domains of a breakdown in
 * two passes over the respondents. Formulas: reference/METHODS.md §4.1–4.2 (R's survey package:
 * svymean on subset(), with-replacement PSUs), with R's finite population correction and
 * single-PSU strata options (stratified.ts).
 */

export interface DomainSums {
	n: Float64Array;
	/** Σ w over valid respondents of the domain (W). */
	w: Float64Array;
	/** Σ w·y. */
	wy: Float64Array;
	/** p̂ = Σ w·y / W (NaN for an empty domain). */
	est: Float64Array;
}

/** Pass 1: n, W and p̂ per cell. `y` is NaN where the respondent is outside the indicator's universe. */
export function domainSums(y: Float64Array, weight: Float64Array, cell: Int32Array, cells: number): DomainSums {
	const n = new Float64Array(cells), w = new Float64Array(cells), wy = new Float64Array(cells);
	for (let i = 0; i < y.length; i++) {
		const c = cell[i]!, v = y[i]!;
		if (c < 0 || v !== v) continue;
		const wi = weight[i]!;
		n[c]!++;
		w[c]! += wi;
		wy[c]! += wi * v;
	}
	const est = new Float64Array(cells);
	for (let c = 0; c < cells; c++) est[c] = n[c]! > 0 ? wy[c]! / w[c]! : NaN;
	return { n, w, wy, est };
}

/**
 * `weights` design (ids = ~1): every row of the file is its own PSU in one stratum, so
 * V̂ = f · N/(N−1) · Σ_{i∈S} z_i², z_i = w_i (y_i − p̂)/W, with N the row count of the whole file
 * and f = (N_pop − N)/N_pop with a finite population correction (fpc = ~N_pop), else 1.
 */
export function varianceWeights(y: Float64Array, weight: Float64Array, cell: Int32Array, s: DomainSums, f = 1): Float64Array {
	const cells = s.n.length, N = y.length;
	const acc = new Float64Array(cells);
	for (let i = 0; i < N; i++) {
		const c = cell[i]!, v = y[i]!;
		if (c < 0 || v !== v) continue;
		const z = (weight[i]! * (v - s.est[c]!)) / s.w[c]!;
		acc[c]! += z * z;
	}
	for (let c = 0; c < cells; c++) acc[c] = f * (N / (N - 1)) * acc[c]!;
	return acc;
}

/**
 * `strata_psu` design: V̂ = Σ_h f_h n_h/(n_h−1) Σ_j (Z_hj − Z̄_h)², Z_hj the PSU totals of the
 * influence values. n_h counts the PSUs of stratum h over the whole file (PSUs outside the
 * domain contribute Z = 0), as survey's subset() does; without PSUs every respondent is one
 * (svydesign(id = ~1, strata = ~stratum)). Also returns df = PSUs hit − strata hit.
 */
export function varianceStrataPsu(
	y: Float64Array, weight: Float64Array, cell: Int32Array, s: DomainSums, plan: StratifiedPlan
): { variance: Float64Array; df: Float64Array; lonely: Uint8Array } {
	const cells = s.n.length;
	const sums = new StratumSums(cells, plan.H);
	if (plan.psu) {
		const P = plan.psuStratum!.length;
		// PSU totals per (cell, PSU): a dense array when it is small enough, else a sparse map.
		for (const [key, z] of psuTotals(y, weight, cell, s, plan.psu, cells * P)) {
			const c = Math.floor(key / P);
			sums.add(c, plan.psuStratum![key - c * P]!, z);
		}
	} else {
		for (let i = 0; i < y.length; i++) {
			const c = cell[i]!, v = y[i]!;
			if (c < 0 || v !== v) continue;
			sums.add(c, plan.strata[i]!, (weight[i]! * (v - s.est[c]!)) / s.w[c]!);
		}
	}
	return sums.variance(plan);
}

const DENSE_LIMIT = 4_000_000;

/** Σ of influence values per (cell, PSU) with at least one valid respondent, as [cell·P + psu, total] pairs. */
function psuTotals(
	y: Float64Array, weight: Float64Array, cell: Int32Array, s: DomainSums, psu: Int32Array, size: number
): Iterable<[number, number]> {
	const P = size / s.n.length;
	if (size <= DENSE_LIMIT) {
		const z = new Float64Array(size), hit = new Uint8Array(size);
		for (let i = 0; i < y.length; i++) {
			const c = cell[i]!, v = y[i]!;
			if (c < 0 || v !== v) continue;
			const key = c * P + psu[i]!;
			z[key]! += (weight[i]! * (v - s.est[c]!)) / s.w[c]!;
			hit[key] = 1;
		}
		const out: [number, number][] = [];
		for (let k = 0; k < size; k++) if (hit[k]) out.push([k, z[k]!]);
		return out;
	}
	const Z = new Map<number, number>();
	for (let i = 0; i < y.length; i++) {
		const c = cell[i]!, v = y[i]!;
		if (c < 0 || v !== v) continue;
		const key = c * P + psu[i]!;
		Z.set(key, (Z.get(key) ?? 0) + (weight[i]! * (v - s.est[c]!)) / s.w[c]!);
	}
	return Z;
}
