/**
 * Degrees of freedom of a replicate design on a domain for any replicate weights (JK1, JKn, BRR,
 * Fay, other), as R's degf(): rank(W_S) − 1, W_S the replicate weights of the domain's rows
 * (qr(W_S, tol = 1e-5)$rank). The rows of one cluster (respondents whose replicate weights are
 * the same multiples of their weight, replicateClusters) are one direction, so the rank is that
 * of one row per cluster hit, each scaled by √(Σ w_i²) over its rows, which has the same Gram
 * matrix as W_S. Example: JK1 weights of 15 PSUs, a domain in 4 of them → rank 4, df 3.
 */
export function replicateRankDf(
	cell: Int32Array, y: Float64Array, weight: Float64Array, reps: Float64Array[], clusters: Int32Array, cells: number
): Float64Array {
	const B = reps.length;
	// Per (cell, cluster) hit: a representative row and Σ w².
	const hits = new Map<number, { row: number; w2: number }>();
	let K = 0;
	for (let i = 0; i < clusters.length; i++) if (clusters[i]! >= K) K = clusters[i]! + 1;
	for (let i = 0; i < y.length; i++) {
		const c = cell[i]!;
		if (c < 0 || y[i] !== y[i]) continue;
		const key = c * K + clusters[i]!, w = weight[i]!;
		const h = hits.get(key);
		if (h) h.w2 += w * w;
		else hits.set(key, { row: i, w2: w * w });
	}
	const rowsOf: { row: number; w2: number }[][] = Array.from({ length: cells }, () => []);
	for (const [key, h] of hits) rowsOf[Math.floor(key / K)]!.push(h);
	const df = new Float64Array(cells);
	for (let c = 0; c < cells; c++) {
		const vectors = rowsOf[c]!.map(({ row, w2 }) => {
			const s = Math.sqrt(w2) / weight[row]!;
			return Float64Array.from({ length: B }, (_, b) => s * reps[b]![row]!);
		});
		df[c] = rank(vectors, B) - 1;
	}
	return df;
}

const TOL = 1e-5;

/**
 * Numerical rank of a set of vectors of length B by Gram–Schmidt (twice, for stability): a vector
 * counts when what is left of it after removing the others' directions exceeds TOL of its norm.
 * Stops at B, the most the rank can be.
 */
export function rank(vectors: Float64Array[], B: number): number {
	const basis: Float64Array[] = [];
	for (const v of vectors) {
		if (basis.length === B) break;
		const norm = norm2(v);
		if (norm === 0) continue;
		const r = Float64Array.from(v);
		for (let pass = 0; pass < 2; pass++) {
			for (const q of basis) {
				let dot = 0;
				for (let b = 0; b < B; b++) dot += q[b]! * r[b]!;
				for (let b = 0; b < B; b++) r[b]! -= dot * q[b]!;
			}
		}
		const left = norm2(r);
		if (left <= TOL * norm) continue;
		for (let b = 0; b < B; b++) r[b]! /= left;
		basis.push(r);
	}
	return basis.length;
}

function norm2(v: Float64Array): number {
	let s = 0;
	for (let b = 0; b < v.length; b++) s += v[b]! * v[b]!;
	return Math.sqrt(s);
}
