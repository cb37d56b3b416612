import betaQuantile from '@stdlib/stats-base-dists-beta-quantile';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

/**
 * Quantiles already computed, by probability and degrees of freedom: a table asks for the same
 * few (t at α/2 for the design's df and each cell's n − 1) hundreds of times, and each costs an
 * inverse incomplete beta function. Cleared when full, so a long run cannot grow it.
 */
const tQuantiles = new Map<string, number>();
const T_QUANTILES_KEPT = 10_000;

/** Student's t quantile; NaN for df ≤ 0 (as R's qt). */
export function qt(p: number, df: number): number {
	if (!(df > 0)) return NaN;
	const key = `${p}|${df}`;
	let q = tQuantiles.get(key);
	if (q === undefined) {
		if (tQuantiles.size >= T_QUANTILES_KEPT) tQuantiles.clear();
		q = tQuantile(p, df);
		tQuantiles.set(key, q);
	}
	return q;
}

export interface KgResult {
	ci: [number, number];
	nEff: number;
	nEffAdjusted: number;
}

/**
 * Korn–Graubard interval, as R's svyciprop(method = "beta") (METHODS.md §4.5):
 * n_eff = p(1−p)/V, adjusted by (t_{α/2,n−1}/t_{α/2,df})², then Clopper–Pearson-style beta
 * quantiles. No cap n_eff* ≤ n (R applies none). When V = 0 (p̂ of 0 or 1) R gives NaN; the
 * NCHS standard then uses n_eff = n, which is the exact Clopper–Pearson interval: we do that.
 * Example: p = 0.3725, V = 0.07464², n = 22, df = 7 → [0.2100, 0.5593].
 */
export function kgInterval(p: number, variance: number, n: number, df: number, level = 0.95): KgResult {
	const a = 1 - level;
	const nEff = variance > 0 ? (p * (1 - p)) / variance : n;
	const ratio = qt(a / 2, n - 1) / qt(a / 2, df);
	const nAdj = df === n - 1 ? nEff : nEff * ratio * ratio;
	const x = nAdj * p;
	const lo = x <= 0 ? 0 : betaQuantile(a / 2, x, nAdj - x + 1);
	const hi = x >= nAdj ? 1 : betaQuantile(1 - a / 2, x + 1, nAdj - x);
	return { ci: [lo, hi], nEff, nEffAdjusted: nAdj };
}

const expit = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * Logit interval, as svyciprop(method = "logit") at convergence (METHODS.md §4.6):
 * expit(logit p̂ ∓ t_{1−α/2,df} · SE_logit). With linearisation SE_logit = √V/(p(1−p)); with
 * replicate weights the caller passes the replicate-refit SE on the logit scale.
 */
export function logitInterval(p: number, seLogit: number, df: number, level = 0.95): [number, number] {
	const t = qt(1 - (1 - level) / 2, df);
	const l = Math.log(p / (1 - p));
	return [expit(l - t * seLogit), expit(l + t * seLogit)];
}

/** t interval for a mean: ȳ ∓ t_{1−α/2,df} · SE. */
export function tInterval(mean: number, se: number, df: number, level = 0.95): [number, number] {
	const t = qt(1 - (1 - level) / 2, df);
	return [mean - t * se, mean + t * se];
}
