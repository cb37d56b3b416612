/**
 * What `vigie ingest` says about a file, as analysts read it on the command line: answers checked
 * against the catalog's codes, blank and absurd weights, the sample design, the hints that name
 * the fix (in the mapping's and the flags' words), a file wider than the column limit, and a dry
 * run of a file already loaded. The real command line in a child process, a real database file.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runVigie, type Run } from '../helpers/cli';
import { csv, HEADER, row as refRow } from '../helpers/survey-csv';

let dir: string;
let n = 0;
const dbPath = () => join(dir, 'vigie.db');
const vigie = (args: string[]) => runVigie(dbPath(), args);
const write = (text: string, ext = 'csv') => {
	const p = join(dir, `f${n++}.${ext}`);
	writeFileSync(p, text);
	return p;
};

interface Issue { line: number | null; column: string | null; value: string | null; code: string; message: string; suggestion?: string; advice?: string;
	params?: Record<string, string | number>; candidates?: { column: string; confidence: string }[] }
interface Out { ok: boolean; error_count?: number; errors?: Issue[]; warnings: Issue[]; rows?: number }
const out = (r: Run): Out => {
	try {
		return JSON.parse(r.stdout) as Out;
	} catch {
		throw new Error(`not JSON (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
	}
};
const json = async (file: string, ...args: string[]) => {
	const r = await vigie(['ingest', file, '--kind', 'survey', '--format', 'json', ...args]);
	return { r, o: out(r) };
};
const errorAt = (o: Out, line: number) => o.errors!.find((e) => e.line === line);
/** The wave written in the rows of the next file (the reference file's wave column), one per test. */
let wave = 'w0';
const row = (i: number, patch: Record<string, string> = {}) => refRow(i, { wave, ...patch });
const nextWave = () => (wave = `w${n}`);

beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'vigie-checks-'));
});
beforeEach(() => {
	nextWave();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('answers against the catalog, one check per case, on the right line', () => {
	// Line 1 is the header: data row i is on line i + 2.
	const cases: [string, Record<string, string>, Partial<Issue>][] = [
		['a code outside the item’s codes', { safe_after_dark: '5' },
			{ column: 'safe_after_dark', value: '5', code: 'item_code_unknown', params: { expected: '1, 2, 3, 4', missing: '8, 9, 99' } }],
		['a blank weight', { weight: '' }, { column: 'weight', value: '', code: 'required' }],
		['“oui” in a 0/1 item', { victim_physical_12m: 'oui' }, { column: 'victim_physical_12m', value: 'oui', code: 'item_not_code', suggestion: '1' }],
		['“2” in a 0/1 item', { victim_verbal_12m: '2' }, { column: 'victim_verbal_12m', value: '2', code: 'item_code_unknown' }],
		['a score above its range', { trust_police: '11' }, { column: 'trust_police', value: '11', code: 'item_out_of_range', params: { min: 0, max: 10, missing: '99' } }],
		['text in a numeric item', { trust_police: 'beaucoup' }, { column: 'trust_police', value: 'beaucoup', code: 'item_not_code' }],
		['a weight beyond a trillion', { weight: '1e13' }, { column: 'weight', value: '1e13', code: 'weight_out_of_range' }],
		['a denormal weight', { weight: '1e-310' }, { column: 'weight', value: '1e-310', code: 'weight_out_of_range' }],
		['an infinite weight', { weight: '1e400' }, { column: 'weight', value: '1e400', code: 'not_a_number' }],
		['a replicate weight beyond a trillion', { bw_7: '2e12' }, { column: 'bw_7', value: '2e12', code: 'weight_out_of_range' }]
	];

	test.each(cases)('%s: a row error with line, column, value and what was expected; nothing stored', async (_name, patch, expected) => {
		const file = write(csv(HEADER, [row(0), row(1), row(2, patch), row(3)]));
		const { r, o } = await json(file);
		expect(r.code, r.stderr).toBe(1);
		expect(o.ok).toBe(false);
		expect(o.errors).toHaveLength(1);
		expect(errorAt(o, 4)).toMatchObject(expected);
		expect((await vigie(['datasets', '--format', 'json'])).stdout.trim()).toBe('[]');
	});

	test('the text report names the line, the column, the value, the codes expected and the fix', async () => {
		const file = write(csv(HEADER, [row(0, { weight: '' }), row(1, { safe_after_dark: '5' }), row(2, { victim_physical_12m: 'oui' })]));
		const r = await vigie(['ingest', file, '--kind', 'survey']);
		expect(r.code).toBe(1);
		const lines = r.stderr.split('\n');
		expect(lines).toContain('line 2, column “weight”, value “”: a value is required. When the file has a weight column, every row needs a weight. '
			+ 'If every respondent weighs 1, leave the column out or map "weight": {"constant": "1"}.');
		expect(lines).toContain('line 3, column “safe_after_dark”, value “5”: not a code of this item: expected 1, 2, 3, 4 (no answer: 8, 9, 99). '
			+ 'If “5” means no answer, declare it in the mapping: "missing": {"safe_after_dark": ["5"]}.');
		expect(lines).toContain('line 4, column “victim_physical_12m”, value “oui”: text where this item takes codes: expected 0, 1 (no answer: 8, 9, 99). '
			+ 'If it means 1, say so in the mapping: "values": {"victim_physical_12m": {"oui": "1"}}.');
		expect(r.stderr).toContain('3 errors: nothing was stored.');
	});

	test('a code the mapping declares as no answer is a warning, stored as no answer', async () => {
		const file = write(csv(HEADER, [row(0), row(1, { safe_after_dark: '5' }), row(2), row(3, { safe_after_dark: '5' })]));
		const mapping = write(JSON.stringify({ missing: { safe_after_dark: ['5'] } }), 'json');
		const { r, o } = await json(file, '--mapping', mapping);
		expect(r.code, r.stderr).toBe(0);
		expect(o.warnings.find((w) => w.code === 'item_code_declared_missing')).toMatchObject({
			line: 3, column: 'safe_after_dark', value: '5', params: { count: 2, item: 'safe_after_dark' } });
	});

	test('the words of the mapping make “oui” a code', async () => {
		const file = write(csv(HEADER, [row(0, { victim_physical_12m: 'oui' }), row(1, { victim_physical_12m: 'non' })]));
		const mapping = write(JSON.stringify({ values: { victim_physical_12m: { oui: '1', non: '0' } } }), 'json');
		const { r } = await json(file, '--mapping', mapping, '--dry-run');
		expect(r.code, r.stdout).toBe(0);
	});
});

/** The reference file without some columns. */
function without(columns: string[], rows = 40): string {
	const keep = HEADER.map((h, i) => (columns.includes(h) ? -1 : i)).filter((i) => i >= 0);
	return csv(keep.map((i) => HEADER[i]!), Array.from({ length: rows }, (_, r) => keep.map((i) => row(r)[i]!)));
}

describe('hints for the common fixes', () => {
	test('PSUs without strata: the error says to map the stratum as one constant, and that loads', async () => {
		const file = write(without(['stratum']));
		const { o } = await json(file);
		expect(o.errors![0]).toMatchObject({ code: 'psu_without_stratum', column: 'psu' });
		expect(o.errors![0]!.message).toContain('"stratum": {"constant": "all"}');
		const mapping = write(JSON.stringify({ columns: { stratum: { constant: 'all' } } }), 'json');
		const fixed = await json(file, '--mapping', mapping, '--dry-run');
		expect(fixed.r.code, fixed.r.stdout).toBe(0);
	});

	test('no gender column: the error says gender may be declared absent', async () => {
		const { o } = await json(write(without(['gender'])));
		const e = o.errors!.find((x) => x.code === 'missing_column')!;
		expect(e.params).toMatchObject({ role: 'gender' });
		expect(e.advice).toContain('"gender": null');
	});

	test('no wave: the command line is told to use --wave', async () => {
		const { o } = await json(write(without(['wave'], 5)));
		expect(o.errors!.find((e) => e.code === 'wave_missing')!.message).toContain('--wave');
	});

	test('areas of another city: one error first, saying how to load or create them; new_areas on a geography with areas is said to be ignored', async () => {
		const rows = Array.from({ length: 12 }, (_, i) => row(i, { borough: ['Guadalajara', 'Monterrey', 'León'][i % 3]! }));
		const file = write(csv(HEADER, rows));
		const { o } = await json(file);
		expect(o.error_count).toBe(13);
		expect(o.errors![0]).toMatchObject({ line: null, column: 'borough', code: 'areas_not_in_geography', params: { count: 3, geography: 'montreal' } });
		expect(o.errors![0]!.advice).toContain('--kind areas --geography NAME');
		expect(o.errors![0]!.advice).toContain('"new_areas": true');
		const mapping = write(JSON.stringify({ new_areas: true }), 'json');
		const again = await json(file, '--mapping', mapping);
		expect(again.o.errors![0]!.advice).toContain('"new_areas" was ignored because the geography “montreal” already has areas');
		const created = write(JSON.stringify({ new_areas: true, geography: 'mx-test' }), 'json');
		expect((await json(file, '--mapping', created, '--dry-run')).r.code).toBe(0);
	});
});

describe('the design, checked at load time', () => {
	test('a stratum with one PSU and PSU ids repeated across strata are warnings that name the mapping option and the reading', async () => {
		const rows = Array.from({ length: 60 }, (_, i) => row(i));
		// One respondent alone in a stratum of its own: a stratum with a single PSU.
		rows.push(row(60, { stratum: 'Lonely', psu: '1' }));
		const { r, o } = await json(write(csv(HEADER, rows)));
		expect(r.code, r.stdout).toBe(0);
		const lonely = o.warnings.find((w) => w.code === 'stratum_single_psu')!;
		// The first rows leave a few other strata with one PSU too.
		expect(String(lonely.params!.strata).split(', ')).toContain('Lonely');
		expect(lonely.message).toContain('"design": {"lonely_psu": "…"}');
		expect(lonely.message).toContain('fail, remove, certainty, adjust, average');
		const crossing = o.warnings.find((w) => w.code === 'psu_in_several_strata')!;
		expect(crossing.message).toContain('nest = TRUE');
	});

	test('the option the warning names is one the mapping takes; new_areas on Montreal is said to be ignored', async () => {
		const rows = Array.from({ length: 30 }, (_, i) => row(200 + i));
		const mapping = write(JSON.stringify({ design: { lonely_psu: 'average' }, new_areas: true }), 'json');
		const { r, o } = await json(write(csv(HEADER, rows)), '--mapping', mapping, '--dry-run');
		expect(r.code, r.stdout).toBe(0);
		expect(o.warnings.find((w) => w.code === 'new_areas_ignored')).toMatchObject({ params: { geography: 'montreal', count: 34 } });
		expect(o.warnings.find((w) => w.code === 'new_areas_ignored')!.message).toContain('“new_areas” was ignored');
	});

	test('a dry run of a file already loaded checks it and says it is loaded', async () => {
		const file = write(csv(HEADER, Array.from({ length: 30 }, (_, i) => row(100 + i))));
		expect((await vigie(['ingest', file, '--kind', 'survey'])).code).toBe(0);
		const { r, o } = await json(file, '--dry-run');
		expect(r.code, r.stdout).toBe(0);
		expect(o).toMatchObject({ ok: true, rows: 30 });
		expect(o.warnings.map((w) => w.code)).toContain('already_loaded');
		expect(o.warnings.map((w) => w.code)).not.toContain('wave_exists');
		const text = await vigie(['ingest', file, '--kind', 'survey', '--dry-run']);
		expect(text.stderr).toMatch(/already loaded as dataset \d+/);
		// Loading it for real is still refused.
		const load = await vigie(['ingest', file, '--kind', 'survey', '--format', 'json']);
		expect(out(load).errors![0]!.code).toBe('duplicate_file');
	});
});

describe('a file wider than the column limit', () => {
	test('exit 1 with an error naming the limit, no stack trace, nothing stored', async () => {
		const width = 5001;
		const header = Array.from({ length: width }, (_, i) => `q${i}`);
		const file = write(csv(header, [header.map(() => '1')]));
		const r = await vigie(['ingest', file, '--kind', 'survey']);
		expect(r.code).toBe(1);
		expect(r.stderr).toContain('more columns than the limit of 5000 in a file');
		expect(r.stderr).not.toMatch(/\n\s+at |CsvFatalError|Error:/);
		const { o } = await json(file);
		expect(o.errors).toEqual([expect.objectContaining({ line: 1, column: null, code: 'too_many_columns', params: { limit: 5000 } })]);
		const suggest = await vigie(['ingest', file, '--suggest-mapping']);
		expect(suggest.code).toBe(1);
		expect(suggest.stderr).toContain('5000');
	});

	test('a data row wider than the limit is reported on its line', async () => {
		const line = Array.from({ length: 5001 }, () => '1').join(',');
		const file = write(csv(HEADER, [row(0)]) + line + '\n');
		const { o } = await json(file);
		expect(o.errors!.find((e) => e.code === 'too_many_columns')).toMatchObject({ line: 3 });
	});
});
