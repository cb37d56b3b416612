/**
 * Survey ingestion through `loadSurvey` on real temporary SQLite files, nothing lost or half
 * stored: the reference file, malformed files (every error names its line, column and
 * value, and the database is left exactly as it was), accepted spellings and file shapes, dry
 * runs. (A process killed in the middle of a large ingestion: hidden-loads.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb, type Db } from '../../db/connection';
import { deleteDataset, getDataset } from '../../db/datasets';
import { listSurveyColumns, readSurveyColumns } from '../../db/survey';
import { loadSurvey, type SurveyIngestOptions } from '../../ingest/survey/load-survey';
import type { IngestIssue, IngestResult } from '../../ingest/report';
import { tempDb } from '../helpers/temp-db';
import { colIndex, counts, csv, DATA, failure, GOOD, HEADER, ITEMS, q, REF, refLines, row, success } from '../helpers/survey-csv';

let dir: string;
let fileNo = 0;
function writeTemp(text: string | Buffer, name = `f${++fileNo}.csv`): string {
	const p = join(dir, name);
	writeFileSync(p, text);
	return p;
}

/** Everything stored for a dataset, decoded: respondents (with official area names) and each column's values. */
function snapshot(db: Db, datasetId: number) {
	const ds = getDataset(db, datasetId)!;
	const respondents = db
		.prepare(`SELECT r.row_index, r.line, r.respondent_id, a.name AS borough, r.age, r.age_group, r.gender, r.weight, r.stratum, r.psu
			FROM respondents r JOIN areas a ON a.id = r.area_id WHERE r.dataset_id = ? ORDER BY r.row_index`)
		.all(datasetId) as Record<string, unknown>[];
	const infos = listSurveyColumns(db, datasetId);
	const stored = readSurveyColumns(db, datasetId, infos.map((c) => c.name), ds.rows);
	const columns: Record<string, { role: string; values: (string | number | null)[] }> = {};
	for (const info of infos) {
		const c = stored.get(info.name)!;
		columns[info.name] = {
			role: c.role,
			values: Array.from(c.data, (v) => (c.encoding === 'i32' ? (v < 0 ? null : c.levels![v]!) : v))
		};
	}
	return { rows: ds.rows, respondents, columns };
}

let empty: ReturnType<typeof tempDb>;
let loaded: ReturnType<typeof tempDb>;
let refId: number;

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'vigie-ingest-test-'));
	empty = tempDb();
	loaded = tempDb();
	refId = success(await loadSurvey(loaded.db, REF, { wave: '2024' })).dataset_id!;
});
afterAll(() => {
	empty?.cleanup();
	loaded?.cleanup();
	rmSync(dir, { recursive: true, force: true });
});

describe('the reference file', () => {
	test('loads 3,000 respondents with the expected columns', () => {
		const c = counts(loaded.db);
		expect(c.datasets).toBe(1);
		expect(c.respondents).toBe(3000);
		const ds = getDataset(loaded.db, refId)!;
		expect(ds).toMatchObject({ kind: 'survey', wave: '2024', rows: 3000, file_name: 'survey_public.csv' });
		expect(ds.design).toEqual({ strata: true, psu: true, lonely_psu: 'certainty', adjust_domain_lonely: false,
			replicate: { prefix: 'bw_', count: 50, type: 'bootstrap', scale: 1 / 50, mse: true } });
		const cols = listSurveyColumns(loaded.db, refId);
		const bw = Array.from({ length: 50 }, (_, b) => `bw_${b + 1}`);
		expect(cols.map((x) => x.name)).toEqual(['area_id', 'age_group', 'gender', 'stratum', 'psu', 'weight', ...bw, ...ITEMS]);
		expect(ITEMS).toEqual(['safe_after_dark', 'victim_physical_12m', 'victim_verbal_12m', 'victim_psychological_12m',
			'victim_sexual_12m', 'victim_context', 'perpetrator_gender', 'reported_to_police', 'trust_police', 'belonging']);
		const roleOf = Object.fromEntries(cols.map((x) => [x.name, x.role]));
		expect(roleOf).toMatchObject({ area_id: 'domain', age_group: 'domain', gender: 'domain', stratum: 'design', psu: 'design',
			weight: 'weight', bw_1: 'replicate', bw_50: 'replicate', safe_after_dark: 'item', belonging: 'item' });
		expect(c.survey_columns).toBe(cols.length);
		// 3,000 rows fit in one chunk per column.
		expect(c.survey_chunks).toBe(cols.length);
	});

	test('stores every row as in the file, with canonical values', () => {
		const s = snapshot(loaded.db, refId);
		expect(s.respondents.length).toBe(3000);
		const W = colIndex('weight'), B = colIndex('borough'), G = colIndex('gender'), ID = colIndex('respondent_id');
		for (let i = 0; i < 3000; i++) {
			const r = s.respondents[i]!;
			expect(r).toMatchObject({ row_index: i, line: i + 2, respondent_id: DATA[i]![ID], borough: DATA[i]![B], gender: DATA[i]![G] });
			expect(r.weight).toBe(Number(DATA[i]![W]));
		}
		expect(s.columns.weight!.values).toEqual(DATA.map((d) => Number(d[W])));
		expect(s.columns.bw_17!.values).toEqual(DATA.map((d) => Number(d[colIndex('bw_17')])));
		for (const item of ITEMS) {
			expect(s.columns[item]!.values, item).toEqual(DATA.map((d) => (d[colIndex(item)] === '' ? null : d[colIndex(item)])));
		}
		expect(s.columns.gender!.values).toEqual(s.respondents.map((r) => r.gender));
		expect(s.columns.age_group!.values).toEqual(s.respondents.map((r) => r.age_group));
	});

	test.each([
		[12, '12-17'], [17, '12-17'], [18, '18-24'], [24, '18-24'], [25, '25-44'], [44, '25-44'], [45, '45-64'], [64, '45-64'],
		[65, '65+'], [90, '65+']
	])('age %i is stored in age group %s', (age, group) => {
		const ids = DATA.filter((d) => Number(d[colIndex('age')]) === age).map((d) => d[0]!);
		expect(ids.length).toBeGreaterThan(0);
		const groups = loaded.db
			.prepare(`SELECT DISTINCT age_group FROM respondents WHERE dataset_id = ? AND age = ?`)
			.pluck()
			.all(refId, age);
		expect(groups).toEqual([group]);
		const n = loaded.db.prepare('SELECT count(*) FROM respondents WHERE dataset_id = ? AND age = ?').pluck().get(refId, age);
		expect(n).toBe(ids.length);
	});

	test('the same file again is refused by its SHA-256, even under another name, and nothing changes', async () => {
		const before = counts(loaded.db);
		for (const path of [REF, (copyFileSync(REF, join(dir, 'renamed.csv')), join(dir, 'renamed.csv'))]) {
			const res = failure(await loadSurvey(loaded.db, path, { wave: '2025', title: 'again' }));
			expect(res.error_count).toBe(1);
			expect(res.errors[0]).toMatchObject({ code: 'duplicate_file', line: null, params: { id: refId, wave: '2024' } });
			expect(counts(loaded.db)).toEqual(before);
		}
	});
});

interface BadCase {
	name: string;
	db: 'empty' | 'loaded';
	text: () => string;
	opts?: SurveyIngestOptions;
	code: IngestIssue['code'];
	line: number | null;
	column: string | null;
	value: string | null;
	suggestion?: string;
	/** Errors expected in all (default 1); null: not checked. */
	errorCount?: number | null;
}

const withoutGender = (cells: string[]) => cells.filter((_, i) => i !== colIndex('gender'));

const BAD: BadCase[] = [
	{ name: 'unknown borough with a suggestion', db: 'loaded',
		text: () => csv(HEADER, [...GOOD(), row(3, { borough: 'Montral-Nord' })]),
		code: 'unknown_area', line: 5, column: 'borough', value: 'Montral-Nord', suggestion: 'Montréal-Nord' },
	{ name: 'unknown borough after a quoted cell with an embedded newline (LF)', db: 'loaded',
		text: () => csv(HEADER, [row(0), row(1, { victim_context: q('private\nsee the note') }), row(2), row(3, { borough: 'Montral-Nord' })]),
		code: 'unknown_area', line: 6, column: 'borough', value: 'Montral-Nord', suggestion: 'Montréal-Nord' },
	{ name: 'bad gender after two quoted CRLF line breaks in one cell (CRLF file)', db: 'empty',
		text: () => csv(HEADER, [row(0, { perpetrator_gender: q('man\r\nthen\r\nwoman') }), row(1), row(2, { gender: 'Q' })], '\r\n'),
		code: 'unknown_gender', line: 6, column: 'gender', value: 'Q' },
	{ name: 'bad gender', db: 'loaded', text: () => csv(HEADER, [...GOOD(), row(3, { gender: 'Q' })]),
		code: 'unknown_gender', line: 5, column: 'gender', value: 'Q' },
	{ name: 'age that is not a number', db: 'empty', text: () => csv(HEADER, [...GOOD(), row(3, { age: 'abc' })]),
		code: 'age_not_integer', line: 5, column: 'age', value: 'abc' },
	{ name: 'age 130', db: 'loaded', text: () => csv(HEADER, [...GOOD(), row(3, { age: '130' })]),
		code: 'age_out_of_range', line: 5, column: 'age', value: '130' },
	{ name: 'age 8, below the youngest band', db: 'empty', text: () => csv(HEADER, [row(0), row(1, { age: '8' }), row(2)]),
		code: 'age_below_bands', line: 3, column: 'age', value: '8' },
	{ name: 'negative weight', db: 'loaded', text: () => csv(HEADER, [...GOOD(), row(3, { weight: '-2.5' })]),
		code: 'weight_not_positive', line: 5, column: 'weight', value: '-2.5' },
	{ name: 'zero weight', db: 'empty', text: () => csv(HEADER, [...GOOD(), row(3, { weight: '0' })]),
		code: 'weight_not_positive', line: 5, column: 'weight', value: '0' },
	{ name: 'infinite weight (1e400)', db: 'loaded', text: () => csv(HEADER, [...GOOD(), row(3, { weight: '1e400' })]),
		code: 'not_a_number', line: 5, column: 'weight', value: '1e400' },
	{ name: 'weight with a decimal comma in a comma-delimited file', db: 'loaded',
		text: () => csv(HEADER, [...GOOD(), row(3, { weight: q('1,5') })]),
		code: 'not_a_number', line: 5, column: 'weight', value: '1,5' },
	{ name: 'empty respondent_id', db: 'empty', text: () => csv(HEADER, [...GOOD(), row(3, { respondent_id: '' })]),
		code: 'required', line: 5, column: 'respondent_id', value: '' },
	{ name: 'duplicate respondent_id', db: 'loaded', text: () => csv(HEADER, [...GOOD(), row(3, { respondent_id: DATA[1]![0]! })]),
		code: 'duplicate_respondent', line: 5, column: 'respondent_id', value: DATA[1]![0]! },
	{ name: 'a row with one field too few', db: 'loaded', text: () => csv(HEADER, [...GOOD(), row(3).slice(0, -1), row(4)]),
		code: 'field_count', line: 5, column: null, value: null },
	{ name: 'a row with one field too many', db: 'empty', text: () => csv(HEADER, [row(0), [...row(1), '7'], row(2)]),
		code: 'field_count', line: 3, column: null, value: null },
	{ name: 'a replicate weight that is not a number', db: 'loaded', text: () => csv(HEADER, [...GOOD(), row(3, { bw_7: 'x' })]),
		code: 'replicate_not_number', line: 5, column: 'bw_7', value: 'x' },
	{ name: 'a negative replicate weight', db: 'empty', text: () => csv(HEADER, [...GOOD(), row(3, { bw_50: '-0.5' })]),
		code: 'replicate_not_number', line: 5, column: 'bw_50', value: '-0.5' },
	{ name: 'an infinite replicate weight (1e400)', db: 'loaded', text: () => csv(HEADER, [...GOOD(), row(3, { bw_2: '1e400' })]),
		code: 'replicate_not_number', line: 5, column: 'bw_2', value: '1e400' },
	{ name: 'empty age', db: 'empty', text: () => csv(HEADER, [...GOOD(), row(3, { age: '' })]),
		code: 'required', line: 5, column: 'age', value: '' },
	{ name: 'empty borough', db: 'loaded', text: () => csv(HEADER, [...GOOD(), row(3, { borough: ' ' })]),
		code: 'required', line: 5, column: 'borough', value: ' ' },
	{ name: 'bad gender after a blank line', db: 'loaded', text: () => csv(HEADER, [row(0), [''], row(1), row(2, { gender: 'fem' })]),
		code: 'unknown_gender', line: 5, column: 'gender', value: 'fem' },
	{ name: 'a quote that is never closed', db: 'loaded',
		text: () => csv(HEADER, [row(0), row(1, { victim_context: '"private' }), row(2), row(3)]),
		code: 'unterminated_quote', line: 3, column: 'victim_context', value: null, errorCount: null },
	{ name: 'no gender column', db: 'loaded', text: () => csv(withoutGender(HEADER), GOOD().map(withoutGender)),
		code: 'missing_column', line: 1, column: 'gender', value: null },
	{ name: 'a PSU column without a stratum column', db: 'empty',
		text: () => csv(HEADER.filter((h) => h !== 'stratum'), GOOD().map((r) => r.filter((_, i) => i !== colIndex('stratum')))),
		code: 'psu_without_stratum', line: 1, column: 'psu', value: null },
	{ name: 'a column twice', db: 'empty', text: () => csv([...HEADER, 'belonging'], GOOD().map((r) => [...r, '1'])),
		code: 'duplicate_column', line: 1, column: 'belonging', value: 'belonging' },
	{ name: 'a core column twice under two aliases (gender, genre)', db: 'loaded',
		text: () => csv([...HEADER, 'genre'], GOOD().map((r) => [...r, 'woman'])),
		code: 'duplicate_column', line: 1, column: 'genre', value: 'genre' },
	{ name: 'only a header', db: 'loaded', text: () => csv(HEADER, []),
		code: 'no_rows', line: null, column: null, value: null },
	{ name: 'an empty file', db: 'loaded', text: () => '',
		code: 'empty_file', line: null, column: null, value: null },
	{ name: 'a wave column that is not --wave', db: 'loaded', opts: { wave: '2025' }, text: () => csv(HEADER, GOOD()),
		code: 'wave_mismatch', line: 2, column: 'wave', value: '2024', errorCount: 3 },
	{ name: 'a row of another wave than the rows before it', db: 'empty', text: () => csv(HEADER, [...GOOD(), row(3, { wave: '2023' })]),
		code: 'wave_mismatch', line: 5, column: 'wave', value: '2023' },
	{ name: 'no wave column and no --wave', db: 'loaded', opts: { wave: undefined },
		text: () => csv(HEADER.filter((h) => h !== 'wave'), GOOD().map((r) => r.filter((_, i) => i !== colIndex('wave')))),
		code: 'wave_missing', line: null, column: 'wave', value: null }
];

describe('a malformed file stores nothing and says where the problem is', () => {
	test.each(BAD.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
		const db = c.db === 'empty' ? empty.db : loaded.db;
		const before = counts(db);
		if (c.db === 'loaded') expect(before.respondents).toBe(3000);
		const got = await loadSurvey(db, writeTemp(c.text()), { wave: '2024', ...c.opts });
		// A file wrongly accepted must not spoil the shared database for the cases after it.
		if (got.ok && got.dataset_id !== null) deleteDataset(db, got.dataset_id);
		const res = failure(got);
		expect(res.errors[0]).toMatchObject({ code: c.code, line: c.line, column: c.column, value: c.value });
		if (c.suggestion) expect(res.errors[0]!.suggestion).toBe(c.suggestion);
		if (c.errorCount !== null) {
			expect(res.error_count).toBe(c.errorCount ?? 1);
			expect(res.errors.length).toBe(c.errorCount ?? 1);
		}
		expect(counts(db)).toEqual(before);
	});

	test('2,000 bad rows: every error is counted, the first 1,000 are reported', async () => {
		const before = counts(loaded.db);
		const rows = Array.from({ length: 2000 }, (_, i) => row(i, { gender: 'Q' }));
		const res = failure(await loadSurvey(loaded.db, writeTemp(csv(HEADER, [row(2500), ...rows])), { wave: '2024' }));
		expect(res.error_count).toBe(2000);
		expect(res.errors.length).toBe(1000);
		expect(res.errors.every((e) => e.code === 'unknown_gender' && e.column === 'gender' && e.value === 'Q')).toBe(true);
		expect(res.errors.map((e) => e.line)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 3));
		expect(counts(loaded.db)).toEqual(before);
	});

	test('a bad row after 70,000 good ones (chunks already written) rolls everything back', async () => {
		const before = counts(loaded.db);
		const ID = colIndex('respondent_id');
		const lines = [refLines[0]!];
		for (let i = 0; i < 70_000; i++) {
			const cells = [...DATA[i % 3000]!];
			cells[ID] = `R${i}`;
			lines.push(cells.join(','));
		}
		lines.push(row(5, { respondent_id: 'LAST', borough: 'Montral-Nord' }).join(','));
		const res = failure(await loadSurvey(loaded.db, writeTemp(lines.join('\n') + '\n'), { wave: '2024' }));
		expect(res.errors).toEqual([{ line: 70_002, column: 'borough', value: 'Montral-Nord', code: 'unknown_area', suggestion: 'Montréal-Nord' }]);
		expect(counts(loaded.db)).toEqual(before);
	}, 60_000);

	test('one row with several problems reports each of them', async () => {
		const before = counts(empty.db);
		const res = failure(await loadSurvey(empty.db,
			writeTemp(csv(HEADER, [row(0), row(1, { borough: 'Nowhere Town', gender: 'Q', bw_3: '-1' })])), { wave: '2024' }));
		expect(res.errors.map((e) => [e.code, e.line, e.column, e.value])).toEqual([
			['unknown_area', 3, 'borough', 'Nowhere Town'],
			['unknown_gender', 3, 'gender', 'Q'],
			['replicate_not_number', 3, 'bw_3', '-1']
		]);
		expect(res.errors[0]!.suggestion).toBeUndefined();
		expect(counts(empty.db)).toEqual(before);
	});
});

describe('accepted spellings and file shapes store the canonical values', () => {
	let accept: ReturnType<typeof tempDb>;
	/** Sample: the first 40 rows and the first row of each borough, so every borough and gender occurs. */
	const sample: number[] = [];
	let canonical: ReturnType<typeof snapshot>;

	beforeAll(async () => {
		accept = tempDb();
		const seenBorough = new Set<string>();
		DATA.forEach((d, i) => {
			const b = d[colIndex('borough')]!;
			if (i < 40 || !seenBorough.has(b)) sample.push(i);
			seenBorough.add(b);
		});
		const res = success(await loadSurvey(accept.db, writeTemp(csv(HEADER, sample.map((i) => row(i)))), { wave: '2024' }));
		canonical = snapshot(accept.db, res.dataset_id!);
	});
	afterAll(() => accept?.cleanup());

	const genderAliases: Record<string, string[]> = {
		woman: ['F', 'femme', 'W', 'female', 'Femme', 'FEMME', 'woman'],
		man: ['H', 'homme', 'M', 'male', 'Homme', 'man'],
		'non-binary': ['non binaire', 'Non-binaire', 'autre', 'nonbinary', 'non-binary']
	};
	const boroughSpellings: Record<string, string[]> = {
		'Rosemont–La Petite-Patrie': ['Rosemont-La Petite-Patrie', 'ROSEMONT–LA PETITE-PATRIE', 'rosemont la petite patrie'],
		'Montréal-Nord': ['Montreal-Nord', 'Montreal Nord', 'MONTRÉAL-NORD'],
		'Côte-des-Neiges–Notre-Dame-de-Grâce': ['Cote-des-Neiges-Notre-Dame-de-Grace', 'Côte-des-Neiges - Notre-Dame-de-Grâce'],
		"L'Île-Bizard–Sainte-Geneviève": ["L'Ile-Bizard-Sainte-Genevieve", 'L’Île-Bizard–Ste-Geneviève'],
		'Saint-Laurent': ['ST-LAURENT', 'St-Laurent'],
		'Ville-Marie': ['VILLE-MARIE'],
		'Mercier–Hochelaga-Maisonneuve': ['Mercier-Hochelaga-Maisonneuve'],
		'Rivière-des-Prairies–Pointe-aux-Trembles': ['Riviere-des-Prairies-Pointe-aux-Trembles'],
		'Villeray–Saint-Michel–Parc-Extension': ['Villeray-Saint-Michel-Parc-Extension'],
		'Saint-Léonard': ['SAINT-LEONARD']
	};
	const cycle = (list: string[], k: number) => list[k % list.length]!;

	const variants: [string, () => string | Buffer, string?][] = [
		['French headers (arrondissement, âge, genre, poids, vague, strate, grappe)', () =>
			csv(HEADER.map((h) => ({ wave: 'vague', borough: 'arrondissement', age: 'âge', gender: 'genre', weight: 'poids',
				stratum: 'strate', psu: 'grappe' } as Record<string, string>)[h] ?? h), sample.map((i) => row(i)))],
		['headers in capitals with accents (Arrondissement, Âge, Genre, Pondération)', () =>
			csv(HEADER.map((h) => ({ borough: 'Arrondissement', age: 'Âge', gender: 'Genre', weight: 'Pondération', respondent_id: 'Identifiant' } as Record<string, string>)[h] ?? h),
				sample.map((i) => row(i)))],
		['gender aliases (F, H, femme, homme, non binaire, …)', () =>
			csv(HEADER, sample.map((i, k) => row(i, { gender: cycle(genderAliases[DATA[i]![colIndex('gender')]!]!, k) })))],
		['borough spellings (hyphen for en dash, no accents, capitals, St for Saint)', () =>
			csv(HEADER, sample.map((i, k) => {
				const official = DATA[i]![colIndex('borough')]!;
				return row(i, { borough: boroughSpellings[official] ? cycle(boroughSpellings[official]!, k) : official.toUpperCase() });
			}))],
		['CRLF line endings', () => csv(HEADER, sample.map((i) => row(i)), '\r\n')],
		['CR line endings', () => csv(HEADER, sample.map((i) => row(i)), '\r')],
		['a UTF-8 BOM', () => '\uFEFF' + csv(HEADER, sample.map((i) => row(i)))],
		['";" as delimiter', () => csv(HEADER, sample.map((i) => row(i)), '\n', ';'), ';'],
		['tab as delimiter', () => csv(HEADER, sample.map((i) => row(i)), '\n', '\t'), '\t'],
		['"|" as delimiter', () => csv(HEADER, sample.map((i) => row(i)), '\n', '|'), '|'],
		['BOM, CRLF and ";" together', () => '\uFEFF' + csv(HEADER, sample.map((i) => row(i)), '\r\n', ';'), ';'],
		['no final line break', () => csv(HEADER, sample.map((i) => row(i))).slice(0, -1)],
		['spaces around values', () => csv(HEADER, sample.map((i) => row(i).map((c) => ` ${c} `)))]
	];

	test.each(variants)('%s', async (_name, make, delimiter) => {
		const res = success(await loadSurvey(accept.db, writeTemp(make()), { wave: '2024', replace: true }));
		expect(res.rows).toBe(sample.length);
		if (delimiter) expect(res.detected.delimiter).toBe(delimiter);
		const got = snapshot(accept.db, res.dataset_id!);
		expect(got).toEqual(canonical);
		// And, said plainly: official names, canonical genders, no stray BOM or carriage return.
		expect(got.respondents[0]!.respondent_id).toBe('PUB00001');
		expect(new Set(got.respondents.map((r) => r.gender))).toEqual(new Set(['woman', 'man', 'non-binary']));
		expect(got.respondents.map((r) => r.borough)).toContain('Montréal-Nord');
		expect(got.columns.belonging!.values.every((v) => v === null || /^\d$/.test(String(v)))).toBe(true);
	});

	test('Montreal Nord (no accent, space for hyphen) is Montréal-Nord', async () => {
		const res = success(await loadSurvey(accept.db, writeTemp(csv(HEADER, [row(0, { borough: 'Montreal Nord', respondent_id: 'MN1' })])), { wave: '2024', replace: true }));
		expect(snapshot(accept.db, res.dataset_id!).respondents[0]!.borough).toBe('Montréal-Nord');
	});
});

describe('dry run', () => {
	test('returns the row count and a preview of 5 rows as they would be stored, and stores nothing', async () => {
		const before = counts(empty.db);
		const rows = Array.from({ length: 12 }, (_, i) => row(i + 100, { respondent_id: `DRY${i}` }));
		rows[0] = row(100, { respondent_id: 'DRY0', borough: 'montreal nord', gender: 'F', age: '17', weight: '12.5' });
		rows[1] = row(101, { respondent_id: 'DRY1', borough: 'ROSEMONT-LA PETITE-PATRIE', gender: 'homme', age: '65' });
		rows[2] = row(102, { respondent_id: 'DRY2', gender: 'non binaire', age: '18' });
		const res = success(await loadSurvey(empty.db, writeTemp(csv(HEADER, rows)), { wave: '2024', dryRun: true }));
		expect(res).toMatchObject({ ok: true, dataset_id: null, dry_run: true, rows: 12, wave: '2024' });
		expect(res.preview.length).toBe(5);
		expect(res.preview.map((p) => p.line)).toEqual([2, 3, 4, 5, 6]);
		expect(res.preview[0]).toMatchObject({ respondent_id: 'DRY0', borough: 'Montréal-Nord', gender: 'woman', age: 17, age_group: '12-17', weight: 12.5 });
		expect(res.preview[1]).toMatchObject({ respondent_id: 'DRY1', borough: 'Rosemont–La Petite-Patrie', gender: 'man', age: 65, age_group: '65+' });
		expect(res.preview[2]).toMatchObject({ respondent_id: 'DRY2', gender: 'non-binary', age_group: '18-24' });
		expect(res.preview[3]!.items).toEqual(Object.fromEntries(ITEMS.map((it) => [it, DATA[103]![colIndex(it)]!])));
		expect(counts(empty.db)).toEqual(before);
		// Nothing was remembered either: the same file can then be loaded for real.
		const real = success(await loadSurvey(empty.db, join(dir, `f${fileNo}.csv`), { wave: '2024' }));
		expect(real.rows).toBe(12);
		expect(counts(empty.db).datasets).toBe(before.datasets + 1);
	});

	test('a dry run of a malformed file reports the errors', async () => {
		const before = counts(empty.db);
		const res = failure(await loadSurvey(empty.db, writeTemp(csv(HEADER, [...GOOD(), row(3, { gender: 'Q' })])), { wave: '2024', dryRun: true }));
		expect(res.errors[0]).toMatchObject({ code: 'unknown_gender', line: 5 });
		expect(counts(empty.db)).toEqual(before);
	});
});
