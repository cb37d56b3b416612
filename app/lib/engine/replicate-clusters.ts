import { denseCodes, type ReplicateFactors, type SurveyFrame } from './frame';

type Replicates = NonNullable<SurveyFrame['replicates']>;

/**
 * Groups respondents whose replicate weights are the same multiples of their weight (bw_b / w
 * equal for every b, to 1e-9): for bootstrap, jackknife or BRR weights these are the PSUs, even
 * when the file does not say which PSU a respondent is in. Gives the clusters that the replicate
 * df needs (rank of the replicate-weight matrix, METHODS.md §4.4); with one stratum the closed
 * form is min(B, clusters hit) − 1, the rank of generic replicate weights.
 */
export function replicateClusters(weight: Float64Array, reps: Float64Array[]): Int32Array {
	const n = weight.length;
	// Two independent 32-bit hashes of the rounded ratios: a 64-bit key, collisions negligible.
	// Replicate by replicate, so that each replicate's weights are read in order.
	const h1 = new Int32Array(n).fill(0x811c9dc5 | 0), h2 = new Int32Array(n).fill(0x01000193);
	for (const wb of reps) {
		for (let i = 0; i < n; i++) {
			const r = Math.round((wb[i]! / weight[i]!) * 1e9);
			const lo = r % 4294967296 | 0, hi = Math.floor(r / 4294967296) | 0;
			h1[i] = Math.imul(h1[i]! ^ lo, 0x01000193) ^ hi;
			h2[i] = Math.imul(h2[i]! ^ hi, 0x5bd1e995) ^ lo;
		}
	}
	const ids = new Map<string, number>();
	const out = new Int32Array(n);
	for (let i = 0; i < n; i++) {
		const key = `${h1[i]! >>> 0}:${h2[i]! >>> 0}`;
		let id = ids.get(key);
		if (id === undefined) ids.set(key, (id = ids.size));
		out[i] = id;
	}
	return out;
}

/** Relative gap between w_bi and w_i · f_kb still taken as rounding of the same product. */
const TOLERANCE = 1e-12;

/**
 * `clusters` (the file's PSUs, or those of replicateClusters by default) as factors on the weight,
 * each respondent checked: those off their cluster's factors are −1.
 */
export function replicateFactors(weight: Float64Array, reps: Float64Array[], clusters?: Int32Array): ReplicateFactors {
	const B = reps.length, n = weight.length, given = clusters ?? replicateClusters(weight, reps);
	// Loops over typed arrays rather than Maps and callbacks: this runs once per wave read, on the
	// path of the first page after a start. Cluster codes index a table (renumbered first unless
	// they are small non-negative integers, as the frame's PSUs and replicateClusters' are).
	let maxId = -1, minId = 0;
	for (let i = 0; i < n; i++) { const id = given[i]!; if (id > maxId) maxId = id; if (id < minId) minId = id; }
	const ids = minId < 0 || maxId >= 1 << 24 ? denseCodes(given).codes : given;
	if (ids !== given) { maxId = -1; for (let i = 0; i < n; i++) if (ids[i]! > maxId) maxId = ids[i]!; }
	// Cluster numbers in order of first member (−1: none yet); each cluster's factors from that member.
	const number = new Int32Array(maxId + 1).fill(-1);
	const firstRow: number[] = [];
	const k = new Int32Array(n);
	for (let i = 0; i < n; i++) {
		const w = weight[i]!;
		if (!(w > 0 && Number.isFinite(w))) { k[i] = -1; continue; }
		const id = ids[i]!;
		let c = number[id]!;
		if (c < 0) { c = number[id] = firstRow.length; firstRow.push(i); }
		k[i] = c;
	}
	const factor = new Float64Array(firstRow.length * B);
	firstRow.forEach((i, c) => { for (let b = 0; b < B; b++) factor[c * B + b] = reps[b]![i]! / weight[i]!; });
	// Respondent by respondent, all B replicates: each respondent's weight and factors read once.
	const cluster = new Int32Array(n);
	let apart = 0;
	for (let i = 0; i < n; i++) {
		const c = k[i]!;
		let fits = c >= 0;
		if (fits) {
			const w = weight[i]!, at = c * B;
			for (let b = 0; b < B; b++) {
				const given = reps[b]![i]!, made = w * factor[at + b]!;
				if (Math.abs(given - made) > TOLERANCE * Math.max(Math.abs(given), Math.abs(made))) { fits = false; break; }
			}
		}
		cluster[i] = fits ? c : -1;
		if (!fits) apart++;
	}
	return { cluster, count: firstRow.length, factor, apart };
}

/** Few clusters, few respondents apart: the sums through clusters take fewer steps than the direct ones. */
const worthIt = (f: ReplicateFactors, rows: number) => f.count * 4 <= rows && f.apart * 4 <= rows;

/**
 * The frame's factors, found once and kept with its replicate weights: on the file's PSUs when it
 * has them (no search), else, or when the PSUs are not the replicates' clusters, on the clusters
 * the replicate weights reveal.
 */
function factorsOf(frame: SurveyFrame): ReplicateFactors {
	const rep = frame.replicates!;
	if (rep.factors) return rep.factors;
	let f = replicateFactors(frame.weight, rep.weights, frame.psu ?? rep.clusters);
	if (!worthIt(f, frame.rows) && frame.psu) f = replicateFactors(frame.weight, rep.weights, rep.clusters);
	return (rep.factors = f);
}

/**
 * Σ w_bi·y_i and Σ w_bi over the valid respondents (cell ≥ 0, y not NaN) of every cell, for every
 * replicate b: `num` and `den`, cell-major (cells × B). The work of a replicate variance: n × B
 * multiply-adds done directly. When the weights are factors on the weight of few clusters, the
 * sums are Σ_k f_kb · (Σ_{i∈c,k} w_i y_i): one pass over the respondents, then B multiply-adds
 * per cell and cluster that it hits (a city total of 27,000 respondents in 300 PSUs: 15,000
 * instead of 1,350,000 for 50 replicates).
 */
export function replicateTotals(frame: SurveyFrame, y: Float64Array, cell: Int32Array, cells: number): { num: Float64Array; den: Float64Array } {
	const rep = frame.replicates!;
	const f = factorsOf(frame);
	return worthIt(f, frame.rows) ? byClusters(frame.weight, rep, f, y, cell, cells) : direct(rep.weights, y, cell, cells);
}

function byClusters(weight: Float64Array, rep: Replicates, f: ReplicateFactors, y: Float64Array, cell: Int32Array, cells: number) {
	const B = rep.weights.length, K = f.count;
	const num = new Float64Array(cells * B), den = new Float64Array(cells * B);
	// One slot per (cell, cluster) hit: a table when cells × clusters is small, else a map.
	const table = cells * K <= 1 << 22 ? new Int32Array(cells * K).fill(-1) : null;
	const map = table ? null : new Map<number, number>();
	const slotCell: number[] = [], slotCluster: number[] = [], sumWy: number[] = [], sumW: number[] = [];
	for (let i = 0; i < y.length; i++) {
		const c = cell[i]!, v = y[i]!;
		if (c < 0 || v !== v) continue;
		const k = f.cluster[i]!;
		if (k < 0) {
			for (let b = 0; b < B; b++) { const w = rep.weights[b]![i]!; num[c * B + b]! += w * v; den[c * B + b]! += w; }
			continue;
		}
		const key = c * K + k;
		let s = table ? table[key]! : (map!.get(key) ?? -1);
		if (s < 0) {
			s = slotCell.length;
			slotCell.push(c); slotCluster.push(k); sumWy.push(0); sumW.push(0);
			if (table) table[key] = s; else map!.set(key, s);
		}
		sumWy[s]! += weight[i]! * v;
		sumW[s]! += weight[i]!;
	}
	for (let s = 0; s < slotCell.length; s++) {
		const at = slotCell[s]! * B, fk = slotCluster[s]! * B, wy = sumWy[s]!, w = sumW[s]!;
		for (let b = 0; b < B; b++) {
			const x = f.factor[fk + b]!;
			num[at + b]! += x * wy;
			den[at + b]! += x * w;
		}
	}
	return { num, den };
}

/** The sums respondent by respondent, four replicates a pass (each respondent's cell and value loaded once for four weights). */
function direct(reps: Float64Array[], y: Float64Array, cell: Int32Array, cells: number) {
	const B = reps.length;
	const num = new Float64Array(cells * B), den = new Float64Array(cells * B);
	let m = 0;
	for (let i = 0; i < y.length; i++) if (cell[i]! >= 0 && y[i] === y[i]) m++;
	const idx = new Int32Array(m), cOf = new Int32Array(m), yv = new Float64Array(m);
	for (let i = 0, k = 0; i < y.length; i++) {
		if (cell[i]! < 0 || y[i] !== y[i]) continue;
		idx[k] = i; cOf[k] = cell[i]! * B; yv[k++] = y[i]!;
	}
	let b0 = 0;
	for (; b0 + 4 <= B; b0 += 4) {
		const w0 = reps[b0]!, w1 = reps[b0 + 1]!, w2 = reps[b0 + 2]!, w3 = reps[b0 + 3]!;
		for (let k = 0; k < m; k++) {
			const i = idx[k]!, c = cOf[k]! + b0, v = yv[k]!;
			const a0 = w0[i]!, a1 = w1[i]!, a2 = w2[i]!, a3 = w3[i]!;
			num[c]! += a0 * v; den[c]! += a0;
			num[c + 1]! += a1 * v; den[c + 1]! += a1;
			num[c + 2]! += a2 * v; den[c + 2]! += a2;
			num[c + 3]! += a3 * v; den[c + 3]! += a3;
		}
	}
	for (; b0 < B; b0++) {
		const wb = reps[b0]!;
		for (let k = 0; k < m; k++) { const w = wb[idx[k]!]!, c = cOf[k]! + b0; num[c]! += w * yv[k]!; den[c]! += w; }
	}
	return { num, den };
}
