/**
 * Distributions (each category's share, domain.category) and comparisons
 * (`compare: rest, previous_wave`) through computeIndicator, on two small synthetic demo waves
 * loaded into a real temporary SQLite file; the numbers are checked against the CSV rows.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { computeIndicator, type IndicatorRequest } from '../../app/lib/server/indicators/survey';
import { estimateCsv } from '../../app/lib/server/http/csv';
import { testDifference } from '../../app/lib/engine/compare';
import type { EstimateRow } from '../../app/lib/engine/types';
import { generateDemoSurvey } from '../../demo/generate-survey';
import { loadSurvey } from '../../ingest/survey/load-survey';
import { tempDb } from '../helpers/temp-db';

type CsvRow = Record<string, string>;

const CONTEXTS = ['private', 'academic', 'external_public', 'internal_public'];
const GENDERS = ['woman', 'man', 'non-binary'];
const VICTIM_ITEMS = ['victim_physical_12m', 'victim_verbal_12m', 'victim_psychological_12m', 'victim_sexual_12m'];

let env: ReturnType<typeof tempDb>;
let csv2024: CsvRow[];

beforeAll(async () => {
	env = tempDb();
	for (const wave of ['2023', '2024']) {
		const text = generateDemoSurvey({ wave, seed: Number(wave), n: 3000 });
		const path = join(env.dir, `demo-${wave}.csv`);
		writeFileSync(path, text);
		const res = await loadSurvey(env.db, path, { wave });
		expect(res.ok, JSON.stringify(res).slice(0, 500)).toBe(true);
		if (wave === '2024') {
			const parsed = Papa.parse<CsvRow>(text, { header: true, skipEmptyLines: true });
			expect(parsed.errors).toEqual([]);
			csv2024 = parsed.data;
		}
	}
	expect(csv2024.length).toBe(3000);
});
afterAll(() => env.cleanup());

const req = (indicator: string, by: IndicatorRequest['by'], more: Partial<IndicatorRequest> = {}): IndicatorRequest =>
	({ indicator, wave: '2024', by, design: 'auto', ci: 'kg', suppress: false, ...more });

const key = (r: EstimateRow) => JSON.stringify([r.domain.borough, r.domain.age_group, r.domain.gender, r.domain.category]);

describe('the distribution victim_context by gender', () => {
	const table = () => computeIndicator(env.db, req('victim_context', ['gender']));

	test('every gender has the 4 categories, in the catalog order, summing to 1', () => {
		const t = table();
		expect(t.indicator).toBe('victim_context');
		expect(t.rows.length).toBe(GENDERS.length * CONTEXTS.length);
		for (const r of t.rows) {
			expect(CONTEXTS).toContain(r.domain.category);
			expect(Object.keys(r.domain).sort()).toEqual(['category', 'gender']);
		}
		expect(new Set(t.rows.map((r) => r.domain.gender))).toEqual(new Set(GENDERS));
		for (const g of GENDERS) {
			const rows = t.rows.filter((r) => r.domain.gender === g);
			expect(rows.map((r) => r.domain.category)).toEqual(CONTEXTS);
			for (const r of rows) expect(typeof r.estimate, `${g} ${r.domain.category}`).toBe('number');
			const sum = rows.reduce((s, r) => s + r.estimate!, 0);
			expect(Math.abs(sum - 1), g).toBeLessThanOrEqual(1e-12);
		}
		// Domain-major: the categories of a gender together.
		for (let i = 0; i < t.rows.length; i += CONTEXTS.length) {
			expect(new Set(t.rows.slice(i, i + CONTEXTS.length).map((r) => r.domain.gender)).size).toBe(1);
		}
	});

	test('n is the number of victims with a context in that gender; the shares are the weighted ones', () => {
		const t = table();
		for (const g of GENDERS) {
			const victims = csv2024.filter((r) => r.gender === g && VICTIM_ITEMS.some((i) => r[i] === '1') && r.victim_context !== '');
			expect(victims.length, g).toBeGreaterThan(0);
			const w = victims.reduce((s, r) => s + Number(r.weight), 0);
			for (const r of t.rows.filter((x) => x.domain.gender === g)) {
				const at = `${g} ${r.domain.category}`;
				expect(r.n, at).toBe(victims.length);
				expect(Math.abs(r.weighted_n! - w), at).toBeLessThanOrEqual(1e-9 * w);
				const share = victims.filter((v) => v.victim_context === r.domain.category).reduce((s, v) => s + Number(v.weight), 0) / w;
				expect(Math.abs(r.estimate! - share), at).toBeLessThanOrEqual(1e-12);
			}
		}
		// A context outside the universe (a non-victim with a context) would be a generator problem: none.
		expect(csv2024.filter((r) => !VICTIM_ITEMS.some((i) => r[i] === '1') && r.victim_context !== '').length).toBe(0);
	});

	test('for viewers, a gender none of whose categories is suppressed still sums to 1', () => {
		const t = computeIndicator(env.db, req('victim_context', ['gender'], { suppress: true }));
		let checked = 0;
		for (const g of new Set(t.rows.map((r) => r.domain.gender!))) {
			const rows = t.rows.filter((r) => r.domain.gender === g);
			if (rows.some((r) => r.reliability === 'suppressed')) continue;
			checked++;
			expect(Math.abs(rows.reduce((s, r) => s + r.estimate!, 0) - 1), g).toBeLessThanOrEqual(1e-12);
		}
		expect(checked).toBeGreaterThanOrEqual(2);
	});

	test('the CSV has a category column after the domain variables', () => {
		const { dataset: _ds, ...t } = table();
		const parsed = Papa.parse<CsvRow>(estimateCsv(t, ['gender']), { header: true, skipEmptyLines: true });
		expect(parsed.errors).toEqual([]);
		expect(parsed.meta.fields?.slice(0, 3)).toEqual(['gender', 'category', 'n']);
		expect(parsed.data.map((c) => [c.gender, c.category, Number(c.n), Number(c.estimate)]))
			.toEqual(t.rows.map((r) => [r.domain.gender, r.domain.category, r.n, r.estimate]));
	});
});

describe('compare: previous_wave', () => {
	test.each<[string, IndicatorRequest['by']]>([
		['feel_safe_after_dark', ['borough']],
		['feel_safe_after_dark', ['age_group', 'gender']],
		['victim_context', ['gender']]
	])('%s by %j on 2024: the 2023 estimate of the same domain, V₁ + V₂, the smaller df', (indicator, by) => {
		const now = computeIndicator(env.db, req(indicator, by, { compare: ['previous_wave'] }));
		const before = computeIndicator(env.db, req(indicator, by, { wave: '2023', design: now.design }));
		expect(before.design).toBe(now.design);
		const old = new Map(before.rows.map((r) => [key(r), r]));
		let compared = 0;
		for (const r of now.rows) {
			const at = key(r);
			expect(r.comparisons, at).toBeDefined();
			expect(r.comparisons, at).toHaveProperty('previous_wave');
			expect(r.comparisons, at).not.toHaveProperty('rest');
			const c = r.comparisons!.previous_wave;
			const b = old.get(at);
			expect(b, at).toBeDefined();
			if (b!.reliability === 'suppressed' || r.estimate === null) {
				// No comparison with a value that is not published.
				expect(c, at).toBeNull();
				continue;
			}
			compared++;
			expect(c, at).not.toBeNull();
			const difference = r.estimate - b!.estimate!, se = Math.hypot(r.se!, b!.se!), df = Math.min(r.df!, b!.df!);
			const { p, verdict } = testDifference(difference, se, df);
			expect(c, at).toEqual({ wave: '2023', other: b!.estimate, difference, se, df, p, verdict });
		}
		expect(compared).toBeGreaterThanOrEqual(Math.ceil(now.rows.length / 2));
	});

	test('on 2023, the first wave, every row has previous_wave null', () => {
		for (const [indicator, by] of [['feel_safe_after_dark', ['borough']], ['victim_context', ['gender']]] as const) {
			const t = computeIndicator(env.db, req(indicator, [...by], { wave: '2023', compare: ['previous_wave'] }));
			expect(t.rows.length).toBeGreaterThan(0);
			for (const r of t.rows) expect(r.comparisons).toEqual({ previous_wave: null });
		}
	});
});

describe('compare: rest', () => {
	test('without borough in the breakdown there is no rest comparison (the field is absent)', () => {
		const only = computeIndicator(env.db, req('feel_safe_after_dark', ['age_group', 'gender'], { compare: ['rest'] }));
		expect(only.rows.length).toBe(5 * 3);
		for (const r of only.rows) {
			expect(r.comparisons?.rest).toBeUndefined();
			expect(r.comparisons ?? {}).not.toHaveProperty('rest');
		}
		const both = computeIndicator(env.db, req('feel_safe_after_dark', ['age_group', 'gender'], { compare: ['rest', 'previous_wave'] }));
		for (const r of both.rows) {
			expect(r.comparisons).not.toHaveProperty('rest');
			expect(r.comparisons).toHaveProperty('previous_wave');
		}
	});

	test('with borough, every row has one', () => {
		const t = computeIndicator(env.db, req('feel_safe_after_dark', ['borough'], { compare: ['rest'] }));
		expect(t.rows.length).toBe(19);
		for (const r of t.rows) expect(r.comparisons?.rest).toEqual(expect.objectContaining({ other: expect.any(Number), difference: expect.any(Number) }));
	});
});

describe('suppression of values and comparisons', () => {
	test.each<[string, IndicatorRequest['by']]>([
		['feel_safe_after_dark', ['borough', 'age_group', 'gender']],
		['victim_context', ['borough', 'gender']]
	])('%s by %j with rest and previous_wave', (indicator, by) => {
		const compare: IndicatorRequest['compare'] = ['rest', 'previous_wave'];
		const shown = computeIndicator(env.db, req(indicator, by, { compare, suppress: true })).rows;
		// The analyst's table in the published categories: the same rows, with the hidden values.
		const open = computeIndicator(env.db, req(indicator, by, { compare, suppress: false, published: true })).rows;
		const earlier = new Map(computeIndicator(env.db, req(indicator, by, { wave: '2023', suppress: true })).rows.map((r) => [key(r), r]));
		expect(shown.map((r) => [r.domain, r.reliability])).toEqual(open.map((r) => [r.domain, r.reliability]));

		const suppressed = shown.filter((r) => r.reliability === 'suppressed' && r.n !== 0);
		expect(suppressed.length).toBeGreaterThan(5);
		for (const r of suppressed) {
			const at = key(r);
			expect([r.estimate, r.se, r.ci, r.n_eff, r.n, r.weighted_n, r.df], at).toEqual([null, null, null, null, null, null, null]);
			expect(r.comparisons, at).toEqual({ rest: null, previous_wave: null });
		}
		// A published row never compares with a 2023 value that 2023's published table hides.
		for (const r of shown) {
			if (r.comparisons?.previous_wave) expect(earlier.get(key(r))!.estimate, key(r)).not.toBeNull();
		}

		// Analysts see the values of the same rows, and their comparisons where they exist.
		const openSuppressed = open.filter((r) => r.reliability === 'suppressed' && r.n! > 0);
		for (const r of openSuppressed) {
			expect(typeof r.estimate, key(r)).toBe('number');
			expect(typeof r.se, key(r)).toBe('number');
		}
		// (an interval needs df > 0, which a tiny domain may lack)
		expect(openSuppressed.filter((r) => r.ci !== null).length).toBeGreaterThan(0);
		expect(openSuppressed.filter((r) => r.comparisons?.rest).length).toBeGreaterThan(0);
		expect(openSuppressed.filter((r) => r.comparisons?.previous_wave).length).toBeGreaterThan(0);
		// The published rows are the same either way, but for comparisons a viewer may not see: a rest
		// whose group is small or whose city total is hidden, a previous wave hidden in its own table.
		open.forEach((r, i) => {
			if (r.reliability === 'suppressed') return;
			const s = shown[i]!;
			expect({ ...s, comparisons: undefined }).toEqual({ ...r, comparisons: undefined });
			if (s.comparisons?.previous_wave !== null) expect(s.comparisons?.previous_wave).toEqual(r.comparisons?.previous_wave);
			if (s.comparisons?.rest !== null) expect(s.comparisons?.rest).toEqual(r.comparisons?.rest);
		});
	});
});
