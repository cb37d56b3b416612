import { DesignError, type StratifiedPlan } from './design';

/**
 * Between-PSU variance of a stratified design from PSU totals, as R's survey (svyrecvar →
 * onestage → onestrat) computes it for a domain analysed with subset(): for each stratum h hit
 * by the domain, with n_h its PSUs in the whole file (PSUs outside the domain count as zero
 * totals), m_h the PSUs hit and f_h the finite population correction,
 *
 *   V_h = f_h · n_h/(n_h − 1) · Σ_j (Z_hj − Z̄_h)²
 *
 * and V = Σ_h V_h · (strata hit)/(strata whose V_h is defined). Single-PSU strata (n_h = 1)
 * follow `lonely`: certainty and remove add 0, adjust adds f_h · Z_h² (centred on the
 * population mean, 0, instead of the stratum's), average leaves the stratum out and scales the
 * others up, fail throws. With `adjustDomainLonely`, a stratum where the domain hits one PSU of
 * several is handled the same way by adjust and average (R's survey.adjust.domain.lonely).
 */
export class StratumSums {
	private readonly sum: Float64Array;
	private readonly sq: Float64Array;
	private readonly hit: Float64Array;

	constructor(readonly cells: number, readonly H: number) {
		this.sum = new Float64Array(cells * H);
		this.sq = new Float64Array(cells * H);
		this.hit = new Float64Array(cells * H);
	}

	/** One PSU hit by the cell, with its total. */
	add(cell: number, stratum: number, total: number): void {
		const k = cell * this.H + stratum;
		this.sum[k]! += total;
		this.sq[k]! += total * total;
		this.hit[k]!++;
	}

	/** The variance of each cell, its df (PSUs hit − strata hit) and whether it hit a single-PSU stratum. */
	variance(plan: StratifiedPlan): { variance: Float64Array; df: Float64Array; lonely: Uint8Array } {
		const { cells, H } = this;
		const variance = new Float64Array(cells), df = new Float64Array(cells), lonely = new Uint8Array(cells);
		for (let c = 0; c < cells; c++) {
			let total = 0, strata = 0, defined = 0, psus = 0;
			for (let h = 0; h < H; h++) {
				const k = c * H + h, m = this.hit[k]!;
				if (m === 0) continue;
				strata++;
				psus += m;
				const n = plan.nh[h]!;
				if (n === 1) lonely[c] = 1;
				const v = stratumVariance(plan, h, n, m, this.sum[k]!, this.sq[k]!);
				if (v === v) { total += v; defined++; }
			}
			variance[c] = defined === strata ? total : (total * strata) / defined;
			df[c] = psus - strata;
		}
		return { variance, df, lonely };
	}
}

/** One stratum's contribution (R's onestrat); NaN when `average` leaves it out. */
function stratumVariance(plan: StratifiedPlan, h: number, n: number, m: number, t: number, q: number): number {
	const f = plan.f ? plan.f[h]! : 1;
	if (f < 1e-7) return 0; // the whole stratum is in the sample: no sampling variance, whatever the option
	const domainLonely = m === 1 && n > 1 && plan.adjustDomainLonely;
	const centred = !(plan.lonely === 'adjust' && m <= 1 && (n === 1 || plan.adjustDomainLonely));
	const ss = centred ? q - (t * t) / n : q;
	if (n > 1) return domainLonely && plan.lonely === 'average' ? NaN : f * (n / (n - 1)) * ss;
	switch (plan.lonely) {
		case 'fail': throw new DesignError('lonely_psu_fail', { stratum: plan.labels[h] ?? String(h) });
		case 'average': return NaN;
		case 'adjust': return f * ss;
		default: return 0; // certainty, remove: centred on the stratum's single PSU
	}
}
