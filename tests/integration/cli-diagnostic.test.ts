/**
 * `vigie ingest --kind areas|incidents|population` and `vigie estimate` for diagnostic
 * indicators, run as analysts run them (node bin/vigie.js in a child process).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import Papa from 'papaparse';
import { runVigie, type Run } from '../helpers/cli';

let dir: string, dbPath: string;
const vigie = (args: string[], env: Record<string, string> = {}): Promise<Run> => runVigie(dbPath, args, env);
const json = <T = Record<string, unknown>>(r: Run): T => {
	try {
		return JSON.parse(r.stdout) as T;
	} catch {
		throw new Error(`not JSON (exit ${r.code}): ${r.stdout.slice(0, 300)} ${r.stderr.slice(0, 300)}`);
	}
};

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'vigie-cli-diag-'));
	dbPath = join(dir, 'vigie.db');
	const areas = await vigie(['ingest', 'fixtures/essex/essex_lad2013.geojson', '--kind', 'areas', '--geography', 'essex',
		'--name-property', 'LAD13NM', '--code-property', 'LAD13CD', '--type', 'district', '--format', 'json']);
	expect(areas.code, areas.stderr).toBe(0);
	for (const m of ['01', '02', '03']) {
		const path = join(dir, `police_uk_2018-${m}.csv`);
		writeFileSync(path, gunzipSync(readFileSync(`fixtures/essex/police_uk_2018-${m}_essex_street.csv.gz`)));
		const r = await vigie(['ingest', path, '--kind', 'incidents', '--geography', 'essex', '--wave', '2018Q1']);
		expect(r.code, r.stderr).toBe(0);
		expect(r.stdout).toMatch(/essex: \d+ placed in an area, \d+ outside every area, \d+ without a location\./);
	}
	const pop = await vigie(['ingest', 'fixtures/essex/ons_mye2_2014_persons_by_lad.csv', '--kind', 'population', '--geography', 'essex', '--format', 'json']);
	expect(pop.code, pop.stderr).toBe(0);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('vigie estimate for incidents', () => {
	test('--indicator incident_rate --by borough,category,month: every district × category × month, per 1,000', async () => {
		const r = await vigie(['estimate', '--indicator', 'incident_rate', '--by', 'borough,category,month']);
		expect(r.code, r.stderr).toBe(0);
		const t = json<{ indicator: string; design: string; ci_method: string; population_year: string; rows: { domain: Record<string, string>; n: number; estimate: number; ci: [number, number] }[] }>(r);
		expect(t).toMatchObject({ indicator: 'incident_rate', design: 'poisson', ci_method: 'garwood', population_year: '2014' });
		expect(t.rows).toHaveLength(14 * 14 * 3);
		const row = t.rows.find((x) => x.domain.borough === 'Basildon' && x.domain.category === 'Burglary' && x.domain.month === '2018-01')!;
		expect(row.estimate).toBeCloseTo((row.n / 180521) * 1000, 12);
	});

	test('--format csv parses back to the same numbers', async () => {
		const [j, c] = await Promise.all([
			vigie(['estimate', '--indicator', 'incident_count', '--by', 'borough', '--format', 'json']),
			vigie(['estimate', '--indicator', 'incident_count', '--by', 'borough', '--format', 'csv'])
		]);
		const rows = Papa.parse<Record<string, string>>(c.stdout.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true }).data;
		const table = json<{ rows: { domain: { borough: string }; n: number; ci: [number, number] }[] }>(j);
		expect(rows.map((r) => [r.borough, Number(r.n), Number(r.ci_hi)])).toEqual(table.rows.map((r) => [r.domain.borough, r.n, r.ci[1]]));
	});

	test('a breakdown the data cannot give exits 1 with the reason, in French when asked', async () => {
		const r = await vigie(['estimate', '--indicator', 'incident_rate', '--by', 'borough,gender', '--lang', 'fr']);
		expect(r.code).toBe(1);
		expect(r.stderr).toMatch(/« gender » n’est pas une ventilation possible/);
		const usage = await vigie(['estimate', '--indicator', 'incident_rate', '--by', 'district']);
		expect(usage.code).toBe(2);
	});
});

describe('vigie ingest of bad diagnostic files', () => {
	test('--format json lists each error with line, column, value, code and message; exit 1', async () => {
		const path = join(dir, 'bad.csv');
		writeFileSync(path, 'month,crime_type,longitude,latitude\n2018-13,Burglary,0.5,51.6\n');
		const r = await vigie(['ingest', path, '--kind', 'incidents', '--geography', 'essex', '--format', 'json']);
		expect(r.code).toBe(1);
		expect(json(r)).toMatchObject({ ok: false, error_count: 1,
			errors: [{ line: 2, column: 'month', value: '2018-13', code: 'month_invalid', message: 'expected a month as YYYY-MM.' }] });
		const areas = await vigie(['ingest', path, '--kind', 'areas']);
		expect(areas.code).toBe(2); // --geography is required for areas
		const missing = await vigie(['ingest', join(dir, 'nope.csv'), '--kind', 'population', '--geography', 'essex']);
		expect(missing.code).toBe(1);
		expect(missing.stderr).toMatch(/cannot be read/);
	});
});

describe('vigie comments', () => {
	test('an analyst reads a mapping dataset’s comments (the API never shows them: see tests/http/diagnostic.test.ts)', async () => {
		const path = join(dir, 'map.csv');
		writeFileSync(path, 'latitude,longitude,perception,comment\n51.57,0.46,unsafe,"Dark underpass, no lights"\n51.58,0.47,safe,\n');
		const load = await vigie(['ingest', path, '--kind', 'mapping', '--geography', 'essex', '--wave', '2024', '--format', 'json']);
		expect(load.code, load.stderr).toBe(0);
		const id = json<{ dataset_id: number }>(load).dataset_id;
		const r = await vigie(['comments', String(id), '--format', 'json']);
		expect(r.code, r.stderr).toBe(0);
		expect(json(r)).toMatchObject({ kind: 'mapping', rows: [{ line: 2, perception: 'unsafe', comment: 'Dark underpass, no lights' }] });
		// Dataset 1 holds areas, which have no free text: a wrong id is invalid input (1), not a usage error.
		const areas1 = await vigie(['comments', '1']);
		expect(areas1.code).toBe(1);
		expect(areas1.stderr).toMatch(/no audit or mapping dataset 1/);
	});
});
