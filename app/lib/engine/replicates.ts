import { psuLayout, type SurveyFrame } from './frame';
import { replicateTotals } from './replicate-clusters';

/**
 * Replicate-weight variance as R's svrVar: V̂ = scale · Σ_b rscales_b (p̂_b − θ̄)², θ̄ the
 * full-sample p̂ when `mse` (the Statistics Canada convention, reference/METHODS.md §4.3), else
 * the mean of the replicates with rscales_b > 0 (R's default). A replicate whose domain weight
 * is zero is undefined: R drops it (from the sum and from the mean) but keeps the scale.
 */
export interface ReplicateResult {
	variance: Float64Array;
	/** The same on the logit scale: R refits the logit model on each replicate (§4.6). */
	logitSe: Float64Array;
	dropped: Uint8Array;
	replicateAtBound: Uint8Array;
}

export interface ReplicateVariance {
	scale: number;
	/** One factor per replicate; absent: 1 each. */
	rscales?: Float64Array;
	/** Default true. */
	mse?: boolean;
}

export function varianceReplicates(frame: SurveyFrame, y: Float64Array, cell: Int32Array, est: Float64Array): ReplicateResult {
	const spec: ReplicateVariance = frame.replicates!;
	const cells = est.length, B = frame.replicates!.weights.length;
	const theta = replicateEstimates(frame, y, cell, cells);
	const variance = new Float64Array(cells), logitSe = new Float64Array(cells);
	const dropped = new Uint8Array(cells), atBound = new Uint8Array(cells);
	const logit = (p: number) => Math.log(p / (1 - p));
	const r = spec.rscales;
	for (let c = 0; c < cells; c++) {
		const p = est[c]!;
		if (p !== p) continue;
		let centre = p, centreLogit = logit(p);
		if (spec.mse === false) [centre, centreLogit] = replicateMeans(theta, c * B, B, r);
		let v = 0, l = 0;
		for (let b = 0; b < B; b++) {
			const pb = theta[c * B + b]!;
			if (pb !== pb) { dropped[c] = 1; continue; }
			const d = pb - centre, dl = logit(pb) - centreLogit;
			if (r) { v += r[b]! * (d * d); l += r[b]! * (dl * dl); }
			else { v += d * d; l += dl * dl; }
			if ((pb <= 0 || pb >= 1) && p > 0 && p < 1) atBound[c] = 1;
		}
		variance[c] = spec.scale * v;
		// A replicate at 0 or 1 has an infinite logit: so is the logit SE, centred on the estimate or on the mean (∞ − ∞).
		logitSe[c] = atBound[c] ? Infinity : Math.sqrt(spec.scale * l);
	}
	return { variance, logitSe, dropped, replicateAtBound: atBound };
}

/** The mean of the defined replicate estimates with rscales_b > 0, and of their logits (svrVar with mse = FALSE). */
function replicateMeans(theta: Float64Array, from: number, B: number, r: Float64Array | undefined): [number, number] {
	let sum = 0, sumLogit = 0, k = 0;
	for (let b = 0; b < B; b++) {
		const pb = theta[from + b]!;
		if (pb !== pb || (r && !(r[b]! > 0))) continue;
		sum += pb;
		sumLogit += Math.log(pb / (1 - pb));
		k++;
	}
	return [sum / k, sumLogit / k];
}

/** p̂_b for every cell and replicate (cell-major), NaN where the cell has no weight in the replicate. */
function replicateEstimates(frame: SurveyFrame, y: Float64Array, cell: Int32Array, cells: number): Float64Array {
	const { num, den } = replicateTotals(frame, y, cell, cells);
	const theta = new Float64Array(num.length);
	for (let j = 0; j < num.length; j++) theta[j] = den[j] === 0 ? NaN : num[j]! / den[j]!;
	return theta;
}

/** The largest (cell, PSU) table replicateDf marks in bytes: 4 MB. */
const DENSE_LIMIT = 1 << 22;

/**
 * Degrees of freedom of a replicate design on a domain, R's degf(): rank of the domain's
 * replicate-weight matrix − 1. For replicate weights that are constant multiples of the weight
 * within each PSU (Rao–Wu bootstrap, jackknife, BRR) the rank has the closed form
 * min(B, P_S − max(0, K_S − 1)), with P_S the PSUs hit and K_S the strata whose every PSU is hit
 * (each such stratum's multiplicities sum to a constant: one dependency per extra one).
 * METHODS.md §4.4 checks this against R on every record.
 */
export function replicateDf(
	cell: Int32Array, y: Float64Array, strata: Int32Array, psu: Int32Array, cells: number, B: number
): Float64Array {
	const { P, H, psuStratum, nh } = psuLayout(strata, psu);
	// The (cell, PSU) pairs hit, each once: marked in a byte per pair when the table is small (the
	// usual case; a Set of numbers costs a hash per respondent), else in a Set.
	const pairs = cells * P;
	const marks = pairs <= DENSE_LIMIT ? new Uint8Array(pairs) : null;
	const seen = marks ? null : new Set<number>();
	const hit: number[] = [];
	for (let i = 0; i < y.length; i++) {
		const c = cell[i]!;
		if (c < 0 || y[i] !== y[i]) continue;
		const key = c * P + psu[i]!;
		if (marks) {
			if (marks[key]) continue;
			marks[key] = 1;
		} else {
			if (seen!.has(key)) continue;
			seen!.add(key);
		}
		hit.push(key);
	}
	const psusHit = new Float64Array(cells);
	const perStratum = new Map<number, number>();
	for (const key of hit) {
		const c = Math.floor(key / P), h = psuStratum[key - c * P]!;
		psusHit[c]!++;
		perStratum.set(c * H + h, (perStratum.get(c * H + h) ?? 0) + 1);
	}
	const full = new Float64Array(cells);
	for (const [k, count] of perStratum) if (count === nh[k % H]!) full[Math.floor(k / H)]!++;
	const df = new Float64Array(cells);
	for (let c = 0; c < cells; c++) df[c] = Math.min(B, psusHit[c]! - Math.max(0, full[c]! - 1)) - 1;
	return df;
}
