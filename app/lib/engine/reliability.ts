import { z } from 'zod';
import type { Reliability } from './types';

const Count = z.number().int().min(0);
const Share = z.number().min(0).max(1);

/** The reliability and disclosure thresholds; each a setting (validated with this schema), the defaults below. */
export const ReliabilityRules = z.object({
	/** NCHS Data Presentation Standards for Proportions (2017). */
	proportion: z.object({
		minN: Count,
		minNEff: z.number().min(0),
		maxCiWidth: Share,
		relativeWidthAbove: Share,
		maxRelativeWidth: z.number().positive(),
		minDf: Count
	}),
	/** Statistics Canada release rules for means: CV bands. */
	mean: z.object({ minN: Count, flagCv: z.number().positive(), suppressCv: z.number().positive() })
		.refine((m) => m.flagCv <= m.suppressCv, { error: 'flagCv must not exceed suppressCv', path: ['flagCv'], params: { key: 'rules.problem.flag_cv' } }),
	/**
	 * Counts (diagnostic data): counts below minCount suppressed in tables by age group or gender,
	 * with complements; rates from fewer than flagBelow events flagged (NCHS: 20); mapped points
	 * shown only in aggregates of at least minPoints.
	 */
	count: z.object({ minCount: Count, flagBelow: Count, minPoints: Count.min(1) })
});
export type ReliabilityRules = z.infer<typeof ReliabilityRules>;

export const DEFAULT_RULES: ReliabilityRules = {
	proportion: { minN: 30, minNEff: 30, maxCiWidth: 0.3, relativeWidthAbove: 0.05, maxRelativeWidth: 1.3, minDf: 8 },
	mean: { minN: 30, flagCv: 0.166, suppressCv: 0.333 },
	count: { minCount: 5, flagBelow: 20, minPoints: 5 }
};

export interface Judgement {
	reliability: Reliability;
	/** Reason codes, rendered in the reader's language from the message catalogs. */
	reasons: string[];
}

const verdict = (suppress: string[], flag: string[]): Judgement =>
	suppress.length
		? { reliability: 'suppressed', reasons: [...suppress, ...flag] }
		: { reliability: flag.length ? 'flag' : 'ok', reasons: flag };

/**
 * NCHS 2017 for a proportion with its Korn–Graubard interval: suppress when n or the effective
 * n is under 30, when the interval is 0.30 wide or more, or wider than 0.05 and more than 130%
 * of the estimate; flag when df < 8, when the complement's relative width exceeds 130%, or when
 * the estimate is 0 or 1 (then the relative-width rule is not applied).
 */
export function judgeProportion(
	x: { n: number; nEff: number; p: number; ci: [number, number] | null; df: number },
	rules: ReliabilityRules['proportion'] = DEFAULT_RULES.proportion
): Judgement {
	const suppress: string[] = [], flag: string[] = [];
	if (x.n < rules.minN) suppress.push('n_below_min');
	if (!(x.nEff >= rules.minNEff)) suppress.push('n_eff_below_min');
	const atBound = Math.min(x.p, 1 - x.p) < 1e-12;
	if (!x.ci || !Number.isFinite(x.ci[0]) || !Number.isFinite(x.ci[1])) suppress.push('ci_undefined');
	else {
		const width = x.ci[1] - x.ci[0];
		if (width >= rules.maxCiWidth) suppress.push('ci_too_wide');
		else if (!atBound && width > rules.relativeWidthAbove && width / x.p > rules.maxRelativeWidth) suppress.push('relative_ci_too_wide');
		if (!atBound && width / (1 - x.p) > rules.maxRelativeWidth) flag.push('complement_relative_ci_too_wide');
	}
	if (x.df < rules.minDf) flag.push('df_below_min');
	if (atBound) flag.push('p_hat_0_or_1');
	return verdict(suppress, flag);
}

/** Statistics Canada release rules for a mean: suppress when n < 30 or CV > 33.3%; flag (E) when 16.6% ≤ CV ≤ 33.3%. */
export function judgeMean(
	x: { n: number; mean: number; se: number },
	rules: ReliabilityRules['mean'] = DEFAULT_RULES.mean
): Judgement {
	const suppress: string[] = [], flag: string[] = [];
	const cv = x.mean !== 0 ? x.se / Math.abs(x.mean) : Infinity;
	if (x.n < rules.minN) suppress.push('n_below_min');
	if (cv > rules.suppressCv) suppress.push('cv_too_high');
	else if (cv >= rules.flagCv) flag.push('cv_high');
	return verdict(suppress, flag);
}
