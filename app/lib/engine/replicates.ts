import { psuLayout } from './frame';

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

export function varianceReplicates(
	y: Float64Array, cell: Int32Array, est: Float64Array, reps: Float64Array[], spec: ReplicateVariance
): ReplicateResult {
	const cells = est.length, B = reps.length;
	const theta = replicateEstimates(y, cell, cells, reps);
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
function replicateEstimates(y: Float64Array, cell: Int32Array, cells: number, reps: Float64Array[]): Float64Array {
	const B = reps.length;
	// The valid respondents and their cells, once, instead of re-testing them in each replicate.
	let m = 0;
	for (let i = 0; i < y.length; i++) if (cell[i]! >= 0 && y[i] === y[i]) m++;
	const idx = new Int32Array(m), cOf = new Int32Array(m), yv = new Float64Array(m);
	for (let i = 0, k = 0; i < y.length; i++) {
		if (cell[i]! < 0 || y[i] !== y[i]) continue;
		idx[k] = i; cOf[k] = cell[i]!; yv[k++] = y[i]!;
	}
	const theta = new Float64Array(cells * B);
	// Four replicates per pass over the respondents: each respondent's index, cell and value are
	// loaded once for four replicate weights (a 1 M × 500 table is 500 M multiply-adds).
	const LANES = 4;
	const num = new Float64Array(cells * LANES), den = new Float64Array(cells * LANES);
	for (let b0 = 0; b0 < B; b0 += LANES) {
		const lanes = Math.min(LANES, B - b0);
		num.fill(0); den.fill(0);
		if (lanes === LANES) {
			const w0 = reps[b0]!, w1 = reps[b0 + 1]!, w2 = reps[b0 + 2]!, w3 = reps[b0 + 3]!;
			for (let k = 0; k < m; k++) {
				const i = idx[k]!, c = cOf[k]! * LANES, v = yv[k]!;
				const a0 = w0[i]!, a1 = w1[i]!, a2 = w2[i]!, a3 = w3[i]!;
				num[c]! += a0 * v; den[c]! += a0;
				num[c + 1]! += a1 * v; den[c + 1]! += a1;
				num[c + 2]! += a2 * v; den[c + 2]! += a2;
				num[c + 3]! += a3 * v; den[c + 3]! += a3;
			}
		} else {
			for (let j = 0; j < lanes; j++) {
				const wb = reps[b0 + j]!;
				for (let k = 0; k < m; k++) {
					const w = wb[idx[k]!]!, c = cOf[k]! * LANES + j;
					num[c]! += w * yv[k]!;
					den[c]! += w;
				}
			}
		}
		for (let c = 0; c < cells; c++) {
			for (let j = 0; j < lanes; j++) {
				const d = den[c * LANES + j]!;
				theta[c * B + b0 + j] = d === 0 ? NaN : num[c * LANES + j]! / d;
			}
		}
	}
	return theta;
}

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
	const hit = new Set<number>();
	for (let i = 0; i < y.length; i++) if (cell[i]! >= 0 && y[i] === y[i]) hit.add(cell[i]! * P + psu[i]!);
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

/**
 * Groups respondents whose replicate weights are the same multiples of their weight (bw_b / w
 * equal for every b, to 1e-9): for bootstrap, jackknife or BRR weights these are the PSUs, even
 * when the file does not say which PSU a respondent is in. Gives the clusters that the replicate
 * df needs (rank of the replicate-weight matrix, METHODS.md §4.4); with one stratum the closed
 * form is min(B, clusters hit) − 1, the rank of generic replicate weights.
 */
export function replicateClusters(weight: Float64Array, reps: Float64Array[]): Int32Array {
	const ids = new Map<string, number>();
	const out = new Int32Array(weight.length);
	for (let i = 0; i < weight.length; i++) {
		// Two independent 32-bit hashes of the rounded ratios: a 64-bit key, collisions negligible.
		let h1 = 0x811c9dc5, h2 = 0x01000193;
		const w = weight[i]!;
		for (let b = 0; b < reps.length; b++) {
			const r = Math.round((reps[b]![i]! / w) * 1e9);
			const lo = r % 4294967296 | 0, hi = Math.floor(r / 4294967296) | 0;
			h1 = Math.imul(h1 ^ lo, 0x01000193) ^ hi;
			h2 = Math.imul(h2 ^ hi, 0x5bd1e995) ^ lo;
		}
		const key = `${h1 >>> 0}:${h2 >>> 0}`;
		let id = ids.get(key);
		if (id === undefined) ids.set(key, (id = ids.size));
		out[i] = id;
	}
	return out;
}
