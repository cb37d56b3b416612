/**
 * Complementary suppression across every table a viewer can get, played against the
 * subtraction attack on the demo survey and on a small generated survey with many small cells:
 * every breakdown of the whole city, borough, age group and gender, the 12–24 year-olds of the
 * portraits beside their age groups, distributions' categories.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDb } from '../helpers/temp-db';
import { ensureDemoData } from '../../app/lib/server/ingestion/demo';
import { loadSurvey } from '../../ingest/survey/load-survey';
import { generateDemoSurvey } from '../../demo/generate-survey';
import { computeIndicator, prepareIndicator, tabulate, youthOf } from '../../app/lib/server/indicators/survey';
import { fastJudge, publication, publicationWith, slowJudge } from '../../app/lib/server/indicators/publication';
import type { LevelSpec } from '../../app/lib/engine/cell-stats';
import { YOUTH } from '../../app/lib/engine/age-regroup';
import type { DomainVariable, EstimateRow } from '../../app/lib/engine/types';
import { attackKey, subtractionAttack, VIEWER_HIDDEN_FLAGS, type AttackRow } from '../helpers/subtraction-attack';

const LEVELS: DomainVariable[][] = [[], ['borough'], ['age_group'], ['gender'], ['borough', 'age_group'], ['borough', 'gender'], ['age_group', 'gender'], ['borough', 'age_group', 'gender']];
const CASES = [
	...['feel_safe_after_dark', 'victim_any_12m', 'victim_sexual_12m', 'trust_police_mean', 'reported_to_police', 'victim_context'].map((indicator) => ({ wave: '2024', indicator })),
	...['feel_safe_after_dark', 'victim_physical_12m', 'trust_police_mean', 'perpetrator_gender'].map((indicator) => ({ wave: '2025', indicator }))
];

let env: ReturnType<typeof tempDb>;

beforeAll(async () => {
	env = tempDb();
	await ensureDemoData(env.db, env.path, 'survey');
	// A small survey: 2,500 respondents over 19 boroughs, most borough × age × gender cells small.
	const file = join(env.dir, 'small.csv');
	writeFileSync(file, generateDemoSurvey({ wave: '2025', seed: 99, n: 2500 }));
	const r = await loadSurvey(env.db, file, { wave: '2025', title: 'small', synthetic: true, createdBy: 'test' });
	expect(r.ok).toBe(true);
}, 240_000);

afterAll(() => env?.cleanup());

/** Every table of one indicator and wave as a viewer and as an analyst (unsuppressed), with the portraits' 12–24 tables. */
function tables(indicator: string, wave: string, suppress: boolean, published = suppress): EstimateRow[] {
	const p = prepareIndicator(env.db, { indicator, wave, design: 'auto' });
	const young = youthOf(p);
	return [
		...LEVELS.flatMap((by) => tabulate(env.db, p, { by, ci: 'kg', suppress, published }).rows),
		...LEVELS.filter((by) => by.includes('age_group')).flatMap((by) => tabulate(env.db, young, { by, ci: 'kg', suppress, published }).rows)
	];
}

const asAttack = (rows: EstimateRow[]): AttackRow[] => rows.map((r) => ({ domain: { ...r.domain }, n: r.n, weighted_n: r.weighted_n, estimate: r.estimate }));

describe.each(CASES)('$indicator, wave $wave', ({ indicator, wave }) => {
	test('the subtraction attack recovers nothing, exactly or within half a point', () => {
		const viewer = tables(indicator, wave, true);
		const truth = new Map(tables(indicator, wave, false, true).map((r) => [attackKey(r.domain), { domain: r.domain, n: r.n, weighted_n: r.weighted_n, estimate: r.estimate }]));
		const p = prepareIndicator(env.db, { indicator, wave, design: 'auto' });
		const margin = p.def.recode.kind === 'value' ? 0.005 * (p.def.recode.max - p.def.recode.min) : 0.005;
		const findings = subtractionAttack(asAttack(viewer), truth, { margin, derivedAges: [{ label: YOUTH.label, members: [...YOUTH.members] }] });
		expect(findings).toEqual([]);
		// The attack has something to work on: cells are hidden, and most are published.
		const hidden = viewer.filter((r) => r.estimate === null && r.n !== 0).length;
		expect(hidden).toBeGreaterThan(0);
		expect(viewer.length).toBeGreaterThan(hidden);
	});

	test('a hidden row carries no value, size, degrees of freedom or revealing flag', () => {
		for (const r of tables(indicator, wave, true)) {
			if (r.reliability !== 'suppressed') continue;
			if (r.n === 0) {
				expect(r.flags).toEqual(['no_respondents']);
				continue;
			}
			expect({ n: r.n, weighted_n: r.weighted_n, estimate: r.estimate, se: r.se, ci: r.ci, df: r.df, n_eff: r.n_eff })
				.toEqual({ n: null, weighted_n: null, estimate: null, se: null, ci: null, df: null, n_eff: null });
			expect(r.flags.length).toBeGreaterThan(0);
			for (const f of r.flags) expect(VIEWER_HIDDEN_FLAGS.has(f), `${f} on ${JSON.stringify(r.domain)}`).toBe(true);
		}
	});

	test("an analyst's unsuppressed tables show the hidden values, marked; cells not published as such are flagged", () => {
		const viewer = tables(indicator, wave, true);
		const published = tables(indicator, wave, false, true);
		expect(published.map((r) => attackKey(r.domain))).toEqual(viewer.map((r) => attackKey(r.domain)));
		const byKey = new Map(viewer.map((r) => [attackKey(r.domain), r]));
		for (const a of [...published, ...tables(indicator, wave, false)]) {
			const v = byKey.get(attackKey(a.domain));
			if (!v) {
				expect(a.flags).toContain('not_published');
				continue;
			}
			if (v.estimate !== null || v.n === 0) expect(a).toEqual(v);
			else {
				expect(a.estimate).not.toBeNull();
				expect(a.reliability).toBe('suppressed');
				if (v.flags.includes('complementary')) expect(a.flags).toContain('complementary');
			}
		}
	});
});

describe('gender in the published tables', () => {
	test('the demo has too few non-binary respondents by borough: Women+ and Men+, non-binary people apart where they hold', () => {
		const p = prepareIndicator(env.db, { indicator: 'feel_safe_after_dark', wave: '2024', design: 'auto' });
		const pub = publication(env.db, p);
		expect(pub.gender).toBe('two');
		expect(pub.nonBinaryLevels.has('gender')).toBe(true);
		const byBoroughGender = tabulate(env.db, p, { by: ['borough', 'gender'], ci: 'kg', suppress: true }).rows;
		expect(new Set(byBoroughGender.map((r) => r.domain.gender))).toEqual(new Set(['women+', 'men+']));
		const byGender = tabulate(env.db, p, { by: ['gender'], ci: 'kg', suppress: true }).rows;
		expect(byGender.map((r) => r.domain.gender)).toEqual(['women+', 'men+', 'non-binary']);
		// Women+ and Men+ add up to the whole city; non-binary people are counted in them as well.
		const city = tabulate(env.db, p, { by: [], ci: 'kg', suppress: true }).rows[0]!;
		expect(byGender[0]!.weighted_n! + byGender[1]!.weighted_n!).toBeCloseTo(city.weighted_n!, 6);
	});

	test('published tables use the wave\'s own design: another design is refused for viewers, allowed unsuppressed', () => {
		expect(() => computeIndicator(env.db, { indicator: 'feel_safe_after_dark', wave: '2024', by: ['borough'], design: 'weights', ci: 'kg', suppress: true }))
			.toThrow(/design_unpublished/);
		expect(computeIndicator(env.db, { indicator: 'feel_safe_after_dark', wave: '2024', by: ['borough'], design: 'weights', ci: 'kg', suppress: false }).rows.length).toBeGreaterThan(0);
	});

	test('the interval shown does not change what is hidden (reliability is judged on the Korn–Graubard interval)', () => {
		const hiddenOf = (ci: 'kg' | 'logit') => computeIndicator(env.db, { indicator: 'victim_sexual_12m', wave: '2025', by: ['borough', 'age_group', 'gender'], design: 'auto', ci, suppress: true })
			.rows.map((r) => r.estimate === null);
		expect(hiddenOf('logit')).toEqual(hiddenOf('kg'));
	});
});

describe('verdicts from sums per finest cell', () => {
	const specs: LevelSpec[] = LEVELS.flatMap((by) => (['survey', 'two', 'non_binary'] as const)
		.filter((gender) => gender === 'survey' || by.includes('gender'))
		.flatMap((gender) => [{ by, gender }, ...(by.includes('age_group') ? [{ by, gender, ages: { label: YOUTH.label, members: [...YOUTH.members] } }] : [])]));

	test.each([
		{ indicator: 'feel_safe_after_dark', wave: '2024', design: 'replicate' as const },
		{ indicator: 'trust_police_mean', wave: '2025', design: 'replicate' as const },
		{ indicator: 'victim_sexual_12m', wave: '2025', design: 'strata_psu' as const },
		{ indicator: 'reported_to_police', wave: '2024', design: 'weights' as const },
		{ indicator: 'trust_police_mean', wave: '2024', design: 'strata_psu' as const },
		{ indicator: 'victim_context', wave: '2025', design: 'weights' as const }
	])('$indicator, $wave, $design: the same cells, sizes, estimates and verdicts as estimateDomains', ({ indicator, wave, design }) => {
		const p = prepareIndicator(env.db, { indicator, wave, design });
		for (const v of p.values) {
			const fast = fastJudge(p)(v.y, specs), slow = slowJudge(p)(v.y, specs);
			specs.forEach((spec, k) => {
				const at = JSON.stringify(spec);
				expect(fast[k]!.map((r) => r.domain), at).toEqual(slow[k]!.map((r) => r.domain));
				fast[k]!.forEach((f, i) => {
					const s = slow[k]![i]!;
					expect([f.n, f.reliability, [...f.flags].sort()], `${at} ${JSON.stringify(f.domain)}`).toEqual([s.n, s.reliability, [...s.flags].sort()]);
					expect(Math.abs(f.weighted_n - s.weighted_n)).toBeLessThanOrEqual(1e-9 * Math.max(1, s.weighted_n));
					if (s.estimate === null) expect(f.estimate).toBeNull();
					else expect(Math.abs(f.estimate! - s.estimate)).toBeLessThanOrEqual(1e-12);
				});
			});
		}
		// And so the same publication pattern.
		const a = publicationWith(p, fastJudge(p)), b = publicationWith(p, slowJudge(p));
		expect([...a.hidden]).toEqual([...b.hidden]);
	});
});
