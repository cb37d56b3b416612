/**
 * The mapping assistant on files nobody here wrote: INEGI's ENSU (Spanish headers, strata and
 * PSUs, a person identified by several columns), loaded from `vigie ingest --suggest-mapping`
 * with only the edits its documentation names, its estimate agreeing with R; the proposals on the
 * errors of a load without a mapping; survey-tool exports. The real command line.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runVigie } from '../helpers/cli';

const ENSU = 'fixtures/ensu/ensu_2015q1_selected_informant_joined.csv';
let dir: string;
const db = () => join(dir, 'vigie.db');
const vigie = (args: string[], env: Record<string, string> = {}) => runVigie(db(), args, env);

beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'vigie-suggest-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ENSU from --suggest-mapping', () => {
	let draft: Record<string, any>;
	let summary: string;

	beforeAll(async () => {
		const r = await vigie(['ingest', ENSU, '--suggest-mapping']);
		expect(r.code, r.stderr).toBe(0);
		draft = JSON.parse(r.stdout);
		summary = r.stderr;
	}, 60_000);

	test('proposes SEX for gender, EDA for age, FACTOR for the weight, EDIS and UPM_DIS for stratum and PSU, CD_NOMBRE for the area', () => {
		expect(draft.columns).toEqual({
			respondent_id: { join: ['UPM_DIS', 'V_SEL'], separator: '-' },
			borough: 'CD_NOMBRE', age: 'EDA', gender: 'SEX', weight: 'FACTOR', stratum: 'EDIS', psu: 'UPM_DIS'
		});
		// SEX codes read by ISO/IEC 5218, INEGI's coding (1 man, 2 woman); the cities are not Montreal's: a new geography.
		expect(draft.values.gender).toEqual({ '1': 'man', '2': 'woman' });
		expect(draft).toMatchObject({ version: 1, kind: 'survey', new_areas: true, geography: 'ensu-2015q1-selected-informant-joined',
			csv: { encoding: 'utf-8', delimiter: ',', decimal: '.' }, missing: { P1: ['9'], P2: ['9'], P3_3: ['9'] } });
	});

	test('says on standard error what each role was given, how sure, and why', () => {
		expect(summary).toContain('Gender: “SEX” (likely: its name is a usual name for gender; 2 codes (1, 2))');
		expect(summary).toContain('Age: “EDA” (likely: its name is a usual Spanish name for age; whole numbers from 18 to 94)');
		expect(summary).toContain('Weight: “FACTOR” (likely: its name is a usual Spanish name for weight;');
		expect(summary).toContain('Stratum: “EDIS” (likely: its name is a usual Spanish name for stratum; 3 codes, each holding several PSUs)');
		expect(summary).toContain('PSU (cluster): “UPM_DIS” (likely: its name is a usual Spanish name for psu (cluster); 583 clusters');
		expect(summary).toContain('give --wave W when loading');
	});

	test('loads with the documented edits only (the wave on the command line), and its estimate agrees with R', async () => {
		const mapping = join(dir, 'mapping.json');
		writeFileSync(mapping, JSON.stringify(draft, null, 2));
		const load = await vigie(['ingest', ENSU, '--kind', 'survey', '--mapping', mapping, '--wave', '2015-03', '--format', 'json']);
		expect(load.code, load.stdout + load.stderr).toBe(0);
		expect(JSON.parse(load.stdout)).toMatchObject({ ok: true, rows: 2025 });
		expect((await vigie(['catalog', 'add', 'fixtures/ensu/catalog.json'])).code).toBe(0);
		const est = await vigie(['estimate', '--indicator', 'feel_safe_city', '--wave', '2015-03', '--design', 'strata_psu', '--no-suppress', '--format', 'json', '--by', '']);
		expect(est.code, est.stderr).toBe(0);
		const overall = JSON.parse(est.stdout).rows[0];
		// R survey 4.1-1 on the same respondents (the INEGI questionnaire table): fixtures/ensu/expected.json.
		const r = (JSON.parse(readFileSync('fixtures/ensu/expected.json', 'utf8')) as { city: string | null; estimate: number; se: number; n: number; df: number }[])
			.find((e) => e.city === null)!;
		expect(overall.n).toBe(r.n);
		expect(overall.df).toBe(r.df);
		expect(Math.abs(overall.estimate - r.estimate) / r.estimate).toBeLessThan(1e-6);
		expect(Math.abs(overall.se - r.se) / r.se).toBeLessThan(1e-6);
		// By gender: SEX was read.
		const byGender = await vigie(['estimate', '--indicator', 'feel_safe_city', '--wave', '2015-03', '--by', 'gender', '--no-suppress', '--format', 'json']);
		const genders = (JSON.parse(byGender.stdout).rows as { domain: { gender: string }; n: number }[]).filter((x) => x.n > 0).map((x) => x.domain.gender);
		expect(genders.sort()).toEqual(['man', 'woman']);
	}, 60_000);
});

describe('a load without a mapping', () => {
	test('each missing role’s error carries the columns that may play it, with how sure and why', async () => {
		// A dry run: the file may be loaded already (above), and is checked all the same.
		const r = await vigie(['ingest', ENSU, '--kind', 'survey', '--wave', '2015-03', '--format', 'json', '--dry-run']);
		expect(r.code).toBe(1);
		const errors = JSON.parse(r.stdout).errors as { code: string; params: { role: string }; suggestion?: string; candidates?: { column: string; confidence: string }[]; message: string }[];
		const of = (role: string) => errors.find((e) => e.code === 'missing_column' && e.params.role === role)!;
		// SEX is a name a load knows by itself: gender is not missing.
		expect(errors.map((e) => e.params.role).sort()).toEqual(['age', 'borough', 'respondent_id']);
		expect(of('age')).toMatchObject({ suggestion: 'EDA', candidates: [expect.objectContaining({ column: 'EDA', confidence: 'high' })] });
		expect(of('age').message).toContain('Columns that may be it: “EDA” (likely: its name is a usual Spanish name for age; whole numbers from 18 to 94).');
		expect(of('age').message).toContain('"age": null');
		expect(of('borough')).toMatchObject({ suggestion: 'CD_NOMBRE' });
		// No single column identifies a respondent: the error points to the draft mapping.
		expect(of('respondent_id').message).toContain('--suggest-mapping');
	});

	test('in French too', async () => {
		const r = await vigie(['ingest', ENSU, '--kind', 'survey', '--wave', '2015-03', '--lang', 'fr', '--dry-run']);
		expect(r.stderr).toContain('Colonnes possibles : « EDA » (probable : son nom est un nom espagnol courant pour âge ; des nombres entiers de 18 à 94).');
	});
});

describe('survey-tool exports', () => {
	test('a KoboToolbox export: group paths, yes/no words as codes, Montreal’s boroughs; loads with the wave', async () => {
		const file = 'fixtures/kobo/safety_survey_kobo.csv';
		const r = await vigie(['ingest', file, '--suggest-mapping']);
		const draft = JSON.parse(r.stdout);
		expect(draft.columns).toMatchObject({ borough: 'demo/arrondissement', age: 'demo/age', gender: 'demo/genre' });
		expect(draft.values['victimisation/victime_physique_12m']).toEqual({ oui: '1', non: '0' });
		expect(draft).toMatchObject({ geography: 'montreal', new_areas: false, header: { strip_groups: true } });
		const mapping = join(dir, 'kobo.json');
		writeFileSync(mapping, r.stdout);
		const load = await vigie(['ingest', file, '--kind', 'survey', '--mapping', mapping, '--wave', '2024-kobo-draft', '--dry-run']);
		expect(load.code, load.stderr).toBe(0);
	});

	test('an unreadable file: exit 1 with the reason', async () => {
		const bad = join(dir, 'book.xlsx');
		writeFileSync(bad, Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]));
		const r = await vigie(['ingest', bad, '--suggest-mapping']);
		expect(r.code).toBe(1);
		expect(r.stderr).toContain('this is not a text file (zip)');
		expect(r.stdout).toBe('');
	});
});
