/**
 * The files analysts really have: other encodings and decimal marks, files that are not
 * CSV at all, limits, mapping mistakes, warnings for suspicious data, --skip-invalid, replacing a
 * wave and deleting a dataset. Every refused file leaves every table exactly as it was.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getDataset, listSkipped } from '../../db/datasets';
import { loadSurvey, type SurveyIngestOptions } from '../../ingest/survey/load-survey';
import { parseMapping, MappingError } from '../../ingest/column-mapping';
import { dryRunSurvey, removeDataset } from '../../app/lib/server/ingestion/ingest';
import { nameKey } from '../../ingest/names';
import { tempDb } from '../helpers/temp-db';
import { colIndex, counts, csv as csvWithWave, DATA as DATA_WITH_WAVE, failure, HEADER as HEADER_WITH_WAVE, row as rowWithWave, success } from '../helpers/survey-csv';

// The reference rows without their wave column: each test names its own wave.
const WAVE = colIndex('wave');
const strip = (r: string[]) => r.filter((_, i) => i !== WAVE);
const HEADER = strip(HEADER_WITH_WAVE);
const DATA = DATA_WITH_WAVE.map(strip);
const row = (i: number, patch: Record<string, string> = {}) => strip(rowWithWave(i, patch));
const GOOD = () => [row(0), row(1), row(2)];
const csv = csvWithWave;
const at = (name: string) => HEADER.indexOf(name);
/** Every decimal point of the numbers in a row as a decimal comma. */
const commas = (r: string[]) => r.map((c) => (/^-?\d*\.\d+$/.test(c) ? c.replace('.', ',') : c));

let dir: string;
let n = 0;
const writeTemp = (content: string | Buffer) => {
	const p = join(dir, `f${++n}.csv`);
	writeFileSync(p, content);
	return p;
};
let env: ReturnType<typeof tempDb>;
beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'vigie-files-'));
	env = tempDb();
});
afterAll(() => {
	env?.cleanup();
	rmSync(dir, { recursive: true, force: true });
});

/** Loads into the shared database and checks that a refusal changed nothing. */
async function refused(content: string | Buffer, opts: SurveyIngestOptions = {}) {
	const before = counts(env.db);
	const res = failure(await loadSurvey(env.db, writeTemp(content), { wave: '2024', ...opts }));
	expect(counts(env.db)).toEqual(before);
	return res;
}

describe('files that cannot be read are refused with the reason, and nothing changes', () => {
	test('an Excel workbook (a ZIP): not a text file, save it as CSV', async () => {
		const res = await refused(Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 7)]));
		expect(res.errors).toEqual([{ line: null, column: null, value: null, code: 'binary_file', params: { kind: 'zip' } }]);
	});
	test('random binary bytes with many NULs', async () => {
		const bytes = Buffer.alloc(4096);
		for (let i = 0; i < bytes.length; i += 3) bytes[i] = (i * 37) % 256;
		expect((await refused(bytes)).errors[0]).toMatchObject({ code: 'binary_file', params: { kind: 'unknown' } });
	});
	test('a field over the limit: named by line and column', async () => {
		const res = await refused(csv(HEADER, [row(0), row(1, { victim_context: 'x'.repeat(5000) })]), { limits: { maxFieldChars: 1000 } });
		expect(res.errors).toEqual([{ line: 3, column: 'victim_context', value: null, code: 'field_too_long', params: { limit: 1000 } }]);
	});
	test('an unterminated quote in a big file stops at the record limit instead of filling memory', async () => {
		const rows = [row(0), row(1, { victim_context: '"private' }), ...Array.from({ length: 3000 }, (_, i) => row(i % 3000))];
		const res = await refused(csv(HEADER, rows), { limits: { maxRecordChars: 20_000 } });
		expect(res.errors[res.errors.length - 1]).toMatchObject({ code: 'record_too_long', line: 3, params: { limit: 20_000 } });
	});
	test('more columns than the limit', async () => {
		const wide = [...HEADER, ...Array.from({ length: 50 }, (_, i) => `extra${i}`)];
		const res = await refused(csv(wide, GOOD().map((r) => [...r, ...Array(50).fill('1')])), { limits: { maxColumns: 100 } });
		expect(res.errors[0]).toMatchObject({ code: 'too_many_columns', line: 1, params: { limit: 100 } });
	});
	test('a file over the size limit is refused before it is read', async () => {
		const res = await refused(csv(HEADER, GOOD()), { limits: { maxFileBytes: 100 } });
		expect(res.errors[0]).toMatchObject({ code: 'file_too_large', params: { limit: 100 } });
	});
	test('UTF-8 declared by its BOM but with Latin-1 bytes further on: an encoding error near the line', async () => {
		const body = Buffer.from(csv(HEADER, GOOD()), 'utf8');
		const bad = Buffer.from(csv([], [row(3, { borough: 'Montr\u00e9al-Nord' })]).slice(1), 'latin1');
		const res = await refused(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body, bad]));
		expect(res.errors[0]).toMatchObject({ code: 'encoding_error', params: { encoding: 'utf-8' } });
	});
	test('a NUL byte inside a row', async () => {
		const res = await refused(csv(HEADER, [row(0), row(1, { victim_context: 'pri\u0000vate' })]));
		expect(res.errors[0]).toMatchObject({ code: 'null_byte', line: 3, column: 'victim_context' });
	});
	test('a quote inside an unquoted field (RFC 4180)', async () => {
		const res = await refused(csv(HEADER, [row(0), row(1, { victim_context: 'pri"vate' })]));
		expect(res.errors[0]).toMatchObject({ code: 'quote_in_unquoted_field', line: 3, column: 'victim_context' });
	});
});

describe('encodings, delimiters and decimal marks', () => {
	const accented = () => csv(HEADER, [row(0, { borough: 'Montréal-Nord' }), row(1, { borough: 'Côte-des-Neiges–Notre-Dame-de-Grâce' }), row(2)]);
	test('Windows-1252 (Latin-1) with accented borough names', async () => {
		const res = success(await loadSurvey(env.db, writeTemp(Buffer.from(accented().replace('–', '-'), 'latin1')), { wave: 'latin1' }));
		expect(res.detected.encoding).toBe('windows-1252');
		expect(res.preview.map((p) => p.borough).slice(0, 2)).toEqual(['Montréal-Nord', 'Côte-des-Neiges–Notre-Dame-de-Grâce']);
		expect(res.warnings.find((w) => w.code === 'encoding_guessed')).toBeDefined();
	});
	test('UTF-16 LE with a BOM, CRLF', async () => {
		const text = accented().replace(/\n/g, '\r\n');
		const res = success(await loadSurvey(env.db, writeTemp(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])), { wave: 'utf16' }));
		expect(res.detected).toMatchObject({ encoding: 'utf-16le', bom: true, linebreak: '\r\n' });
		expect(res.preview[1]!.borough).toBe('Côte-des-Neiges–Notre-Dame-de-Grâce');
	});
	test('a French spreadsheet: ";" and decimal commas in weights and replicate weights', async () => {
		const W = at('weight');
		const rows = GOOD().map((r, i) => commas(r.map((c, k) => (k === W ? `${i + 1}.5` : c))));
		const res = success(await loadSurvey(env.db, writeTemp(csv(HEADER, rows, '\r\n', ';')), { wave: 'decimal' }));
		expect(res.detected).toMatchObject({ delimiter: ';', decimal: ',' });
		expect(res.preview.map((p) => p.weight)).toEqual([1.5, 2.5, 3.5]);
	});
	test('the decimal mark can be given: "1.5" is then refused in a decimal-comma file', async () => {
		const rows = [commas(row(0, { weight: '1.5' })), commas(row(1)).map((c, k) => (k === at('weight') ? '1.5' : c))];
		const res = await refused(csv(HEADER, rows, '\n', ';'), { decimal: ',' });
		expect(res.errors).toEqual([{ line: 3, column: 'weight', value: '1.5', code: 'not_a_number' }]);
	});
});

describe('mappings', () => {
	test('a mapped column the file lacks is named, with the nearest header as a suggestion', async () => {
		const mapping = parseMapping({ columns: { borough: 'arrondisement' } });
		const renamed = HEADER.map((h) => (h === 'borough' ? 'arrondissement_res' : h));
		const res = await refused(csv(renamed, GOOD()), { mapping });
		expect(res.errors[0]).toMatchObject({ code: 'mapped_column_missing', line: 1, column: 'arrondisement', params: { role: 'borough' } });
	});
	test('code → value for gender, and missing codes for items', async () => {
		const G = at('gender'), S = at('safe_after_dark');
		const rows = GOOD().map((r, i) => r.map((c, k) => (k === G ? String(1 + (i % 2)) : k === S ? (i === 0 ? '8' : c) : c)));
		const mapping = parseMapping({ values: { gender: { '1': 'woman', '2': 'man' } }, missing: ['8', '9'] });
		const res = success(await loadSurvey(env.db, writeTemp(csv(HEADER, rows)), { wave: 'codes', mapping }));
		expect(res.preview.map((p) => p.gender)).toEqual(['woman', 'man', 'woman']);
		expect(res.preview[0]!.items.safe_after_dark).toBe('');
	});
	test('an invalid mapping is refused with the path of each problem', () => {
		expect(() => parseMapping({ columns: { borough: null, weight: { join: ['a', 'b'] } }, colums: {} })).toThrow(MappingError);
		try {
			parseMapping({ columns: { borough: null }, replicates: { prefix: 'w', method: 'fay' } });
		} catch (e) {
			expect((e as MappingError).problems.map((p) => p.path)).toEqual(expect.arrayContaining(['columns.borough', 'replicates.rho']));
		}
	});
	test('JK1 replicate weights: the scale comes from the method (the older key, read as the type)', async () => {
		const res = success(await loadSurvey(env.db, writeTemp(csv(HEADER, DATA.slice(0, 40))), { wave: 'jk1',
			mapping: parseMapping({ replicates: { prefix: 'bw_', method: 'jk1' } }) }));
		expect(getDataset(env.db, res.dataset_id!)!.design.replicate).toMatchObject({ type: 'JK1', count: 50, scale: 49 / 50, mse: true });
	});
});

describe('warnings for data that is valid but suspicious', () => {
	test('a weight 100 times the median, a borough with 3 respondents, columns no indicator uses', async () => {
		const rows = Array.from({ length: 40 }, (_, i) => row(i, { weight: i === 7 ? '5000' : '10', borough: i < 3 ? 'Verdun' : 'Anjou' }));
		const wide = [...HEADER, 'note_libre'];
		const res = success(await loadSurvey(env.db, writeTemp(csv(wide, rows.map((r) => [...r, 'x']))), { wave: 'warn',
			knownItems: new Set(['safe_after_dark']) }));
		expect(res.warnings).toEqual(expect.arrayContaining([
			{ line: 9, column: 'weight', value: '5000', code: 'weight_outlier', params: { ratio: 500, median: 10 } },
			{ line: null, column: 'borough', value: 'Verdun', code: 'small_area', params: { count: 3, min: 10 } }
		]));
		const unused = res.warnings.find((w) => w.code === 'unused_column')!;
		expect(String(unused.params!.columns).split(', ')).toContain('note_libre');
		expect(String(unused.params!.columns).split(', ')).not.toContain('safe_after_dark');
		expect(getDataset(env.db, res.dataset_id!)!.warnings.length).toBe(res.warnings.length);
	});
	test('R\'s "X.U.FEFF." in the first header is removed and reported', async () => {
		const header = HEADER.map((h, i) => (i === 0 ? `X.U.FEFF.${h}` : h));
		const res = success(await loadSurvey(env.db, writeTemp(csv(header, GOOD())), { wave: 'bom' }));
		expect(res.warnings.some((w) => w.code === 'leaked_bom')).toBe(true);
		expect(res.preview[0]!.respondent_id).toBe(DATA[0]![0]);
	});
});

describe('--skip-invalid, replacing a wave, deleting a dataset', () => {
	test('--skip-invalid stores the valid rows and records the skipped ones with the dataset', async () => {
		const rows = [row(10), row(11, { gender: 'Q' }), row(12, { borough: 'Montral-Nord', age: '300' }), row(13)];
		const res = success(await loadSurvey(env.db, writeTemp(csv(HEADER, rows)), { wave: 'skip', skipInvalid: true }));
		expect(res).toMatchObject({ rows: 2, skipped: 2 });
		expect(getDataset(env.db, res.dataset_id!)!.skipped).toBe(2);
		expect(listSkipped(env.db, res.dataset_id!)).toEqual([
			{ line: 3, column: 'gender', value: 'Q', code: 'unknown_gender', params: {} },
			{ line: 4, column: 'age', value: '300', code: 'age_out_of_range', params: {} }
		]);
	});
	test('duplicate respondent ids are never skipped: which row is the respondent?', async () => {
		const res = await refused(csv(HEADER, [row(20), row(21), row(22, { respondent_id: DATA[20]![0]! })]), { wave: 'skipdup', skipInvalid: true });
		expect(res.errors).toEqual([{ line: 4, column: 'respondent_id', value: DATA[20]![0], code: 'duplicate_respondent', params: { first: 2 } }]);
	});
	test('a second file for a wave is refused unless it replaces the first, atomically', async () => {
		const first = success(await loadSurvey(env.db, writeTemp(csv(HEADER, DATA.slice(100, 120))), { wave: '2030' })).dataset_id!;
		const again = await refused(csv(HEADER, DATA.slice(200, 230)), { wave: '2030' });
		expect(again.errors[0]).toMatchObject({ code: 'wave_exists', params: { id: first, wave: '2030' } });
		// A replacement that fails keeps the first dataset whole.
		await refused(csv(HEADER, [...DATA.slice(200, 230), row(231, { gender: 'Q' })]), { wave: '2030', replace: true });
		expect(getDataset(env.db, first)!.rows).toBe(20);
		const res = success(await loadSurvey(env.db, writeTemp(csv(HEADER, DATA.slice(200, 230))), { wave: '2030', replace: true }));
		expect(res.replaced).toBe(first);
		expect(getDataset(env.db, first)).toBeUndefined();
		expect(env.db.prepare('SELECT count(*) FROM respondents WHERE dataset_id = ?').pluck().get(first)).toBe(0);
		expect(getDataset(env.db, res.dataset_id!)!.rows).toBe(30);
	});
	test('deleting a dataset removes its rows, columns, chunks, skipped rows and the areas it created', async () => {
		const mapping = parseMapping({ geography: 'test-geo', new_areas: true, columns: { borough: 'borough' } });
		const rows = [row(0, { borough: 'Quartier A' }), row(1, { borough: 'Quartier B' }), row(2, { gender: 'Q' })];
		const res = success(await loadSurvey(env.db, writeTemp(csv(HEADER, rows)), { wave: 'del', mapping, skipInvalid: true }));
		const id = res.dataset_id!;
		const count = (sql: string) => env.db.prepare(sql).pluck().get(id) as number;
		expect(count('SELECT count(*) FROM areas WHERE dataset_id = ?')).toBe(2);
		expect(count('SELECT count(*) FROM dataset_skipped_rows WHERE dataset_id = ?')).toBe(1);
		expect(removeDataset(env.db, id)!.id).toBe(id);
		for (const t of ['respondents', 'survey_columns', 'dataset_skipped_rows', 'areas'])
			expect(count(`SELECT count(*) FROM ${t} WHERE dataset_id = ?`), t).toBe(0);
		expect(count('SELECT count(*) FROM survey_chunks WHERE column_id NOT IN (SELECT id FROM survey_columns) AND ? IS NOT NULL')).toBe(0);
		expect(env.db.pragma('foreign_key_check')).toEqual([]);
	});
});

describe('a dry run on a scratch database (the upload page\'s check)', () => {
	test('completes while another connection holds the real database\'s write lock, and still sees loaded datasets', async () => {
		const first = success(await loadSurvey(env.db, writeTemp(csv(HEADER, DATA.slice(300, 320))), { wave: '2040' }));
		const sameFile = join(dir, `f${n}.csv`);
		// Another process writing for a long time: a BEGIN IMMEDIATE that is not committed yet.
		const writer = new Database(env.path);
		writer.exec('BEGIN IMMEDIATE');
		try {
			const again = await dryRunSurvey(env.db, sameFile, join(dir, 'scratch.db'), { wave: '2040' });
			// Checked all the same, and said to be loaded already (loading it would be refused).
			expect(again).toMatchObject({ ok: true, dry_run: true, rows: 20 });
			expect(again.warnings.filter((w) => w.code === 'already_loaded' || w.code === 'wave_exists')).toEqual([
				expect.objectContaining({ code: 'already_loaded', params: expect.objectContaining({ id: first.dataset_id }) })]);
			const other = success(await dryRunSurvey(env.db, writeTemp(csv(HEADER, DATA.slice(400, 430))), join(dir, 'scratch.db'), { wave: '2040' }));
			expect(other).toMatchObject({ dry_run: true, rows: 30, dataset_id: null });
			expect(other.warnings.find((w) => w.code === 'wave_exists')?.params).toMatchObject({ id: first.dataset_id });
			// Boroughs resolve to the real database's area ids.
			expect(other.preview[0]!.borough).toBe(env.db.prepare('SELECT name FROM areas WHERE geography = ? AND name_key = ?')
				.pluck().get('montreal', nameKey(DATA[400]![at('borough')]!)));
		} finally {
			writer.exec('ROLLBACK');
			writer.close();
		}
		expect(existsSync(join(dir, 'scratch.db'))).toBe(false);
	});
});
