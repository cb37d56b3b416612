import { psuLayout, type SurveyFrame } from './frame';
import type { Design, DesignNote, LonelyPsu } from './types';

/**
 * A linearisation design resolved against a frame: the stratum of each respondent, its PSU (or
 * none: each respondent its own PSU), the sampled units per stratum over the whole file, the
 * finite population correction per stratum and R's options for single-PSU strata.
 */
export interface StratifiedPlan {
	strata: Int32Array;
	H: number;
	/** PSU per respondent (0..P-1), or null: every respondent is its own PSU. */
	psu: Int32Array | null;
	/** Stratum of each PSU (with `psu`). */
	psuStratum: Int32Array | null;
	/** Sampled units (PSUs, or respondents) of each stratum in the whole file: R's n_h. */
	nh: Int32Array;
	/** (N_h − n_h)/N_h per stratum (R's f in onestrat), or null without a correction. */
	f: Float64Array | null;
	lonely: LonelyPsu;
	adjustDomainLonely: boolean;
	labels: readonly string[];
}

export interface DesignPlan {
	design: Design;
	notes: DesignNote[];
	/** strata_psu. */
	stratified?: StratifiedPlan;
	/** weights: the correction (N − n)/N of a constant population size, 1 without. */
	weightsF: number;
}

/** A design the dataset's mapping makes impossible, e.g. a single-PSU stratum with `lonely_psu: fail`. */
export class DesignError extends Error {
	constructor(readonly code: 'lonely_psu_fail', readonly params: Record<string, string>) {
		super(`${code}: ${JSON.stringify(params)}`);
	}
}

/** The design a dataset supports best when the analyst asks for `auto`: replicate weights, else strata (with or without PSUs), else the weights. */
export function autoDesign(frame: SurveyFrame): Design {
	if (frame.replicates && frame.replicates.weights.length > 0) return 'replicate';
	if (frame.strata) return 'strata_psu';
	return 'weights';
}

const plans = new WeakMap<SurveyFrame, Map<Design, DesignPlan>>();

/**
 * How `design` uses the frame's design columns, with a note for each choice (strata without
 * PSUs, a correction used or why not, single-PSU strata, a column the design leaves out).
 * Frames do not change, so plans are kept per frame.
 */
export function planDesign(frame: SurveyFrame, design: Design): DesignPlan {
	let byDesign = plans.get(frame);
	if (!byDesign) plans.set(frame, (byDesign = new Map()));
	let plan = byDesign.get(design);
	if (!plan) byDesign.set(design, (plan = makePlan(frame, design)));
	return plan;
}

function makePlan(frame: SurveyFrame, design: Design): DesignPlan {
	const notes: DesignNote[] = [];
	if (design === 'replicate') {
		const r = frame.replicates;
		if (r) notes.push({ code: r.mse === false ? 'replicate_mean' : 'replicate_mse', params: { type: r.type ?? 'bootstrap', scale: r.scale } });
		// The bootstrap's df reads the file's strata and PSUs (replicateDf); other types only the weights.
		const bootstrap = r?.type === undefined || r.type === 'bootstrap';
		if (frame.strata && !(bootstrap && frame.psu)) notes.push({ code: 'strata_unused_replicate' });
		if (frame.psu && !bootstrap) notes.push({ code: 'psu_unused_replicate' });
		if (frame.fpc) notes.push({ code: 'fpc_unused_replicate' });
		return { design, notes, weightsF: 1 };
	}
	if (design === 'weights') {
		if (frame.strata) notes.push({ code: 'strata_unused_weights' });
		if (frame.psu) notes.push({ code: 'psu_unused_weights' });
		return { design, notes, weightsF: frame.fpc ? weightsFpc(frame, notes) : 1 };
	}
	if (!frame.strata) return { design, notes, weightsF: 1 };
	const stratified = stratifiedPlan(frame, notes);
	return { design, notes, stratified, weightsF: 1 };
}

/** svydesign(id = ~1, fpc = ~N): one population size for the whole file, else the correction is left out (and said). */
function weightsFpc(frame: SurveyFrame, notes: DesignNote[]): number {
	const { values, form } = frame.fpc!;
	const n = frame.rows, v = values[0]!;
	if (!values.every((x) => x === v)) {
		notes.push({ code: 'fpc_unused_varies' });
		return 1;
	}
	const N = form === 'population' ? v : n / v;
	if (N < n) {
		notes.push({ code: 'fpc_unused_below_sample', params: { units: n } });
		return 1;
	}
	notes.push({ code: form === 'population' ? 'fpc_population' : 'fpc_fraction' });
	return N === Infinity ? 1 : (N - n) / N;
}

function stratifiedPlan(frame: SurveyFrame, notes: DesignNote[]): StratifiedPlan {
	const strata = frame.strata!;
	let H: number, nh: Int32Array, psuStratum: Int32Array | null = null;
	if (frame.psu) {
		const layout = psuLayout(strata, frame.psu);
		({ H, nh } = layout);
		psuStratum = layout.psuStratum;
	} else {
		notes.push({ code: 'psu_per_respondent' });
		H = 0;
		for (let i = 0; i < strata.length; i++) if (strata[i]! >= H) H = strata[i]! + 1;
		nh = new Int32Array(H);
		for (let i = 0; i < strata.length; i++) nh[strata[i]!]!++;
	}
	const lonely = frame.lonelyPsu ?? 'certainty', adjustDomainLonely = frame.adjustDomainLonely ?? false;
	const single = nh.reduce((k, n) => k + (n === 1 ? 1 : 0), 0);
	if (single > 0) notes.push({ code: 'lonely_psu', params: { option: lonely, count: single } });
	if (adjustDomainLonely && (lonely === 'adjust' || lonely === 'average')) notes.push({ code: 'adjust_domain_lonely', params: { option: lonely } });
	return { strata, H, psu: frame.psu ?? null, psuStratum, nh, f: frame.fpc ? stratumFpc(frame, H, nh, notes) : null, lonely,
		adjustDomainLonely, labels: frame.strataLabels ?? [] };
}

/** R's f = (N_h − n_h)/N_h per stratum, N_h = n_h / fraction for sampling fractions; 1 for an infinite population. */
function stratumFpc(frame: SurveyFrame, H: number, nh: Int32Array, notes: DesignNote[]): Float64Array | null {
	const { values, form } = frame.fpc!;
	const N = new Float64Array(H).fill(NaN);
	for (let i = 0; i < values.length; i++) {
		const h = frame.strata![i]!;
		if (N[h] !== N[h]) N[h] = form === 'population' ? values[i]! : nh[h]! / values[i]!;
	}
	const f = new Float64Array(H);
	for (let h = 0; h < H; h++) {
		if (N[h]! < nh[h]!) {
			notes.push({ code: 'fpc_unused_below_sample', params: { units: nh[h]! } });
			return null;
		}
		f[h] = N[h] === Infinity ? 1 : (N[h]! - nh[h]!) / N[h]!;
	}
	notes.push({ code: form === 'population' ? 'fpc_population' : 'fpc_fraction' });
	return f;
}

/**
 * With `lonely_psu: fail`, the stratum (its name) of a single-PSU stratum that some valid answer
 * reaches: R stops there ("Stratum (…) has only one PSU"), so the table cannot be computed. Null
 * otherwise. A stratum entirely in the sample (fpc) has no variance and does not stop R.
 */
export function lonelyFailure(frame: SurveyFrame, design: Design, ys: Float64Array[]): string | null {
	const plan = planDesign(frame, design).stratified;
	if (design !== 'strata_psu' || !plan || plan.lonely !== 'fail') return null;
	const single = (h: number) => plan.nh[h] === 1 && !(plan.f && plan.f[h]! < 1e-7);
	for (const y of ys) {
		for (let i = 0; i < y.length; i++) {
			const h = plan.strata[i]!;
			if (y[i] === y[i] && single(h)) return plan.labels[h] ?? String(h);
		}
	}
	return null;
}
