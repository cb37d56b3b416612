/**
 * The indicator engine on frames small enough to compute by hand: domain estimates and their
 * design-based variances (weights, strata_psu, replicate), degenerate domains, the recodes of
 * the catalog, and the catalog's schema.
 */
import { describe, expect, test } from 'vitest';
import { estimateDomains, type DomainResult } from '../../app/lib/engine/estimate';
import type { SurveyFrame } from '../../app/lib/engine/frame';
import { kgInterval, qt } from '../../app/lib/engine/intervals';
import { MissingItemError, recodeIndicator, type ItemColumn } from '../../app/lib/engine/recode';
import { Catalog, itemsOf } from '../../app/lib/engine/catalog';
import type { DomainVariable } from '../../app/lib/engine/types';

const f64 = (xs: number[]) => Float64Array.from(xs);
const i32 = (xs: number[]) => Int32Array.from(xs);

function frame(p: {
	weight: number[];
	borough: number[];
	boroughs?: string[];
	gender?: number[];
	strata?: number[];
	psu?: number[];
	replicates?: number[][];
}): SurveyFrame {
	const rows = p.weight.length;
	const f: SurveyFrame = {
		rows,
		weight: f64(p.weight),
		factors: {
			borough: { codes: i32(p.borough), levels: p.boroughs ?? ['A', 'B', 'C'] },
			age_group: { codes: i32(Array(rows).fill(0)), levels: ['18-24'] },
			gender: { codes: i32(p.gender ?? Array(rows).fill(0)), levels: ['woman', 'man', 'non-binary'] }
		}
	};
	if (p.strata) f.strata = i32(p.strata);
	if (p.psu) f.psu = i32(p.psu);
	if (p.replicates) f.replicates = { weights: p.replicates.map(f64), scale: 1 / p.replicates.length };
	return f;
}

const byDomain = (rows: DomainResult[], key: DomainVariable, value: string) => {
	const r = rows.find((x) => x.domain[key] === value);
	if (!r) throw new Error(`no domain ${key} = ${value}`);
	return r;
};
/** Relative closeness for hand-computed values. */
const near = (got: number | null | undefined, want: number, tol = 1e-12) => {
	expect(got).not.toBeNull();
	expect(Math.abs(got! - want)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(want)));
};

/**
 * Seven respondents; the seventh is outside the indicator's universe (NaN) but still a row of
 * the file, so N = 7 in the weights-design variance N/(N−1) Σ z², z = w (y − p̂)/W.
 *   i       0  1  2  3  4  5  6
 *   borough A  A  A  B  B  B  B      (C has nobody)
 *   gender  w  m  w  m  w  m  w
 *   weight  1  2  3  1  2  1  5
 *   y       1  0  1  1  1  0  NaN
 */
const A = frame({ weight: [1, 2, 3, 1, 2, 1, 5], borough: [0, 0, 0, 1, 1, 1, 1], gender: [0, 1, 0, 1, 0, 1, 0] });
const yA = f64([1, 0, 1, 1, 1, 0, NaN]);

describe('estimateDomains, weights design', () => {
	const rows = estimateDomains(A, yA, { kind: 'proportion', by: ['borough'], design: 'weights' });

	test('one row per level, in level order, with canonical domain values', () => {
		expect(rows.map((r) => r.domain)).toEqual([{ borough: 'A' }, { borough: 'B' }, { borough: 'C' }]);
	});

	test('domain A: p̂ = 4/6, V = 7/6 · 26/324', () => {
		const a = byDomain(rows, 'borough', 'A');
		// z = (1·(1/3), 2·(−2/3), 3·(1/3)) / 6 = (1, −4, 3)/18
		expect(a.n).toBe(3);
		expect(a.weighted_n).toBe(6);
		near(a.estimate, 2 / 3);
		near(a.variance, (7 / 6) * (26 / 324));
		near(a.se, Math.sqrt((7 / 6) * (26 / 324)));
		expect(a.df).toBe(2);
		near(a.n_eff_unadjusted, (2 / 3) * (1 / 3) / ((7 / 6) * (26 / 324)));
		// df = n − 1: no df adjustment of n_eff.
		near(a.n_eff, a.n_eff_unadjusted!);
		expect(a.ci).toEqual(kgInterval(2 / 3, a.variance, 3, 2).ci);
		expect(a.reliability).toBe('suppressed');
		expect(a.flags).toEqual(expect.arrayContaining(['n_below_min', 'df_below_min']));
	});

	test('domain B: the respondent outside the universe counts in neither n nor weighted_n', () => {
		const b = byDomain(rows, 'borough', 'B');
		// z = (1·(1/4), 2·(1/4), 1·(−3/4)) / 4 = (1, 2, −3)/16
		expect(b.n).toBe(3);
		expect(b.weighted_n).toBe(4);
		near(b.estimate, 3 / 4);
		near(b.variance, (7 / 6) * (14 / 256));
		expect(b.df).toBe(2);
	});

	test('an empty domain: n = 0, suppressed, no estimate, flag no_respondents', () => {
		const c = byDomain(rows, 'borough', 'C');
		expect(c).toMatchObject({ n: 0, weighted_n: 0, estimate: null, se: null, ci: null, n_eff: null, df: 0,
			reliability: 'suppressed', flags: ['no_respondents'] });
	});

	test('the overall estimate (no breakdown) uses every valid respondent', () => {
		const [all] = estimateDomains(A, yA, { kind: 'proportion', by: [], design: 'weights' });
		// z = w (y − 0.7)/10 = (0.3, −1.4, 0.9, 0.3, 0.6, −0.7)/10, Σ z² = 3.8/100
		expect(all!.domain).toEqual({});
		expect(all!.n).toBe(6);
		expect(all!.weighted_n).toBe(10);
		near(all!.estimate, 0.7);
		near(all!.variance, (7 / 6) * 0.038);
		expect(all!.df).toBe(5);
	});

	test('logit interval: expit(logit p̂ ∓ t_df · SE/(p̂(1 − p̂)))', () => {
		const [all] = estimateDomains(A, yA, { kind: 'proportion', by: [], design: 'weights', ciMethod: 'logit' });
		const se = Math.sqrt((7 / 6) * 0.038), t = qt(0.975, 5), l = Math.log(0.7 / 0.3), h = se / 0.21;
		const expit = (x: number) => 1 / (1 + Math.exp(-x));
		near(all!.ci![0], expit(l - t * h));
		near(all!.ci![1], expit(l + t * h));
		expect(all!.ci_kg).not.toEqual(all!.ci);
	});

	test('a domain of one respondent: no interval (df 0), suppressed', () => {
		const cells = estimateDomains(A, yA, { kind: 'proportion', by: ['borough', 'gender'], design: 'weights' });
		expect(cells.length).toBe(9);
		const am = cells.find((r) => r.domain.borough === 'A' && r.domain.gender === 'man')!;
		expect(am).toMatchObject({ n: 1, weighted_n: 2, estimate: 0, se: 0, df: 0, ci: null, n_eff: null, reliability: 'suppressed' });
		expect(am.flags).toEqual(expect.arrayContaining(['df_nonpositive', 'variance_zero', 'p_hat_0_or_1', 'n_below_min', 'ci_undefined']));
		const nb = cells.filter((r) => r.domain.gender === 'non-binary');
		expect(nb.every((r) => r.n === 0 && r.flags.join() === 'no_respondents')).toBe(true);
	});

	test('a mean: ȳ, its variance and a t interval with the domain df', () => {
		const y = f64([2, 4, 6, 8, 10, 0, NaN]);
		const [m] = estimateDomains(A, y, { kind: 'mean', by: [], design: 'weights' });
		// ȳ = 56/10; z = w (y − 5.6)/10 → Σ z² = 1.392
		near(m!.estimate, 5.6);
		near(m!.variance, (7 / 6) * 1.392);
		expect(m!.df).toBe(5);
		const se = Math.sqrt((7 / 6) * 1.392);
		near(m!.ci![0], 5.6 - qt(0.975, 5) * se);
		near(m!.ci![1], 5.6 + qt(0.975, 5) * se);
		near(qt(0.975, 5), 2.570581835636314, 1e-12);
		expect(m!.n_eff).toBeNull();
		// n = 6 < 30, CV = 0.2276 in the E band.
		expect(m!.reliability).toBe('suppressed');
		expect(m!.flags).toEqual(['n_below_min', 'cv_high']);
	});
});

describe('p̂ of 0 and 1: Clopper–Pearson through kgInterval with n_eff = n', () => {
	// Borough A: five 0s, borough B: five 1s, unequal weights.
	const F = frame({ weight: [1, 2, 3, 4, 5, 1, 2, 3, 4, 5], borough: [0, 0, 0, 0, 0, 1, 1, 1, 1, 1] });
	const y = f64([0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
	const rows = estimateDomains(F, y, { kind: 'proportion', by: ['borough'], design: 'weights' });

	test('p̂ = 0: [0, 1 − 0.025^(1/5)]', () => {
		const a = byDomain(rows, 'borough', 'A');
		expect(a.estimate).toBe(0);
		expect(a.se).toBe(0);
		expect(a.n_eff).toBe(5);
		expect(a.ci![0]).toBe(0);
		near(a.ci![1], 1 - 0.025 ** (1 / 5), 1e-12);
		expect(a.flags).toEqual(expect.arrayContaining(['p_hat_0_or_1', 'variance_zero']));
	});

	test('p̂ = 1: [0.025^(1/5), 1]', () => {
		const b = byDomain(rows, 'borough', 'B');
		expect(b.estimate).toBe(1);
		expect(b.n_eff).toBe(5);
		near(b.ci![0], 0.025 ** (1 / 5), 1e-12);
		expect(b.ci![1]).toBe(1);
		expect(b.flags).toContain('p_hat_0_or_1');
	});

	test('kgInterval itself, for x = 0 and x = n out of 12', () => {
		expect(kgInterval(0, 0, 12, 11).ci).toEqual([0, expect.closeTo(1 - 0.025 ** (1 / 12), 12)]);
		expect(kgInterval(1, 0, 12, 11).ci).toEqual([expect.closeTo(0.025 ** (1 / 12), 12), 1]);
		expect(kgInterval(0, 0, 12, 11).nEff).toBe(12);
	});
});

describe('estimateDomains, strata_psu design', () => {
	/**
	 *   i        0  1  2  3  4  5  6  7
	 *   stratum  0  0  0  0  1  1  1  1
	 *   psu      0  0  1  1  2  2  3  3
	 *   weight   1  1  2  1  1  2  1  1
	 *   y        1  0  1  1  0  0  1  0
	 *   borough  A  A  B  B  B  B  B  B   (A lies inside PSU 0)
	 */
	const F = frame({
		weight: [1, 1, 2, 1, 1, 2, 1, 1], borough: [0, 0, 1, 1, 1, 1, 1, 1],
		strata: [0, 0, 0, 0, 1, 1, 1, 1], psu: [0, 0, 1, 1, 2, 2, 3, 3]
	});
	const y = f64([1, 0, 1, 1, 0, 0, 1, 0]);

	test('overall: V = Σ_h n_h/(n_h − 1) Σ_j (Z_hj − Z̄_h)², df = PSUs − strata', () => {
		const [all] = estimateDomains(F, y, { kind: 'proportion', by: [], design: 'strata_psu' });
		// p̂ = 5/10; PSU totals of z = w (y − ½)/10: 0, 0.15, −0.15, 0 → each stratum 2·(0.0225 − 0.0225/2)
		near(all!.estimate, 0.5);
		near(all!.variance, 0.045);
		expect(all!.df).toBe(2);
	});

	test('a domain spread over three PSUs: the PSU it misses counts as a zero total', () => {
		const rows = estimateDomains(F, y, { kind: 'proportion', by: ['borough'], design: 'strata_psu' });
		const b = byDomain(rows, 'borough', 'B');
		// W = 8, p̂ = ½; PSU totals 0 (missed), 0.1875, −0.1875, 0 → 2 · 0.1875²/2 per stratum
		near(b.estimate, 0.5);
		near(b.variance, 0.1875 ** 2 * 2);
		expect(b.df).toBe(1);
	});

	test('a domain inside one PSU: df 0, no interval, flag df_nonpositive', () => {
		const rows = estimateDomains(F, y, { kind: 'proportion', by: ['borough'], design: 'strata_psu' });
		const a = byDomain(rows, 'borough', 'A');
		expect(a).toMatchObject({ n: 2, weighted_n: 2, estimate: 0.5, df: 0, ci: null, reliability: 'suppressed' });
		expect(a.flags).toContain('df_nonpositive');
	});

	test('a stratum with a single PSU adds nothing to the variance and is flagged stratum_single_psu', () => {
		const G = frame({
			weight: [1, 1, 2, 1, 1, 2, 1, 1, 1, 1], borough: Array(10).fill(0),
			strata: [0, 0, 0, 0, 1, 1, 1, 1, 2, 2], psu: [0, 0, 1, 1, 2, 2, 3, 3, 4, 4]
		});
		const [all] = estimateDomains(G, f64([1, 0, 1, 1, 0, 0, 1, 0, 1, 0]), { kind: 'proportion', by: [], design: 'strata_psu' });
		// p̂ = 6/12; PSU totals of w (y − ½)/12: 0, 0.125 | −0.125, 0 | 0 (alone in its stratum)
		near(all!.estimate, 0.5);
		near(all!.variance, 2 * 0.125 ** 2);
		expect(all!.df).toBe(2);
		expect(all!.flags).toContain('stratum_single_psu');
		const [noLonely] = estimateDomains(F, y, { kind: 'proportion', by: [], design: 'strata_psu' });
		expect(noLonely!.flags).not.toContain('stratum_single_psu');
	});

	test('asks for strata and PSUs the frame does not have', () => {
		expect(() => estimateDomains(A, yA, { kind: 'proportion', by: [], design: 'strata_psu' })).toThrow(/strata/);
	});
});

describe('estimateDomains, replicate design', () => {
	/**
	 *   i        0  1  2  3  4  5
	 *   borough  A  A  A  B  B  B
	 *   weight   1  2  3  1  2  1
	 *   y        1  0  1  1  1  0
	 *   bw_1     1  1  4  1  2  1
	 *   bw_2     0  0  0  2  2  2   ← A has no weight in replicate 2
	 *   bw_3     2  1  1  1  1  1
	 */
	const F = frame({
		weight: [1, 2, 3, 1, 2, 1], borough: [0, 0, 0, 1, 1, 1], boroughs: ['A', 'B'],
		strata: [0, 0, 0, 0, 0, 0], psu: [0, 1, 2, 3, 4, 5],
		replicates: [[1, 1, 4, 1, 2, 1], [0, 0, 0, 2, 2, 2], [2, 1, 1, 1, 1, 1]]
	});
	const y = f64([1, 0, 1, 1, 1, 0]);
	const rows = estimateDomains(F, y, { kind: 'proportion', by: ['borough'], design: 'replicate' });

	test('a replicate in which the domain has no weight adds a zero deviation and is flagged replicates_dropped', () => {
		const a = byDomain(rows, 'borough', 'A');
		// p̂ = 2/3; replicate 1: 5/6, replicate 2: dropped, replicate 3: 3/4 → V = ⅓ (1/36 + 0 + 1/144)
		near(a.estimate, 2 / 3);
		near(a.variance, (1 / 3) * (1 / 36 + 1 / 144));
		expect(a.flags).toContain('replicates_dropped');
		expect(a.df).toBe(2);
	});

	test('a domain with weight in every replicate is not flagged', () => {
		const b = byDomain(rows, 'borough', 'B');
		// p̂ = 3/4; replicates: 3/4, 2/3, 2/3 → V = ⅓ (0 + 1/144 + 1/144)
		near(b.estimate, 3 / 4);
		near(b.variance, (1 / 3) * (2 / 144));
		expect(b.flags).not.toContain('replicates_dropped');
	});
});

describe('recodeIndicator', () => {
	const catalog = Catalog.parse({
		indicators: [
			{ id: 'safe', type: 'proportion', recode: { kind: 'codes', item: 'safe_after_dark', success: ['1', '2'], valid: ['1', '2', '3', '4'] },
				label: { en: 'Safe', fr: 'Sécurité' }, description: { en: 'd', fr: 'd' }, unit: 'percent' },
			{ id: 'victim_any', type: 'proportion', recode: { kind: 'any_of', items: ['v1', 'v2'], success: ['1'], valid: ['0', '1'] },
				label: { en: 'Any', fr: 'Toute' }, description: { en: 'd', fr: 'd' }, unit: 'percent' },
			{ id: 'reported', type: 'proportion',
				recode: { kind: 'codes', item: 'reported', success: ['1'], valid: ['0', '1'], universe: 'victim_any' },
				label: { en: 'Reported', fr: 'Signalé' }, description: { en: 'd', fr: 'd' }, unit: 'percent' },
			{ id: 'trust', type: 'mean', recode: { kind: 'value', item: 'trust', min: 0, max: 10, missing: ['99'] },
				label: { en: 'Trust', fr: 'Confiance' }, description: { en: 'd', fr: 'd' }, unit: 'score' },
			{ id: 'score5', type: 'mean', recode: { kind: 'value', item: 'score5', min: 1, max: 5, missing: ['8', '9', '99'] },
				label: { en: 'Score', fr: 'Score' }, description: { en: 'd', fr: 'd' }, unit: 'score' }
		]
	});
	const def = (id: string) => catalog.indicators.find((d) => d.id === id)!;
	/** An item column from the values as they appear in the file ('' = empty cell). */
	const item = (values: string[]): ItemColumn => {
		const levels: string[] = [];
		const codes = values.map((v) => {
			if (v === '') return -1;
			if (!levels.includes(v)) levels.push(v);
			return levels.indexOf(v);
		});
		return { codes: i32(codes), levels };
	};
	const asArray = (y: Float64Array) => Array.from(y, (v) => (Number.isNaN(v) ? null : v));

	test('codes: success → 1, other valid codes → 0, missing codes 8, 9, 99, unknown codes and empty → excluded', () => {
		const values = ['1', '2', '3', '4', '8', '9', '99', '', '5', '2'];
		const y = recodeIndicator(catalog, def('safe'), new Map([['safe_after_dark', item(values)]]), values.length);
		expect(asArray(y)).toEqual([1, 1, 0, 0, null, null, null, null, null, 1]);
	});

	test('any_of: 1 if any item is 1, 0 if all are 0, otherwise excluded', () => {
		const v1 = ['1', '0', '0', '1', '9', '0', '', '9', '8'];
		const v2 = ['0', '0', '1', '9', '1', '9', '0', '9', ''];
		const y = recodeIndicator(catalog, def('victim_any'), new Map([['v1', item(v1)], ['v2', item(v2)]]), v1.length);
		expect(asArray(y)).toEqual([1, 0, 1, 1, 1, null, null, null, null]);
	});

	test('value: the number within [min, max]; missing codes, out-of-range and non-numbers excluded', () => {
		const trust = ['0', '5', '10', '99', '11', '-1', 'abc', '8', '9', '', '7.5'];
		const y = recodeIndicator(catalog, def('trust'), new Map([['trust', item(trust)]]), trust.length);
		// On a 0–10 scale 8 and 9 are answers; only 99 is a missing code there.
		expect(asArray(y)).toEqual([0, 5, 10, null, null, null, null, 8, 9, null, 7.5]);
		const s = ['1', '5', '8', '9', '99', '3'];
		const y5 = recodeIndicator(catalog, def('score5'), new Map([['score5', item(s)]]), s.length);
		expect(asArray(y5)).toEqual([1, 5, null, null, null, 3]);
	});

	test('universe: only respondents for whom the universe indicator is 1', () => {
		//            victim    victim    not victim  unknown   victim
		const v1 = ['1',      '0',      '0',        '9',      '1'];
		const v2 = ['0',      '1',      '0',        '0',      '0'];
		const rp = ['1',      '0',      '1',        '0',      ''];
		const items = new Map([['v1', item(v1)], ['v2', item(v2)], ['reported', item(rp)]]);
		expect(asArray(recodeIndicator(catalog, def('reported'), items, 5))).toEqual([1, 0, null, null, null]);
		expect(itemsOf(catalog, 'reported')).toEqual(['reported', 'v1', 'v2']);
	});

	test('an item the dataset does not have is an error that names it', () => {
		expect(() => recodeIndicator(catalog, def('reported'), new Map([['reported', item(['1'])]]), 1)).toThrow(MissingItemError);
		expect(() => recodeIndicator(catalog, def('safe'), new Map(), 1)).toThrow(/safe_after_dark/);
	});
});

describe('the catalog schema', () => {
	const ind = (id: string, extra: Record<string, unknown> = {}) => ({
		id, type: 'proportion',
		recode: { kind: 'codes', item: 'x', success: ['1'], valid: ['0', '1'] },
		label: { en: id, fr: id }, description: { en: id, fr: id }, unit: 'percent', ...extra
	});
	const messages = (r: ReturnType<typeof Catalog.safeParse>) => (r.success ? [] : r.error.issues.map((i) => i.message));

	test('accepts a valid catalog, a universe defined later in the list included', () => {
		const r = Catalog.safeParse({ indicators: [
			ind('b', { recode: { kind: 'codes', item: 'y', success: ['1'], valid: ['0', '1'], universe: 'a' } }), ind('a')
		] });
		expect(r.success).toBe(true);
	});

	test('rejects a duplicate id', () => {
		const r = Catalog.safeParse({ indicators: [ind('a'), ind('b'), ind('a')] });
		expect(r.success).toBe(false);
		expect(messages(r)).toEqual(['duplicate indicator id a']);
	});

	test('rejects a universe that is not in the catalog', () => {
		const r = Catalog.safeParse({ indicators: [
			ind('a', { recode: { kind: 'codes', item: 'x', success: ['1'], valid: ['0', '1'], universe: 'victims' } })
		] });
		expect(r.success).toBe(false);
		expect(messages(r)).toEqual(['a: universe victims is not an indicator of the catalog']);
	});

	test('rejects a mean with a codes recode, and a proportion with a value recode', () => {
		const mean = Catalog.safeParse({ indicators: [ind('m', { type: 'mean', unit: 'score' })] });
		expect(mean.success).toBe(false);
		expect(messages(mean).join()).toMatch(/a mean uses a "value" recode/);
		const prop = Catalog.safeParse({ indicators: [ind('p', { recode: { kind: 'value', item: 'x', min: 0, max: 10 } })] });
		expect(prop.success).toBe(false);
	});

	test('rejects ids that are not lower-case identifiers, empty catalogs and unknown recode kinds', () => {
		expect(Catalog.safeParse({ indicators: [ind('Feel Safe')] }).success).toBe(false);
		expect(Catalog.safeParse({ indicators: [] }).success).toBe(false);
		expect(Catalog.safeParse({ indicators: [ind('a', { recode: { kind: 'regex', item: 'x' } })] }).success).toBe(false);
		expect(Catalog.safeParse({ indicators: [ind('a', { label: { en: 'only English' } })] }).success).toBe(false);
	});
});
