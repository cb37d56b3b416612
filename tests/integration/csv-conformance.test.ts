/**
 * CSV conformance: the public suites copied into fixtures/csv-conformance (csv-spectrum,
 * csv-test-data, csvkit's examples, CSV-test-files; attributions in fixtures/README.md) read
 * through the product's own file stream: detection, decoding and the strict parser.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { streamCsv, type CsvIssue, type CsvRecord, type StreamOptions } from '../../ingest/csv';

const ROOT = 'fixtures/csv-conformance';

async function read(path: string, opts: StreamOptions = {}) {
	const records: CsvRecord[] = [];
	const issues: CsvIssue[] = [];
	const res = await streamCsv(path, (r) => records.push(r), (i) => issues.push(i), opts);
	return { ...res, records, issues };
}

/** Rows as objects keyed by the header, as csv-spectrum's JSON has them. */
const asObjects = (records: CsvRecord[]) => {
	const [head, ...rows] = records.map((r) => r.cells);
	return rows.map((r) => Object.fromEntries(head!.map((h, i) => [h, r[i]])));
};

/** What a table loader requires beyond parsing: every row as wide as the header. */
const ragged = (records: CsvRecord[]) => records.some((r) => !r.blank && r.cells.length !== records[0]!.cells.length);

describe('csv-spectrum: every file parses to its JSON', () => {
	const dir = join(ROOT, 'csv-spectrum');
	const names = readdirSync(join(dir, 'csvs')).filter((f) => f.endsWith('.csv'));
	test('the suite is all there', () => expect(names.length).toBe(11));
	test.each(names)('%s', async (name) => {
		const expected = JSON.parse(readFileSync(join(dir, 'json', name.replace(/\.csv$/, '.json')), 'utf8'));
		const got = await read(join(dir, 'csvs', name));
		expect(got.issues).toEqual([]);
		expect(asObjects(got.records)).toEqual(expected);
	});
	test('removed-latin1: Windows-1252 is detected and © decoded', async () => {
		const got = await read(join(dir, 'removed-latin1', 'latin1.csv'));
		expect(got.detected).toMatchObject({ encoding: 'windows-1252', bom: false });
		expect(asObjects(got.records)).toEqual(JSON.parse(readFileSync(join(dir, 'removed-latin1', 'latin1.json'), 'utf8')));
	});
	test('CRLF files are detected as CRLF, LF files as LF', async () => {
		expect((await read(join(dir, 'csvs', 'simple_crlf.csv'))).detected?.linebreak).toBe('\r\n');
		expect((await read(join(dir, 'csvs', 'simple.csv'))).detected?.linebreak).toBe('\n');
	});
});

describe('csv-test-data: files with JSON parse to it; bad-* files fail with a named problem', () => {
	const dir = join(ROOT, 'sineemore-csv-test-data');
	const names = readdirSync(join(dir, 'csv')).filter((f) => f.endsWith('.csv'));
	const good = names.filter((n) => existsSync(join(dir, 'json', n.replace(/\.csv$/, '.json'))));
	const bad = names.filter((n) => n.startsWith('bad-'));
	test('the suite is all there', () => {
		expect(good.length).toBe(18);
		expect(bad.length).toBe(7);
	});
	test.each(good)('%s', async (name) => {
		const expected = JSON.parse(readFileSync(join(dir, 'json', name.replace(/\.csv$/, '.json')), 'utf8'));
		const got = await read(join(dir, 'csv', name));
		expect(got.issues).toEqual([]);
		// header-* files are read with their header (rows as objects); the others as arrays of fields.
		expect(name.startsWith('header-') ? asObjects(got.records) : got.records.map((r) => r.cells)).toEqual(expected);
	});

	/** Each bad file, and the problem the product names for it. */
	const BAD: Record<string, (g: Awaited<ReturnType<typeof read>>) => void> = {
		'bad-header-no-header.csv': (g) => expect(g.issues[0]?.code).toBe('empty_file'),
		'bad-header-less-fields.csv': (g) => expect(ragged(g.records)).toBe(true),
		'bad-header-more-fields.csv': (g) => expect(ragged(g.records)).toBe(true),
		'bad-header-wrong-header.csv': (g) => expect(g.records[0]!.cells).not.toEqual(['foo', 'bar', 'baz']),
		'bad-missing-quote.csv': (g) => expect(g.issues[0]).toMatchObject({ code: 'unterminated_quote', line: 2, field: 2 }),
		'bad-quotes-with-unescaped-quote.csv': (g) => expect(g.issues[0]).toMatchObject({ code: 'text_after_quote', line: 2, field: 2 }),
		'bad-unescaped-quote.csv': (g) => expect(g.issues[0]).toMatchObject({ code: 'quote_in_unquoted_field', line: 2, field: 2 })
	};
	test.each(bad)('%s', async (name) => {
		expect(BAD[name], `no expectation for ${name}`).toBeDefined();
		BAD[name]!(await read(join(dir, 'csv', name)));
	});
	test('a bad header is refused by the survey loader as a missing column', async () => {
		// (covered for surveys in ingest-survey.test.ts; here the parser's part: the header is read as written)
		const g = await read(join(dir, 'csv', 'bad-header-wrong-header.csv'));
		expect(g.records[0]!.cells).toEqual(['qux', 'quux', 'quuz']);
	});
});

describe('csvkit examples: correct data or a clear error', () => {
	const dir = join(ROOT, 'csvkit-examples');
	const cells = async (name: string, opts?: StreamOptions) => (await read(join(dir, name), opts)).records.map((r) => r.cells);

	test('Latin-1 (no BOM): detected as Windows-1252, © decoded', async () => {
		const g = await read(join(dir, 'test_latin1.csv'));
		expect(g.detected?.encoding).toBe('windows-1252');
		expect(g.records.map((r) => r.cells)).toEqual([['a', 'b', 'c'], ['1', '2', '3'], ['4', '5', '©']]);
	});
	test.each([['test_utf16_big.csv', 'utf-16be'], ['test_utf16_little.csv', 'utf-16le']])('%s: UTF-16 by its BOM', async (name, enc) => {
		const g = await read(join(dir, name));
		expect(g.detected).toMatchObject({ encoding: enc, bom: true });
		expect(g.records.map((r) => r.cells)).toEqual([['a', 'b', 'c'], ['1', '2', '3'], ['4', '5', 'ʤ']]);
	});
	test('UTF-8 with a BOM: the BOM is not part of the first header', async () => {
		const g = await read(join(dir, 'test_utf8_bom.csv'));
		expect(g.detected).toMatchObject({ encoding: 'utf-8', bom: true });
		expect(g.records[0]!.cells[0]).toBe('foo');
		expect(g.records.map((r) => r.cells)).toEqual(await cells('test_utf8.csv'));
	});
	test('CR-only line ends (classic Mac), with a CR inside a quoted field', async () => {
		const g = await read(join(dir, 'mac_newlines.csv'));
		expect(g.detected?.linebreak).toBe('\r');
		expect(g.records.map((r) => [r.line, ...r.cells])).toEqual([[1, 'a', 'b', 'c'], [2, '1', '2', '3'], [3, 'Once upon\ra time', '5', '6']]);
	});
	test('a NUL byte: an error on its line and field', async () => {
		const g = await read(join(dir, 'null_byte.csv'));
		expect(g.issues).toEqual([{ line: 2, field: 1, code: 'null_byte' }]);
	});
	test('ragged rows are visible to the loaders (which refuse them with field_count)', async () => {
		const rows = await cells('bad.csv');
		expect(rows[0]).toEqual(['column_a', 'column_b', 'column_c']);
		expect(rows.map((r) => r.length)).toContain(4);
		expect(rows.map((r) => r.length)).toContain(2);
	});
	test('decimal commas in a comma-delimited file ("1,7" quoted) are detected', async () => {
		const g = await read(join(dir, 'test_locale.csv'));
		expect(g.detected).toMatchObject({ delimiter: ',', decimal: ',' });
		expect(g.records[1]!.cells).toEqual(['1,7', '200.000.000', '']);
	});
	test.each([['dummy.tsv', '\t'], ['sniff_limit.csv', ';'], ['dummy.csv', ',']])('%s: delimiter detected', async (name, d) => {
		const g = await read(join(dir, name));
		expect(g.detected?.delimiter).toBe(d);
		expect(g.records[0]!.cells).toEqual(['a', 'b', 'c']);
	});
	test('an overridden delimiter wins over detection', async () => {
		const g = await read(join(dir, 'sniff_limit.csv'), { delimiter: ',' });
		expect(g.detected).toMatchObject({ delimiter: ',', given: ['delimiter'] });
		expect(g.records[0]!.cells).toEqual(['a;b;c']);
	});
	test('an empty file (one line break) has no record but a blank one (the loaders refuse it as empty)', async () => {
		const g = await read(join(dir, 'empty.csv'));
		expect(g.issues).toEqual([]);
		expect(g.records).toEqual([{ cells: [''], line: 1, blank: true }]);
	});
	test('quoted control characters in a header are kept as written', async () => {
		const rows = await cells('test_header_newline.csv');
		expect(rows[0]![0]).toBe('\t\n\v\f\r start \t\n\v\f\r end \t\n\v\f\r');
		expect(rows[1]).toEqual(['d', 'e', 'f']);
	});
});

describe('CSV-test-files: ISO-8859-1 in CRLF and LF', () => {
	test.each(['CSV-basic-ISO-8859-1.CRLF.csv', 'CSV-basic-ISO-8859-1.LF.csv'])('%s', async (name) => {
		const g = await read(join(ROOT, 'charlesnepote-latin1', name));
		expect(g.detected).toMatchObject({ encoding: 'windows-1252', delimiter: ',', linebreak: name.includes('CRLF') ? '\r\n' : '\n' });
		expect(g.issues).toEqual([]);
		expect(g.records.map((r) => r.cells)).toEqual([['first_name', 'last_name', 'age'], ['John', 'Smith', '37'],
			['Jean', 'Christophe', '33'], ['Hélène', 'Mahé', '42']]);
	});
});
