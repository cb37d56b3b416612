import type { DomainVariable, LonelyPsu, ReplicateType } from './types';

/** A categorical variable: a code per respondent (-1 = missing) and the label of each code. */
export interface Factor {
	codes: ArrayLike<number>;
	levels: readonly string[];
}

/**
 * What the engine needs of a survey dataset, as plain typed arrays indexed by respondent.
 * The server builds it from the stored columns; the engine never sees the database.
 */
export interface SurveyFrame {
	rows: number;
	weight: Float64Array;
	factors: Record<DomainVariable, Factor>;
	/**
	 * Stratum (0..H-1) and PSU (0..P-1, unique across strata) per respondent, when the design has
	 * them. Strata without PSUs: each respondent is its own PSU within its stratum.
	 */
	strata?: Int32Array;
	psu?: Int32Array;
	/** The stratum names, by stratum code (for messages). */
	strataLabels?: readonly string[];
	/** Finite population correction per respondent, constant within a stratum: population sizes (> 1) or sampling fractions. */
	fpc?: { values: Float64Array; form: 'population' | 'fraction' };
	/** Strata with a single PSU (default `certainty`), and domains with one PSU in a stratum (default false), as R's options. */
	lonelyPsu?: LonelyPsu;
	adjustDomainLonely?: boolean;
	/**
	 * Replicate weights, one array per replicate, and svrepdesign's variance: scale · Σ_b rscales_b
	 * (θ_b − θ̄)², θ̄ the full-sample estimate when `mse` (the default) or the replicates' mean.
	 * Without `type`, the Rao–Wu bootstrap. `clusters` (from replicateClusters) stands in for the
	 * PSUs when the file gives none.
	 */
	replicates?: {
		weights: Float64Array[]; scale: number; rscales?: Float64Array; mse?: boolean; type?: ReplicateType; clusters?: Int32Array;
		/** Found once by replicateFactors (replicate-clusters.ts), which the replicate sums use. */
		factors?: ReplicateFactors;
	};
}

/**
 * Respondents whose replicate weights are one set of factors on their weight: w_bi = w_i · f_kb
 * for every replicate b, k the respondent's cluster. Bootstrap, jackknife and BRR weights that
 * are not recalibrated have this form, k the PSU. `cluster` is −1 for a respondent whose weights
 * do not have it (zero weight, or a ratio off its cluster's by more than rounding).
 */
export interface ReplicateFactors {
	cluster: Int32Array;
	count: number;
	/** f_kb, cluster-major (count × B). */
	factor: Float64Array;
	/** Respondents with cluster −1. */
	apart: number;
}

/** Renumbers arbitrary codes to 0..k-1 in order of first appearance. */
export function denseCodes(codes: ArrayLike<number>): { codes: Int32Array; count: number } {
	const out = new Int32Array(codes.length);
	let max = -1, min = 0;
	for (let i = 0; i < codes.length; i++) {
		const c = codes[i]!;
		if (c > max) max = c;
		if (c < min) min = c;
	}
	// Small non-negative integer codes (the usual case): a lookup table instead of a hash map.
	if (min >= 0 && max < 1 << 24) {
		const table = new Int32Array(max + 1).fill(-1);
		let next = 0;
		for (let i = 0; i < codes.length; i++) {
			const c = codes[i]!;
			let d = table[c]!;
			if (d < 0) table[c] = d = next++;
			out[i] = d;
		}
		return { codes: out, count: next };
	}
	const map = new Map<number, number>();
	for (let i = 0; i < codes.length; i++) {
		const c = codes[i]!;
		let d = map.get(c);
		if (d === undefined) map.set(c, (d = map.size));
		out[i] = d;
	}
	return { codes: out, count: map.size };
}

export interface Cells {
	/** Cell of each respondent in the breakdown (-1 when a breakdown variable is missing). */
	cell: Int32Array;
	count: number;
	/** The level index of each breakdown variable for each cell. */
	levelsOf: (cell: number) => number[];
}

/**
 * Crosses the breakdown variables into cells: `by = ['borough', 'gender']` gives one cell per
 * borough × gender. With no variable, every respondent is in the single overall cell.
 */
export function crossCells(frame: SurveyFrame, by: DomainVariable[]): Cells {
	const sizes = by.map((v) => frame.factors[v].levels.length);
	const count = sizes.reduce((a, b) => a * b, 1);
	const cell = new Int32Array(frame.rows);
	for (let i = 0; i < frame.rows; i++) {
		let c = 0;
		for (let k = 0; k < by.length; k++) {
			const code = frame.factors[by[k]!].codes[i]!;
			if (code < 0) { c = -1; break; }
			c = c * sizes[k]! + code;
		}
		cell[i] = c;
	}
	return {
		cell,
		count,
		levelsOf(c: number) {
			const out = new Array<number>(by.length);
			for (let k = by.length - 1; k >= 0; k--) {
				out[k] = c % sizes[k]!;
				c = Math.floor(c / sizes[k]!);
			}
			return out;
		}
	};
}

/** The shape of a stratified cluster design: P PSUs, H strata, each PSU's stratum, each stratum's PSU count (n_h over the whole file). */
export interface PsuLayout {
	P: number;
	H: number;
	psuStratum: Int32Array;
	nh: Int32Array;
}

export function psuLayout(strata: Int32Array, psu: Int32Array): PsuLayout {
	let P = 0, H = 0;
	for (let i = 0; i < psu.length; i++) {
		if (psu[i]! >= P) P = psu[i]! + 1;
		if (strata[i]! >= H) H = strata[i]! + 1;
	}
	const psuStratum = new Int32Array(P);
	for (let i = 0; i < psu.length; i++) psuStratum[psu[i]!] = strata[i]!;
	const nh = new Int32Array(H);
	for (let j = 0; j < P; j++) nh[psuStratum[j]!]!++;
	return { P, H, psuStratum, nh };
}
