/**
 * "Each domain against the rest of the city" against R's survey package (svyby with covmat and
 * svycontrast; fixtures/reference/compare_reference.R made expected_compare.json), on the three
 * designs, through the real ingestion and the server's computeIndicator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadSurvey } from '../../ingest/survey/load-survey';
import { computeIndicator } from '../../app/lib/server/indicators/survey';
import { testDifference } from '../../app/lib/engine/compare';
import type { Design, EstimateRow } from '../../app/lib/engine/types';
import { tempDb } from '../helpers/temp-db';

interface RefComparison {
	design: 'weights' | 'strata_psu' | 'bootstrap';
	indicator: string;
	borough: string;
	gender: string | null;
	estimate: number;
	other: number;
	difference: number;
	se: number;
	df: number;
	p: number;
}
const refs: RefComparison[] = JSON.parse(readFileSync('fixtures/reference/expected_compare.json', 'utf8'));
const DESIGN: Record<RefComparison['design'], Design> = { weights: 'weights', strata_psu: 'strata_psu', bootstrap: 'replicate' };
const close = (a: number | undefined, b: number, tol = 1e-6) => typeof a === 'number' && Math.abs(a - b) <= tol * Math.max(Math.abs(b), 1e-12);

let env: ReturnType<typeof tempDb>;
beforeAll(async () => {
	env = tempDb();
	expect((await loadSurvey(env.db, 'fixtures/reference/survey_public.csv', { wave: '2024' })).ok).toBe(true);
});
afterAll(() => env.cleanup());

describe('comparisons with the rest of the city agree with R (svycontrast)', () => {
	it('has 342 reference comparisons', () => expect(refs.length).toBe(342));

	for (const design of ['weights', 'strata_psu', 'bootstrap'] as const) {
		it(`${design}: difference, SE, df and p-value of every borough and borough × gender`, () => {
			const tables = new Map<string, EstimateRow[]>();
			const failures: string[] = [];
			for (const r of refs.filter((x) => x.design === design)) {
				const by = r.gender ? (['borough', 'gender'] as const) : (['borough'] as const);
				const key = `${r.indicator}|${by.join()}`;
				if (!tables.has(key)) {
					tables.set(key, computeIndicator(env.db, { indicator: r.indicator, wave: '2024', by: [...by], design: DESIGN[design],
						ci: 'kg', suppress: false, compare: ['rest'] }).rows);
				}
				const row = tables.get(key)!.find((x) => x.domain.borough === r.borough && (x.domain.gender ?? null) === r.gender);
				const c = row?.comparisons?.rest;
				const at = `${r.indicator} ${r.borough} ${r.gender ?? ''}`;
				if (!c) { failures.push(`${at}: no comparison`); continue; }
				if (!close(row!.estimate!, r.estimate, 1e-9)) failures.push(`${at} estimate ${row!.estimate} R ${r.estimate}`);
				if (!close(c.other, r.other, 1e-9)) failures.push(`${at} other ${c.other} R ${r.other}`);
				if (!close(c.difference, r.difference)) failures.push(`${at} difference ${c.difference} R ${r.difference}`);
				if (!close(c.se, r.se)) failures.push(`${at} se ${c.se} R ${r.se}`);
				if (c.df !== r.df) failures.push(`${at} df ${c.df} R ${r.df}`);
				if (!(Math.abs(c.p - r.p) <= 1e-6 * Math.max(r.p, 1e-3))) failures.push(`${at} p ${c.p} R ${r.p}`);
			}
			expect(failures.slice(0, 15)).toEqual([]);
		});
	}

	it('redacts the comparison of a suppressed row for viewers, and keeps it for analysts', () => {
		const t = computeIndicator(env.db, { indicator: 'feel_safe_after_dark', wave: '2024', by: ['borough', 'age_group', 'gender'],
			design: 'auto', ci: 'kg', suppress: true, compare: ['rest'] });
		const suppressed = t.rows.filter((r) => r.reliability === 'suppressed' && r.n !== 0);
		expect(suppressed.length).toBeGreaterThan(0);
		for (const r of suppressed) expect(r.comparisons).toEqual({ rest: null });
		const analyst = computeIndicator(env.db, { indicator: 'feel_safe_after_dark', wave: '2024', by: ['borough', 'age_group', 'gender'],
			design: 'strata_psu', ci: 'kg', suppress: false, compare: ['rest'] });
		expect(analyst.rows.filter((r) => r.reliability === 'suppressed' && r.n! > 1 && r.comparisons?.rest).length).toBeGreaterThan(0);
	});
});

describe('testDifference', () => {
	it.each([
		{ args: [0.1, 0.02, 100] as [number, number, number], verdict: 'higher' },
		{ args: [-0.1, 0.02, 100] as [number, number, number], verdict: 'lower' },
		{ args: [0.01, 0.02, 100] as [number, number, number], verdict: 'no_difference' },
		{ args: [0, 0, 100] as [number, number, number], verdict: 'no_difference' },
		{ args: [0.1, 0.02, 0] as [number, number, number], verdict: 'no_difference' }
	])('$args → $verdict', ({ args, verdict }) => {
		expect(testDifference(...args).verdict).toBe(verdict);
	});
	it('gives the two-sided Student p-value', () => {
		// t = 2.0, df = 10: 2·P(T > 2) = 0.073388...
		expect(testDifference(0.04, 0.02, 10).p).toBeCloseTo(0.07338803, 7);
	});
});
