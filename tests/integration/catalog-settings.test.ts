/**
 * The catalog analysts extend without code and the reliability rules as settings, on real
 * temporary SQLite files: loadCatalog / addIndicators / removeIndicator,
 * loadRules / setRule, and what computeIndicator does with them on a synthetic demo wave.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { addIndicators, defaultCatalog, loadCatalog, removeIndicator } from '../../app/lib/server/settings/catalog';
import { loadRules, setRule } from '../../app/lib/server/settings/rules';
import { computeIndicator, RequestError, type IndicatorRequest } from '../../app/lib/server/indicators/survey';
import { DEFAULT_RULES } from '../../app/lib/engine/reliability';
import type { Catalog } from '../../app/lib/engine/catalog';
import { generateDemoSurvey } from '../../demo/generate-survey';
import { loadSurvey } from '../../ingest/survey/load-survey';
import { tempDb } from '../helpers/temp-db';

type Env = ReturnType<typeof tempDb>;
type CsvRow = Record<string, string>;

/** Writes a small demo wave to the temporary folder, loads it, and returns its rows as parsed from the CSV. */
async function loadDemoWave(env: Env, wave: string, n = 3000): Promise<CsvRow[]> {
	const text = generateDemoSurvey({ wave, seed: Number(wave), n });
	const path = join(env.dir, `demo-${wave}.csv`);
	writeFileSync(path, text);
	const res = await loadSurvey(env.db, path, { wave });
	expect(res.ok, JSON.stringify(res).slice(0, 500)).toBe(true);
	const parsed = Papa.parse<CsvRow>(text, { header: true, skipEmptyLines: true });
	expect(parsed.errors).toEqual([]);
	expect(parsed.data.length).toBe(n);
	return parsed.data;
}

const bilingual = (s: string) => ({ en: s, fr: s });

/** The analyst's indicator of the brief: "very unsafe" after dark (code 4 among 1–4). */
const veryUnsafe = {
	id: 'very_unsafe_after_dark',
	type: 'proportion',
	recode: { kind: 'codes', item: 'safe_after_dark', success: ['4'], valid: ['1', '2', '3', '4'] },
	label: { en: 'Feel very unsafe walking alone after dark', fr: 'Se sentent très en insécurité seuls le soir' },
	description: bilingual('Share of residents who feel very unsafe walking alone in their area after dark.'),
	unit: 'percent'
};

const proportion = (id: string, item: string, extra: Record<string, unknown> = {}) => ({
	id, type: 'proportion', recode: { kind: 'codes', item, success: ['1'], valid: ['0', '1'], ...extra },
	label: bilingual(id), description: bilingual(id), unit: 'percent'
});

const request = (indicator: string, by: IndicatorRequest['by'], wave = '2024'): IndicatorRequest =>
	({ indicator, wave, by, design: 'weights', ci: 'kg', suppress: false });

const rawDefault = JSON.parse(readFileSync('app/lib/catalog/default-catalog.json', 'utf8')) as Catalog;

function storedCount(env: Env): number {
	return env.db.prepare('SELECT count(*) FROM catalog_indicators').pluck().get() as number;
}

describe('the catalog', () => {
	let env: Env;
	let csv: CsvRow[];
	beforeAll(async () => {
		env = tempDb();
		csv = await loadDemoWave(env, '2024');
	});
	afterAll(() => env.cleanup());

	test('on a fresh database, loadCatalog is the default catalog: 11 indicators, two of them distributions', () => {
		const c = loadCatalog(env.db);
		expect(c).toEqual(rawDefault);
		expect(c).toEqual(defaultCatalog);
		expect(c.indicators.map((d) => d.id)).toEqual([
			'feel_safe_after_dark', 'victim_physical_12m', 'victim_verbal_12m', 'victim_psychological_12m', 'victim_sexual_12m',
			'victim_any_12m', 'victim_context', 'perpetrator_gender', 'reported_to_police', 'trust_police_mean', 'strong_belonging'
		]);
		expect(c.indicators.filter((d) => d.type === 'distribution').map((d) => d.id)).toEqual(['victim_context', 'perpetrator_gender']);
		expect(storedCount(env)).toBe(0);
	});

	test('a new proportion on an existing item is added, computed exactly as by hand, then removed', () => {
		expect(addIndicators(env.db, veryUnsafe, 'test')).toEqual({ ok: true, ids: ['very_unsafe_after_dark'] });
		const c = loadCatalog(env.db);
		expect(c.indicators.length).toBe(12);
		expect(c.indicators.slice(0, 11)).toEqual(rawDefault.indicators);
		expect(c.indicators[11]).toEqual(veryUnsafe);

		// By hand, from the CSV rows: the weighted share of code 4 among the answers 1–4.
		const hand = (keep: (r: CsvRow) => boolean) => {
			let n = 0, w = 0, wy = 0;
			for (const r of csv) {
				const a = r.safe_after_dark!;
				if (!keep(r) || !['1', '2', '3', '4'].includes(a)) continue;
				const wt = Number(r.weight);
				n++;
				w += wt;
				if (a === '4') wy += wt;
			}
			return { n, w, p: wy / w };
		};

		const city = computeIndicator(env.db, request('very_unsafe_after_dark', []));
		expect(city.indicator).toBe('very_unsafe_after_dark');
		expect(city.rows.length).toBe(1);
		const all = hand(() => true);
		expect(all.n).toBeGreaterThan(2800);
		expect(all.p).toBeGreaterThan(0.02);
		expect(city.rows[0]!.n).toBe(all.n);
		expect(Math.abs(city.rows[0]!.weighted_n! - all.w)).toBeLessThanOrEqual(1e-9 * all.w);
		expect(Math.abs(city.rows[0]!.estimate! - all.p)).toBeLessThanOrEqual(1e-12);

		const byBorough = computeIndicator(env.db, request('very_unsafe_after_dark', ['borough']));
		expect(byBorough.rows.length).toBe(19);
		expect(new Set(byBorough.rows.map((r) => r.domain.borough))).toEqual(new Set(csv.map((r) => r.borough)));
		for (const row of byBorough.rows) {
			const want = hand((r) => r.borough === row.domain.borough);
			expect(row.n, row.domain.borough).toBe(want.n);
			expect(row.estimate, row.domain.borough).not.toBeNull();
			expect(Math.abs(row.estimate! - want.p), row.domain.borough).toBeLessThanOrEqual(1e-12);
		}

		expect(removeIndicator(env.db, 'very_unsafe_after_dark')).toEqual({ ok: true, ids: ['very_unsafe_after_dark'] });
		expect(loadCatalog(env.db)).toEqual(rawDefault);
		expect(() => computeIndicator(env.db, request('very_unsafe_after_dark', []))).toThrow(RequestError);
		// Removing it again: nothing to remove.
		expect(removeIndicator(env.db, 'very_unsafe_after_dark').ok).toBe(false);
	});

	describe('refused, all or nothing: the catalog is unchanged after', () => {
		let before: Catalog;
		let count: number;
		beforeAll(() => {
			// One analyst indicator already there, so that "unchanged" covers stored ones too.
			expect(addIndicators(env.db, proportion('victim_physical_any', 'victim_physical_12m'), 'test').ok).toBe(true);
			before = loadCatalog(env.db);
			count = storedCount(env);
		});
		afterAll(() => {
			expect(removeIndicator(env.db, 'victim_physical_any').ok).toBe(true);
		});

		const refused = (input: unknown, problem: RegExp) => {
			const snapshot = env.db.prepare('SELECT id, definition FROM catalog_indicators').all() as { id: string; definition: string }[];
			try {
				const r = addIndicators(env.db, input, 'test');
				expect(r.ok).toBe(false);
				if (r.ok) return;
				expect(r.problems.length).toBeGreaterThan(0);
				expect(r.problems.some((p) => problem.test(p)), r.problems.join('\n')).toBe(true);
				expect(loadCatalog(env.db)).toEqual(before);
				expect(storedCount(env)).toBe(count);
			} finally {
				// Should the product wrongly accept, put the stored catalog back so that the other tests stay independent.
				const keep = new Set(snapshot.map((x) => x.id));
				for (const id of env.db.prepare('SELECT id FROM catalog_indicators').pluck().all() as string[])
					if (!keep.has(id)) env.db.prepare('DELETE FROM catalog_indicators WHERE id = ?').run(id);
				for (const x of snapshot) env.db.prepare('UPDATE catalog_indicators SET definition = ? WHERE id = ?').run(x.definition, x.id);
			}
		};

		test('an invalid definition (no label): the problem names the field', () => {
			const { label: _label, ...noLabel } = veryUnsafe;
			refused(noLabel, /^label\b/);
		});

		test('a default id', () => {
			refused({ ...veryUnsafe, id: 'feel_safe_after_dark' }, /feel_safe_after_dark.*default catalog/);
		});

		test('a batch whose second indicator is invalid stores nothing from the batch', () => {
			const second = { ...proportion('second_one', 'belonging'), unit: 'furlongs' };
			refused({ indicators: [veryUnsafe, second] }, /^indicators\.1\.unit\b/);
			expect(loadCatalog(env.db).indicators.some((d) => d.id === 'very_unsafe_after_dark')).toBe(false);
		});

		test('a batch whose second indicator has a default id stores nothing from the batch', () => {
			refused({ indicators: [veryUnsafe, { ...veryUnsafe, id: 'strong_belonging' }] }, /strong_belonging/);
		});

		test('a universe that does not exist', () => {
			refused(proportion('reported_among_ghosts', 'reported_to_police', { universe: 'no_such_indicator' }), /universe no_such_indicator/);
		});

		test('a mean with a "codes" recode', () => {
			refused({ ...veryUnsafe, id: 'odd_mean', type: 'mean', unit: 'score' }, /a mean uses a "value" recode/);
		});

		test('a distribution with a category lacking a label', () => {
			const dist = {
				id: 'context_again', type: 'distribution',
				recode: { kind: 'categories', item: 'victim_context', categories: ['private', 'academic', 'external_public'],
					labels: { private: bilingual('Private'), academic: bilingual('Academic') }, universe: 'victim_any_12m' },
				label: bilingual('Context'), description: bilingual('Context'), unit: 'percent'
			};
			refused(dist, /every category of a distribution needs a label/);
		});

		test('removing a default indicator', () => {
			const r = removeIndicator(env.db, 'feel_safe_after_dark');
			expect(r).toEqual({ ok: false, problems: [expect.stringContaining('feel_safe_after_dark')] });
			expect(loadCatalog(env.db)).toEqual(before);
		});

		test('removing an analyst indicator that is the universe of another', () => {
			expect(addIndicators(env.db, proportion('reported_among_physical', 'reported_to_police', { universe: 'victim_physical_any' }), 'test').ok)
				.toBe(true);
			const withBoth = loadCatalog(env.db);
			const r = removeIndicator(env.db, 'victim_physical_any');
			expect(r.ok).toBe(false);
			if (!r.ok) expect(r.problems.join('\n')).toMatch(/victim_physical_any.*reported_among_physical/);
			expect(loadCatalog(env.db)).toEqual(withBoth);
			// Once its user is gone, it can go.
			expect(removeIndicator(env.db, 'reported_among_physical').ok).toBe(true);
			expect(loadCatalog(env.db)).toEqual(before);
		});
	});

	test('an indicator whose item the dataset lacks: computeIndicator throws RequestError missing_item', () => {
		expect(addIndicators(env.db, proportion('fear_of_crime', 'fear_of_crime_item'), 'test').ok).toBe(true);
		let error: unknown;
		try {
			computeIndicator(env.db, request('fear_of_crime', ['borough']));
		} catch (err) {
			error = err;
		}
		expect(error).toBeInstanceOf(RequestError);
		expect((error as RequestError).code).toBe('missing_item');
		expect((error as RequestError).params).toEqual({ indicator: 'fear_of_crime', item: 'fear_of_crime_item' });
		expect(removeIndicator(env.db, 'fear_of_crime').ok).toBe(true);
	});
});

/**
 * A universe must be a chain that ends: an indicator that is its own universe, or two that are
 * each other's, cannot be computed (the recode would recurse for ever). Own database, so that an
 * accepted cycle does not leak into the other tests.
 */
describe('universe cycles are refused', () => {
	let env: Env;
	beforeAll(() => {
		env = tempDb();
	});
	afterAll(() => env.cleanup());

	test.each<[string, unknown]>([
		['an indicator that is its own universe', proportion('self_universe', 'belonging', { universe: 'self_universe' })],
		['two indicators that are each other\'s universe',
			{ indicators: [proportion('loop_a', 'belonging', { universe: 'loop_b' }), proportion('loop_b', 'belonging', { universe: 'loop_a' })] }]
	])('%s', (_name, input) => {
		try {
			const r = addIndicators(env.db, input, 'test');
			expect(r.ok).toBe(false);
			if (!r.ok) expect(r.problems.join('\n')).toMatch(/universe/);
			expect(loadCatalog(env.db)).toEqual(rawDefault);
			expect(storedCount(env)).toBe(0);
		} finally {
			env.db.prepare('DELETE FROM catalog_indicators').run(); // whatever was wrongly accepted
		}
	});
});

describe('reliability rules as settings', () => {
	let env: Env;
	beforeAll(async () => {
		env = tempDb();
		await loadDemoWave(env, '2024');
	});
	afterAll(() => env.cleanup());

	test('the defaults until something is set', () => {
		expect(loadRules(env.db)).toEqual(DEFAULT_RULES);
	});

	test('proportion.minN 50 is stored, the other rules stay default, and rows with 30 ≤ n < 50 become suppressed', () => {
		const req = request('feel_safe_after_dark', ['borough', 'age_group']);
		const before = computeIndicator(env.db, req).rows;
		const middling = before.filter((r) => r.n! >= 30 && r.n! < 50 && r.reliability === 'ok');
		expect(middling.length, 'rows with 30 ≤ n < 50 that are ok under the defaults').toBeGreaterThan(0);

		const r = setRule(env.db, 'proportion.minN', 50, 'test');
		expect(r.ok).toBe(true);
		const want = { ...DEFAULT_RULES, proportion: { ...DEFAULT_RULES.proportion, minN: 50 } };
		if (r.ok) expect(r.rules).toEqual(want);
		expect(loadRules(env.db)).toEqual(want);

		const after = computeIndicator(env.db, req).rows;
		expect(after.map((x) => x.domain)).toEqual(before.map((x) => x.domain));
		after.forEach((row, i) => {
			const old = before[i]!;
			const at = JSON.stringify(row.domain);
			if (row.n! >= 30 && row.n! < 50) {
				expect(row.reliability, at).toBe('suppressed');
				expect(row.flags, at).toContain('n_below_min');
			} else if (row.flags.includes('complementary') || old.flags.includes('complementary')) {
				// Cells hidden to protect others follow the new primary ones: only their marks change.
				expect(row.estimate, at).toBe(old.estimate);
			} else {
				// Elsewhere the new minimum changes nothing.
				expect(row.reliability, at).toBe(old.reliability);
				expect(row.flags, at).toEqual(old.flags);
			}
			expect(row.estimate, at).toBe(old.estimate);
		});
		for (const m of middling) {
			const now = after.find((x) => JSON.stringify(x.domain) === JSON.stringify(m.domain))!;
			expect(now.reliability).toBe('suppressed');
		}
		// Viewers no longer see them.
		const shown = computeIndicator(env.db, { ...req, design: 'auto', suppress: true }).rows;
		for (const m of middling) {
			const now = shown.find((x) => JSON.stringify(x.domain) === JSON.stringify(m.domain))!;
			expect([now.estimate, now.se, now.ci, now.n_eff]).toEqual([null, null, null, null]);
		}
	});

	test.each<[string, string, number, RegExp]>([
		['an unknown rule', 'proportion.maxN', 10, /unknown rule "proportion\.maxN"/],
		['an unknown group', 'median.minN', 10, /unknown rule "median\.minN"/],
		['a path too long', 'proportion.minN.extra', 10, /unknown rule/],
		['a path too short', 'proportion', 10, /unknown rule/],
		['a name every object has', 'proportion.toString', 10, /unknown rule/],
		['another name every object has', 'mean.constructor', 10, /unknown rule/],
		['a negative count', 'proportion.minN', -1, /proportion\.minN/],
		['a negative df', 'proportion.minDf', -3, /proportion\.minDf/],
		['a negative mean count', 'mean.minN', -30, /mean\.minN/],
		['a count that is not whole', 'mean.minN', 12.5, /mean\.minN/],
		['a share above 1', 'proportion.maxCiWidth', 1.5, /proportion\.maxCiWidth/],
		['mean.flagCv above mean.suppressCv', 'mean.flagCv', 0.5, /flagCv must not exceed suppressCv/]
	])('refused: %s (%s = %d), nothing changes', (_name, path, value, problem) => {
		const rulesBefore = loadRules(env.db);
		const stored = env.db.prepare(`SELECT value FROM settings WHERE key = 'reliability'`).pluck().get();
		const r = setRule(env.db, path, value, 'test');
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.problem).toMatch(problem);
		expect(loadRules(env.db)).toEqual(rulesBefore);
		expect(env.db.prepare(`SELECT value FROM settings WHERE key = 'reliability'`).pluck().get()).toEqual(stored);
	});

	test('mean.flagCv up to mean.suppressCv is accepted', () => {
		const r = setRule(env.db, 'mean.flagCv', DEFAULT_RULES.mean.suppressCv, 'test');
		expect(r.ok).toBe(true);
		expect(loadRules(env.db).mean).toEqual({ ...DEFAULT_RULES.mean, flagCv: DEFAULT_RULES.mean.suppressCv });
		expect(loadRules(env.db).proportion.minN).toBe(50);
	});
});
