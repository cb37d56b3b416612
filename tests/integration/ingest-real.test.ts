/**
 * Real files through mappings: INEGI's ENSU package table (BOM, carriage returns inside quotes,
 * leading zeros, a city column, weights, strata, PSUs) with its perception-of-safety indicator
 * checked against R; a KoboToolbox export; formpack's specimens; and REACH's Kobo export after R.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadSurvey } from '../../ingest/survey/load-survey';
import { parseMapping, readMappingFile } from '../../ingest/column-mapping';
import { listAreas } from '../../db/areas';
import { tempDb } from '../helpers/temp-db';
import { runVigie } from '../helpers/cli';
import type { IngestResult } from '../../ingest/report';

function ok(r: IngestResult) {
	if (!r.ok) throw new Error(`expected success, got ${JSON.stringify(r.errors.slice(0, 5))}`);
	return r;
}
const warning = (r: Extract<IngestResult, { ok: true }>, code: string) => r.warnings.find((w) => w.code === code);

describe('ENSU 2015-Q1 (INEGI package table) through its mapping', () => {
	let env: ReturnType<typeof tempDb>;
	let res: Extract<IngestResult, { ok: true }>;
	beforeAll(async () => {
		env = tempDb();
		res = ok(await loadSurvey(env.db, 'fixtures/ensu/ensu_cb_2015q1.csv', { mapping: readMappingFile('fixtures/ensu/mapping.json') }));
	});
	afterAll(() => env?.cleanup());

	test('loads every row, reading the BOM and the carriage returns inside quotes', () => {
		expect(res).toMatchObject({ rows: 2025, wave: '2015-03', skipped: 0 });
		expect(res.detected).toMatchObject({ encoding: 'utf-8', bom: true, delimiter: ',', linebreak: '\n' });
		// 12 quoted fields a row end with "\r"
		expect(warning(res, 'stray_carriage_returns')?.params?.count).toBe(2025 * 12);
		// A stray carriage return inside quotes is not a new line: line numbers are the file's rows.
		expect(res.preview.map((p) => p.line)).toEqual([2, 3, 4, 5, 6]);
	});

	test('keeps leading zeros and maps city codes to names (32 cities created as a new geography)', () => {
		const cities = listAreas(env.db, 'ensu-mx');
		expect(cities.length).toBe(32);
		expect(cities.map((c) => c.name)).toContain('León');
		const first = res.preview[0]!;
		expect(first).toMatchObject({ respondent_id: '14-00001-3-1-0-01', borough: 'Aguascalientes', stratum: '12', psu: '00001',
			weight: 14126, gender: 'unknown', age_group: 'unknown' });
		expect(first.items.P1).toBe('2');
	});

	test('its perception-of-safety indicator matches R (survey 4.1-1), overall and by city', async () => {
		const expected: { city: string | null; estimate: number; se: number; n: number; df?: number }[] =
			JSON.parse(readFileSync('fixtures/ensu/expected.json', 'utf8'));
		const names = new Map(Object.entries(readMappingFile('fixtures/ensu/mapping.json').values.borough!));
		expect((await runVigie(env.path, ['catalog', 'add', 'fixtures/ensu/catalog.json'])).code).toBe(0);
		const run = async (by: string[]) => {
			const r = await runVigie(env.path, ['estimate', '--indicator', 'feel_safe_city', '--wave', '2015-03', '--design', 'strata_psu',
				'--no-suppress', '--format', 'json', '--by', by.join(',')]);
			expect(r.code, r.stderr).toBe(0);
			return JSON.parse(r.stdout).rows as { domain: Record<string, string>; n: number; estimate: number; se: number; df: number }[];
		};
		const overall = (await run([]))[0]!;
		const e0 = expected.find((e) => e.city === null)!;
		expect(overall.n).toBe(e0.n);
		expect(overall.df).toBe(e0.df);
		expect(overall.estimate).toBeCloseTo(e0.estimate, 10);
		expect(overall.se).toBeCloseTo(e0.se, 10);
		const byCity = await run(['borough']);
		expect(byCity.length).toBe(32);
		for (const e of expected.filter((x) => x.city !== null)) {
			const row = byCity.find((r) => r.domain.borough === names.get(e.city!))!;
			expect(row, e.city!).toBeDefined();
			expect(row.n).toBe(e.n);
			expect(row.estimate).toBeCloseTo(e.estimate, 10);
			expect(row.se).toBeCloseTo(e.se, 10);
		}
	});
});

describe('KoboToolbox export of a safety questionnaire (";", all quoted, group paths, select-multiple)', () => {
	let env: ReturnType<typeof tempDb>;
	let res: Extract<IngestResult, { ok: true }>;
	beforeAll(async () => {
		env = tempDb();
		res = ok(await loadSurvey(env.db, 'fixtures/kobo/safety_survey_kobo.csv', { mapping: readMappingFile('fixtures/kobo/safety_survey_mapping.json') }));
	});
	afterAll(() => env?.cleanup());

	test('detects the dialect and leaves Kobo metadata out', () => {
		expect(res.rows).toBe(60);
		expect(res.detected).toMatchObject({ delimiter: ';', linebreak: '\r\n', encoding: 'utf-8' });
		expect(warning(res, 'metadata_ignored')?.params?.columns).toBe('start, end, _id, _submission_time, _validation_status, _index'); // _uuid is the respondent id
	});

	test('group paths are stripped, renamed items get catalog names, select-multiple keeps question/option, oui/non become 1/0', () => {
		const p = res.preview[1]!;
		expect(p).toMatchObject({ borough: 'Montréal-Nord', gender: 'woman', age: 56, age_group: '45-64' });
		expect(p.items).toMatchObject({ safe_after_dark: '1', victim_physical_12m: '1', trust_police: '3', contexte: 'prive academique public_externe',
			'contexte/prive': '1', 'contexte/academique': '1', 'contexte/public_externe': '1', 'contexte/public_interne': '0' });
		expect(res.preview[0]!.items.victim_physical_12m).toBe('0');
	});

	test('the catalog indicator computes on it (unweighted: the count of 1 or 2 among 1–4)', async () => {
		const text = readFileSync('fixtures/kobo/safety_survey_kobo.csv', 'utf8');
		const safe = text.trim().split('\r\n').slice(1).map((l) => l.split(';')[5]!.replace(/"/g, ''));
		const want = safe.filter((v) => v === '1' || v === '2').length / safe.length;
		const r = await runVigie(env.path, ['estimate', '--indicator', 'feel_safe_after_dark', '--wave', '2024-kobo', '--by', '', '--no-suppress', '--format', 'json']);
		expect(r.code, r.stderr).toBe(0);
		expect(JSON.parse(r.stdout).rows[0].estimate).toBeCloseTo(want, 12);
	});
});

describe('formpack specimens (KoboToolbox export library)', () => {
	test('specimen 02 (group paths) loads through a mapping with a constant borough and no gender or age', async () => {
		const env = tempDb();
		try {
			const res = ok(await loadSurvey(env.db, 'fixtures/kobo/specimen_02_test_exports_line1647.csv',
				{ mapping: readMappingFile('fixtures/kobo/specimen_02_mapping.json') }));
			expect(res.rows).toBe(2);
			expect(res.detected.delimiter).toBe(';');
			expect(res.preview[0]).toMatchObject({ respondent_id: "respondent1's r1", borough: 'Verdun', gender: 'unknown' });
			expect(res.preview[0]!.items).toEqual({ g1q1: "respondent1's r2", g1sg1q1: "respondent1's r2.5", g1q2: "respondent1's r2.75 :)",
				g2q1: "respondent1's r3", qz: "respondent1's r4" });
		} finally {
			env.cleanup();
		}
	});
	test('specimen 04 (a geopoint): its derived _lieu_* columns are left out, a French accent is read', async () => {
		const env = tempDb();
		try {
			const res = ok(await loadSurvey(env.db, 'fixtures/kobo/specimen_04_test_exports_line1674.csv', {
				mapping: parseMapping({ columns: { respondent_id: 'nom du restaurant', borough: { constant: 'Verdun' }, gender: null, age: null,
					wave: { constant: 'specimen-04' } } }) }));
			expect(res.rows).toBe(2);
			expect(warning(res, 'metadata_ignored')?.params?.columns).toBe('_lieu_latitude, _lieu_longitude, _lieu_altitude, _lieu_precision');
			expect(res.preview[0]!.items).toEqual({ lieu: '13.42 -25.43', 'type de restaurant': 'avec vente à emporter' });
		} finally {
			env.cleanup();
		}
	});
});

describe('REACH Iraq 2021: a real Kobo export after R (leaked BOM, "." paths, X_uuid, TRUE/FALSE)', () => {
	let env: ReturnType<typeof tempDb>;
	let res: Extract<IngestResult, { ok: true }>;
	beforeAll(async () => {
		env = tempDb();
		res = ok(await loadSurvey(env.db, 'fixtures/kobo/reach_irq_2021_inst_data.csv', { mapping: readMappingFile('fixtures/kobo/reach_irq_mapping.json') }));
	});
	afterAll(() => env?.cleanup());

	test('loads the 632 households and says what it repaired', () => {
		expect(res.rows).toBe(632);
		expect(warning(res, 'leaked_bom')).toBeDefined();
		const left = String(warning(res, 'metadata_ignored')?.params?.columns).split(', ');
		expect(left).toEqual(expect.arrayContaining(['start', 'end', 'X_id', 'X_submission_time', 'X_index']));
		expect(listAreas(env.db, 'reach-irq').length).toBe(42);
	});

	test('genders, ages and select-multiple answers are stored as the file has them', () => {
		const g = env.db.prepare('SELECT gender, count(*) AS n FROM respondents GROUP BY gender ORDER BY gender').all();
		expect(g).toEqual([{ gender: 'man', n: 594 }, { gender: 'woman', n: 38 }]);
		const cols = env.db.prepare(`SELECT name FROM survey_columns WHERE role = 'item'`).pluck().all() as string[];
		expect(cols).toContain('primary_livelihood/savings');
		expect(cols).toContain('hhh_r');
		expect(cols).not.toContain('X_uuid');
		const hhh = res.preview.map((p) => p.items.hhh_r);
		expect(hhh.every((v) => v === '1' || v === '0')).toBe(true);
	});
});

describe('ODK Briefcase export (its CSV format: "-" group paths, quoted text, four geopoint columns, KEY)', () => {
	test('loads through a mapping; the geopoint columns are left out as the mapping says, metadata too', async () => {
		const env = tempDb();
		try {
			const res = ok(await loadSurvey(env.db, 'fixtures/kobo/safety_survey_odk_briefcase.csv', { mapping: readMappingFile('fixtures/kobo/odk_briefcase_mapping.json') }));
			expect(res.rows).toBe(40);
			expect(String(warning(res, 'metadata_ignored')?.params?.columns).split(', ').sort())
				.toEqual(['SubmissionDate', 'lieu-Accuracy', 'lieu-Altitude', 'lieu-Latitude', 'lieu-Longitude', 'meta-instanceID'].sort());
			expect(res.preview[0]).toMatchObject({ borough: 'Verdun', gender: 'man', age: 21, age_group: '18-24' });
			// An empty int is exported as "": no answer, not an error.
			expect(res.preview[0]!.items).toEqual({ safe_after_dark: '', victim_physical_12m: '0' });
			expect(res.preview[0]!.respondent_id).toMatch(/^uuid:/);
		} finally {
			env.cleanup();
		}
	});
});

describe('progress', () => {
	test('the load reports the bytes read, ending at the file size', async () => {
		const env = tempDb();
		try {
			const seen: [number, number][] = [];
			ok(await loadSurvey(env.db, 'fixtures/kobo/reach_irq_2021_inst_data.csv', { mapping: readMappingFile('fixtures/kobo/reach_irq_mapping.json'),
				onProgress: (b, t) => seen.push([b, t]) }));
			const size = readFileSync('fixtures/kobo/reach_irq_2021_inst_data.csv').length;
			expect(seen.length).toBeGreaterThanOrEqual(2); // 1 MB pieces of a 1.1 MB file
			expect(seen.every(([, t]) => t === size)).toBe(true);
			expect(seen[seen.length - 1]![0]).toBe(size);
			expect(seen.map(([b]) => b)).toEqual([...seen.map(([b]) => b)].sort((a, b) => a - b));
		} finally {
			env.cleanup();
		}
	});
});
