/**
 * Reliability rules, at and around every threshold: NCHS Data Presentation
 * Standards for Proportions (2017) and Statistics Canada's CV bands for means.
 */
import { describe, expect, test } from 'vitest';
import { DEFAULT_RULES, judgeMean, judgeProportion } from '../../app/lib/engine/reliability';

type P = Parameters<typeof judgeProportion>[0];

/** A comfortably reliable proportion: n = n_eff = 400, p = 0.5, CI 0.45–0.55, df 399. */
const OK: P = { n: 400, nEff: 400, p: 0.5, ci: [0.45, 0.55], df: 399 };
const prop = (patch: Partial<P>): P => ({ ...OK, ...patch });

describe('judgeProportion (NCHS 2017)', () => {
	test('the defaults: NCHS 2017 for proportions, Statistics Canada for means', () => {
		expect(DEFAULT_RULES.proportion).toEqual({ minN: 30, minNEff: 30, maxCiWidth: 0.3, relativeWidthAbove: 0.05, maxRelativeWidth: 1.3, minDf: 8 });
		expect(DEFAULT_RULES.mean).toEqual({ minN: 30, flagCv: 0.166, suppressCv: 0.333 });
	});

	test.each<[string, Partial<P>, string, string[]]>([
		['baseline', {}, 'ok', []],
		// n < 30
		['n 29', { n: 29 }, 'suppressed', ['n_below_min']],
		['n 30', { n: 30 }, 'ok', []],
		['n 31', { n: 31 }, 'ok', []],
		// effective n < 30
		['n_eff 29.9', { nEff: 29.9 }, 'suppressed', ['n_eff_below_min']],
		['n_eff 29.999999', { nEff: 29.999999 }, 'suppressed', ['n_eff_below_min']],
		['n_eff 30', { nEff: 30 }, 'ok', []],
		['n_eff 30.1', { nEff: 30.1 }, 'ok', []],
		['n_eff NaN (undefined)', { nEff: NaN }, 'suppressed', ['n_eff_below_min']],
		['n 29 and n_eff 29.9', { n: 29, nEff: 29.9 }, 'suppressed', ['n_below_min', 'n_eff_below_min']],
		// absolute CI width ≥ 0.30 (p = 0.5: relative widths stay under 130%)
		['CI width 0.2999', { ci: [0, 0.2999] }, 'ok', []],
		['CI width 0.30', { ci: [0, 0.3] }, 'suppressed', ['ci_too_wide']],
		['CI width 0.3001', { ci: [0, 0.3001] }, 'suppressed', ['ci_too_wide']],
		['CI width 0.30 (0.2 to 0.5)', { ci: [0.2, 0.5] }, 'suppressed', ['ci_too_wide']],
		// relative width > 130% when the width is above 0.05 (p = 0.125, an exact binary fraction)
		['relative width 1.30 exactly', { p: 0.125, ci: [0, 0.1625] }, 'ok', []],
		['relative width 1.2999', { p: 0.125, ci: [0, 0.1624875] }, 'ok', []],
		['relative width 1.3001', { p: 0.125, ci: [0, 0.1625125] }, 'suppressed', ['relative_ci_too_wide']],
		['relative width 2 with width 0.2', { p: 0.1, ci: [0.02, 0.22] }, 'suppressed', ['relative_ci_too_wide']],
		// the relative rule only applies to widths above 0.05
		['width exactly 0.05, relative width 2.5', { p: 0.02, ci: [0, 0.05] }, 'ok', []],
		['width 0.0499, relative width 2.5', { p: 0.02, ci: [0, 0.0499] }, 'ok', []],
		['width 0.0501, relative width 2.5', { p: 0.02, ci: [0, 0.0501] }, 'suppressed', ['relative_ci_too_wide']],
		// an absolutely too wide interval is reported once, as too wide
		['width 0.4 and relative width 2', { p: 0.2, ci: [0, 0.4] }, 'suppressed', ['ci_too_wide']],
		// df < 8 flags
		['df 7', { df: 7 }, 'flag', ['df_below_min']],
		['df 8', { df: 8 }, 'ok', []],
		['df 7.9', { df: 7.9 }, 'flag', ['df_below_min']],
		['df 0', { df: 0 }, 'flag', ['df_below_min']],
		// the complement's relative width > 130% flags (p = 0.875: 1 − p = 0.125 exactly)
		['complement relative width 1.30 exactly', { p: 0.875, ci: [0, 0.1625] }, 'ok', []],
		['complement relative width 1.2999', { p: 0.875, ci: [0, 0.1624875] }, 'ok', []],
		['complement relative width 1.3001', { p: 0.875, ci: [0, 0.1625125] }, 'flag', ['complement_relative_ci_too_wide']],
		['complement relative width 1.6 (p = 0.9, width 0.16)', { p: 0.9, ci: [0.8, 0.96] }, 'flag', ['complement_relative_ci_too_wide']],
		// p of 0 or 1: flagged, the relative rules not applied, the absolute width rule still applied
		['p 0 with a Clopper–Pearson interval', { p: 0, ci: [0, 0.0092] }, 'flag', ['p_hat_0_or_1']],
		['p 1 with a Clopper–Pearson interval', { p: 1, ci: [0.9908, 1] }, 'flag', ['p_hat_0_or_1']],
		['p 0 with width 0.2 (relative rule not applied)', { p: 0, ci: [0, 0.2] }, 'flag', ['p_hat_0_or_1']],
		['p 1 with width 0.2 (complement rule not applied)', { p: 1, ci: [0.8, 1] }, 'flag', ['p_hat_0_or_1']],
		['p 0 with width 0.30', { p: 0, ci: [0, 0.3] }, 'suppressed', ['ci_too_wide', 'p_hat_0_or_1']],
		['p 1 with n 29', { p: 1, n: 29, ci: [0.9, 1] }, 'suppressed', ['n_below_min', 'p_hat_0_or_1']],
		// no interval
		['no CI', { ci: null }, 'suppressed', ['ci_undefined']],
		['a CI with NaN', { ci: [NaN, 0.6] }, 'suppressed', ['ci_undefined']],
		['no CI and df 0', { ci: null, df: 0 }, 'suppressed', ['ci_undefined', 'df_below_min']],
		// suppression and flags together: suppressed wins, every reason is kept
		['n 29 and df 7', { n: 29, df: 7 }, 'suppressed', ['n_below_min', 'df_below_min']],
		['everything wrong', { n: 5, nEff: 3, p: 0.6, ci: [0.3, 0.9], df: 2 }, 'suppressed',
			['n_below_min', 'n_eff_below_min', 'ci_too_wide', 'complement_relative_ci_too_wide', 'df_below_min']]
	])('%s', (_name, patch, reliability, reasons) => {
		expect(judgeProportion(prop(patch))).toEqual({ reliability, reasons });
	});

	test('thresholds are settings', () => {
		const rules = { ...DEFAULT_RULES.proportion, minN: 50, minDf: 12 };
		expect(judgeProportion(prop({ n: 49 }), rules)).toEqual({ reliability: 'suppressed', reasons: ['n_below_min'] });
		expect(judgeProportion(prop({ df: 11 }), rules)).toEqual({ reliability: 'flag', reasons: ['df_below_min'] });
		expect(judgeProportion(prop({ n: 50, df: 12 }), rules)).toEqual({ reliability: 'ok', reasons: [] });
	});
});

type M = Parameters<typeof judgeMean>[0];

describe('judgeMean (Statistics Canada CV bands)', () => {
	test.each<[string, M, string, string[]]>([
		['CV 0.10', { n: 100, mean: 1, se: 0.1 }, 'ok', []],
		['CV 0.165', { n: 100, mean: 1, se: 0.165 }, 'ok', []],
		['CV 0.1659', { n: 100, mean: 1, se: 0.1659 }, 'ok', []],
		['CV 0.166', { n: 100, mean: 1, se: 0.166 }, 'flag', ['cv_high']],
		['CV 0.2', { n: 100, mean: 5, se: 1 }, 'flag', ['cv_high']],
		['CV 0.333', { n: 100, mean: 1, se: 0.333 }, 'flag', ['cv_high']],
		['CV 0.3331', { n: 100, mean: 1, se: 0.3331 }, 'suppressed', ['cv_too_high']],
		['CV 0.5', { n: 100, mean: 2, se: 1 }, 'suppressed', ['cv_too_high']],
		['negative mean, CV 0.166', { n: 100, mean: -1, se: 0.166 }, 'flag', ['cv_high']],
		['negative mean, CV 0.1', { n: 100, mean: -2, se: 0.2 }, 'ok', []],
		['mean 0 (CV undefined)', { n: 100, mean: 0, se: 0.1 }, 'suppressed', ['cv_too_high']],
		['se 0', { n: 100, mean: 4, se: 0 }, 'ok', []],
		['n 29', { n: 29, mean: 1, se: 0.01 }, 'suppressed', ['n_below_min']],
		['n 30', { n: 30, mean: 1, se: 0.01 }, 'ok', []],
		['n 31', { n: 31, mean: 1, se: 0.01 }, 'ok', []],
		['n 29 and CV 0.2', { n: 29, mean: 1, se: 0.2 }, 'suppressed', ['n_below_min', 'cv_high']],
		['n 29 and CV 0.4', { n: 29, mean: 1, se: 0.4 }, 'suppressed', ['n_below_min', 'cv_too_high']]
	])('%s', (_name, x, reliability, reasons) => {
		expect(judgeMean(x)).toEqual({ reliability, reasons });
	});

	test('thresholds are settings', () => {
		const rules = { minN: 10, flagCv: 0.1, suppressCv: 0.2 };
		expect(judgeMean({ n: 10, mean: 1, se: 0.1 }, rules).reliability).toBe('flag');
		expect(judgeMean({ n: 10, mean: 1, se: 0.21 }, rules).reliability).toBe('suppressed');
		expect(judgeMean({ n: 9, mean: 1, se: 0.01 }, rules).reliability).toBe('suppressed');
	});
});
