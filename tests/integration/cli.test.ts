/**
 * The `vigie` command line, run as analysts run it: `node bin/vigie.js …` in a
 * child process, with VIGIE_DB pointing at a temporary database. Exit codes: 0 success,
 * 1 invalid input (with the report), 2 usage error.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { runVigie, type Run } from '../helpers/cli';

const REF = 'fixtures/reference/survey_public.csv';
const refLines = readFileSync(REF, 'utf8').split('\n').filter((l) => l !== '');
const HEADER = refLines[0]!.split(',');
const DATA = refLines.slice(1).map((l) => l.split(','));

interface RefRecord {
	design: string;
	indicator: string;
	domain_type: string;
	domain: Record<string, string>;
	n: number;
	weighted_denominator: number;
	estimate: number;
	se: number;
	ci_kg: [number | null, number | null] | null;
}
const expected: RefRecord[] = JSON.parse(readFileSync('fixtures/reference/expected_public.json', 'utf8'));


let dir: string;
let dbPath: string;

/** Runs `vigie args` against this file's database (see tests/helpers/cli.ts). */
const vigie = (args: string[], env: Record<string, string> = {}): Promise<Run> => runVigie(dbPath, args, env);

function json<T = Record<string, unknown>>(r: Run): T {
	try {
		return JSON.parse(r.stdout) as T;
	} catch {
		throw new Error(`stdout is not JSON (exit ${r.code}):\n${r.stdout}\n--- stderr:\n${r.stderr}`);
	}
}

const row = (i: number, patch: Record<string, string> = {}) => {
	const cells = [...DATA[i]!];
	for (const [k, v] of Object.entries(patch)) cells[HEADER.indexOf(k)] = v;
	return cells.join(',');
};

interface EstimateRowJson {
	domain: Record<string, string>;
	n: number;
	weighted_n: number;
	estimate: number | null;
	se: number | null;
	ci: [number, number] | null;
	df: number;
	n_eff: number | null;
	reliability: 'ok' | 'flag' | 'suppressed';
	flags: string[];
}
interface EstimateJson {
	indicator: string;
	wave: string;
	design: string;
	ci_method: string;
	level: number;
	rows: EstimateRowJson[];
}

let ingestRun: Run;
let badFile: string;

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'vigie-cli-test-'));
	dbPath = join(dir, 'db', 'vigie.db');
	badFile = join(dir, 'bad.csv');
	writeFileSync(badFile, [refLines[0], row(0), row(1), row(2, { borough: 'Montral-Nord' }), row(3), row(4, { gender: 'Q' })].join('\n') + '\n');
	ingestRun = await vigie(['ingest', REF, '--kind', 'survey', '--wave', '2024', '--format', 'json']);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('vigie ingest', () => {
	test('--format json prints { ok: true, dataset_id, rows, warnings } and exits 0', () => {
		expect(ingestRun.code, ingestRun.stderr).toBe(0);
		const out = json<{ ok: boolean; warnings: { code: string; message: string }[] }>(ingestRun);
		expect(out).toMatchObject({ ok: true, dataset_id: 1, rows: 3000 });
		// The reference file numbers its PSUs within each stratum, as R's svydesign(nest = TRUE) expects: said once, with the reading.
		expect(out.warnings.map((w) => w.code)).toEqual(['psu_in_several_strata']);
		expect(out.warnings[0]!.message).toMatch(/nested in strata/);
	});

	test('a malformed file: { ok: false, error_count, errors } with line, column, value, message, suggestion; exit 1; English by default', async () => {
		const r = await vigie(['ingest', badFile, '--kind', 'survey', '--wave', '2024', '--format', 'json']);
		expect(r.code).toBe(1);
		const out = json<{ ok: boolean; error_count: number; errors: Record<string, unknown>[] }>(r);
		expect(out.ok).toBe(false);
		expect(out.error_count).toBe(2);
		expect(out.errors).toEqual([
			{ line: 4, column: 'borough', value: 'Montral-Nord', code: 'unknown_area',
				message: 'not a known borough or city. did you mean “Montréal-Nord”?', suggestion: 'Montréal-Nord', advice: 'did you mean “Montréal-Nord”?' },
			{ line: 6, column: 'gender', value: 'Q', code: 'unknown_gender',
				message: expect.stringMatching(/^expected a gender: woman, man or non-binary/) }
		]);
		expect(out.errors[1]).not.toHaveProperty('suggestion');
	}, 90_000);

	test('--lang fr gives the messages in French', async () => {
		const r = await vigie(['ingest', badFile, '--kind', 'survey', '--wave', '2024', '--format', 'json', '--lang', 'fr']);
		expect(r.code).toBe(1);
		const out = json<{ errors: { message: string; suggestion?: string }[] }>(r);
		expect(out.errors[0]).toMatchObject({ message: 'arrondissement ou ville inconnu. vouliez-vous dire « Montréal-Nord » ?', suggestion: 'Montréal-Nord' });
		expect(out.errors[1]!.message).toMatch(/^genre attendu : femme, homme ou non binaire/);
	}, 90_000);

	test('LANG=fr_CA.UTF-8 gives French without --lang; the text report goes to stderr', async () => {
		const r = await vigie(['ingest', badFile, '--kind', 'survey', '--wave', '2024'], { LANG: 'fr_CA.UTF-8' });
		expect(r.code).toBe(1);
		expect(r.stdout).toBe('');
		expect(r.stderr).toContain('ligne 4, colonne « borough », valeur « Montral-Nord » : arrondissement ou ville inconnu.');
		expect(r.stderr).toContain('2 erreurs');
	}, 90_000);

	test('the malformed file stored nothing; the same file twice is refused (exit 1, duplicate_file)', async () => {
		const again = await vigie(['ingest', REF, '--kind', 'survey', '--wave', '2024', '--format', 'json']);
		expect(again.code).toBe(1);
		const out = json<{ ok: boolean; errors: { code: string; line: number | null }[] }>(again);
		expect(out.ok).toBe(false);
		expect(out.errors).toMatchObject([{ code: 'duplicate_file', line: null }]);
		const ds = json<unknown[]>(await vigie(['datasets', '--format', 'json']));
		expect(ds.length).toBe(1);
	}, 90_000);

	test('--dry-run --format json validates and stores nothing', async () => {
		const small = join(dir, 'small.csv');
		writeFileSync(small, [refLines[0], row(10, { respondent_id: 'S1', wave: '2031' }), row(11, { respondent_id: 'S2', wave: '2031', gender: 'F' })].join('\n') + '\n');
		const r = await vigie(['ingest', small, '--kind', 'survey', '--dry-run', '--format', 'json']);
		expect(r.code, r.stderr).toBe(0);
		const out = json<{ ok: boolean; dataset_id: number | null; rows: number; dry_run: boolean; preview: { gender: string }[] }>(r);
		expect(out).toMatchObject({ ok: true, dataset_id: null, rows: 2, dry_run: true });
		expect(out.preview[1]!.gender).toBe('woman');
		expect(json<unknown[]>(await vigie(['datasets', '--format', 'json'])).length).toBe(1);
	}, 90_000);
});

describe('usage errors exit 2 with the usage text', () => {
	const cases: [string, string[]][] = [
		['no command', []],
		['ingest without a file', ['ingest', '--kind', 'survey']],
		['ingest with two files', ['ingest', REF, REF, '--kind', 'survey']],
		['an unknown command', ['frobnicate']],
		['ingest without --kind', ['ingest', REF, '--wave', '2024']],
		['an unknown option', ['ingest', REF, '--kind', 'survey', '--bogus']],
		['estimate --by foo', ['estimate', '--indicator', 'feel_safe_after_dark', '--by', 'foo']],
		['estimate without --indicator', ['estimate', '--wave', '2024']],
		['estimate --design bad', ['estimate', '--indicator', 'feel_safe_after_dark', '--design', 'bad']],
		['estimate --format xml', ['estimate', '--indicator', 'feel_safe_after_dark', '--format', 'xml']]
	];
	test.concurrent.each(cases)('%s', async (_name, args) => {
		const r = await vigie(args);
		expect(r.code).toBe(2);
		expect(r.stdout + r.stderr).toContain('Usage: vigie <command>');
		expect(r.stdout + r.stderr).toMatch(/ingest <file> --kind/);
	}, 90_000);
});

describe('vigie estimate', () => {
	// Another design than the file's own is for analysts: --no-suppress (the published tables use the wave's design).
	const args = ['estimate', '--indicator', 'feel_safe_after_dark', '--wave', '2024', '--by', 'borough', '--design', 'weights', '--no-suppress'];
	let table: EstimateJson;

	test('--by borough --design weights --format json: 19 rows equal to R to 1e-9', async () => {
		const r = await vigie([...args, '--format', 'json']);
		expect(r.code, r.stderr).toBe(0);
		table = json<EstimateJson>(r);
		expect(table).toMatchObject({ indicator: 'feel_safe_after_dark', wave: '2024', design: 'weights', ci_method: 'kg', level: 0.95 });
		const ref = expected.filter((x) => x.design === 'weights' && x.indicator === 'feel_safe_after_dark' && x.domain_type === 'borough');
		expect(ref.length).toBe(19);
		expect(table.rows.length).toBe(19);
		for (const want of ref) {
			const got = table.rows.find((x) => x.domain.borough === want.domain.borough);
			expect(got, want.domain.borough).toBeDefined();
			expect(Object.keys(got!.domain)).toEqual(['borough']);
			expect(got!.n).toBe(want.n);
			expect(Math.abs(got!.weighted_n - want.weighted_denominator)).toBeLessThanOrEqual(1e-9 * want.weighted_denominator);
			expect(got!.estimate, want.domain.borough).not.toBeNull();
			expect(Math.abs(got!.estimate! - want.estimate)).toBeLessThanOrEqual(1e-9);
			expect(Math.abs(got!.se! - want.se)).toBeLessThanOrEqual(1e-6 * want.se);
			expect(Math.abs(got!.ci![0] - want.ci_kg![0]!)).toBeLessThanOrEqual(1e-6 * want.ci_kg![0]!);
			expect(Math.abs(got!.ci![1] - want.ci_kg![1]!)).toBeLessThanOrEqual(1e-6 * want.ci_kg![1]!);
		}
	}, 90_000);

	test('--format csv parses back to the same numbers', async () => {
		expect(table, 'the json test ran first').toBeDefined();
		const r = await vigie([...args, '--format', 'csv']);
		expect(r.code, r.stderr).toBe(0);
		const parsed = Papa.parse<Record<string, string>>(r.stdout, { header: true, skipEmptyLines: true });
		expect(parsed.errors).toEqual([]);
		expect(parsed.meta.fields).toEqual(['borough', 'n', 'weighted_n', 'estimate', 'se', 'ci_lo', 'ci_hi', 'df', 'n_eff', 'reliability', 'flags', 'publication']);
		expect(parsed.data.length).toBe(19);
		const num = (s: string) => (s === '' ? null : Number(s));
		parsed.data.forEach((c, i) => {
			const j = table.rows[i]!;
			expect(c.borough).toBe(j.domain.borough);
			expect([num(c.n!), num(c.weighted_n!), num(c.estimate!), num(c.se!), num(c.ci_lo!), num(c.ci_hi!), num(c.df!), num(c.n_eff!)])
				.toEqual([j.n, j.weighted_n, j.estimate, j.se, j.ci?.[0] ?? null, j.ci?.[1] ?? null, j.df, j.n_eff]);
			expect(c.reliability).toBe(j.reliability);
			expect(c.flags).toBe(j.flags.join(' '));
		});
	}, 90_000);

	describe('suppression (borough × age group)', () => {
		const full = ['estimate', '--indicator', 'feel_safe_after_dark', '--wave', '2024', '--by', 'borough,age_group'];
		let suppressedRun: EstimateJson, openRun: EstimateJson;

		beforeAll(async () => {
			const [a, b] = await Promise.all([vigie([...full, '--format', 'json']), vigie([...full, '--no-suppress', '--format', 'json'])]);
			expect(a.code, a.stderr).toBe(0);
			expect(b.code, b.stderr).toBe(0);
			suppressedRun = json<EstimateJson>(a);
			openRun = json<EstimateJson>(b);
		}, 60_000);

		test('without --no-suppress, no suppressed row carries a value', () => {
			const rows = suppressedRun.rows;
			expect(rows.length).toBe(19 * 5);
			const suppressed = rows.filter((r) => r.reliability === 'suppressed');
			expect(suppressed.length).toBeGreaterThan(10);
			for (const r of suppressed) expect([r.estimate, r.se, r.ci, r.n_eff, r.n, r.weighted_n, r.df]).toEqual([null, null, null, null, null, null, null]);
			// The published rows do carry their values.
			for (const r of rows.filter((x) => x.reliability !== 'suppressed')) {
				expect(typeof r.estimate).toBe('number');
				expect(r.ci).toHaveLength(2);
			}
		});

		test('with --no-suppress, the same rows are suppressed and carry their values', () => {
			expect(openRun.rows.map((r) => [r.domain, r.reliability])).toEqual(suppressedRun.rows.map((r) => [r.domain, r.reliability]));
			const suppressed = openRun.rows.filter((r) => r.reliability === 'suppressed' && r.n! > 0);
			expect(suppressed.length).toBeGreaterThan(10);
			// Some hide enough respondents to publish on their own: hidden to protect another (complementary).
			expect(suppressed.some((r) => r.n! >= 30 && r.flags.includes('complementary'))).toBe(true);
			for (const r of suppressed) {
				expect(typeof r.estimate).toBe('number');
				expect(typeof r.se).toBe('number');
			}
			// Published rows are identical either way.
			openRun.rows.forEach((r, i) => {
				if (r.reliability !== 'suppressed') expect(r).toEqual(suppressedRun.rows[i]);
			});
		});

		test('the CSV of a suppressed table has no value in a suppressed row', async () => {
			const r = await vigie([...full, '--format', 'csv']);
			expect(r.code, r.stderr).toBe(0);
			const data = Papa.parse<Record<string, string>>(r.stdout, { header: true, skipEmptyLines: true }).data;
			expect(data.length).toBe(19 * 5);
			const suppressed = data.filter((c) => c.reliability === 'suppressed');
			expect(suppressed.length).toBe(suppressedRun.rows.filter((x) => x.reliability === 'suppressed').length);
			for (const c of suppressed) expect([c.estimate, c.se, c.ci_lo, c.ci_hi, c.n_eff]).toEqual(['', '', '', '', '']);
		}, 90_000);
	});
});

describe('vigie datasets', () => {
	test('--format json lists the dataset with its provenance', async () => {
		const r = await vigie(['datasets', '--format', 'json']);
		expect(r.code, r.stderr).toBe(0);
		const list = json<Record<string, unknown>[]>(r);
		const sha = createHash('sha256').update(readFileSync(REF)).digest('hex');
		expect(list).toEqual([
			expect.objectContaining({ id: 1, kind: 'survey', wave: '2024', rows: 3000, file_name: 'survey_public.csv', sha256: sha, synthetic: false })
		]);
	}, 90_000);
});

describe('vigie ingest with mappings, dialects, --skip-invalid, --replace; vigie datasets show / mapping / delete', () => {
	const WAVE = HEADER.indexOf('wave');
	/** A French spreadsheet: other headers, ";" and no wave column. */
	const french = (rows: number[], patch: (cells: string[]) => string[] = (c) => c) => {
		const head = HEADER.map((h) => ({ borough: 'Territoire de résidence', gender: 'Sexe du répondant', respondent_id: 'Numéro' }[h] ?? h))
			.filter((_, i) => i !== WAVE);
		const body = rows.map((i) => patch(DATA[i]!.slice()).filter((_, k) => k !== WAVE));
		return [head, ...body].map((r) => r.join(';')).join('\r\n') + '\r\n';
	};
	const mappingFile = () => {
		const p = join(dir, 'mapping.json');
		writeFileSync(p, JSON.stringify({ version: 1, columns: { borough: 'Territoire de résidence', gender: 'Sexe du répondant', respondent_id: 'Numéro' } }));
		return p;
	};

	test('--mapping loads a file with other headers; --save-mapping writes the mapping to reuse', async () => {
		const file = join(dir, 'fr-2025.csv');
		writeFileSync(file, french([0, 1, 2, 3, 4, 5]));
		const saved = join(dir, 'saved.json');
		const r = await vigie(['ingest', file, '--kind', 'survey', '--wave', '2025', '--mapping', mappingFile(), '--save-mapping', saved]);
		expect(r.code, r.stderr).toBe(0);
		expect(r.stderr).toContain('Read as utf-8, delimiter ";", decimal mark “.”, line ends CRLF.');
		const m = JSON.parse(readFileSync(saved, 'utf8'));
		expect(m.columns).toMatchObject({ borough: 'Territoire de résidence', age: 'age', weight: 'weight' });
		expect(m.csv).toEqual({ encoding: 'utf-8', delimiter: ';', decimal: '.' });
	}, 90_000);

	test('--mapping-from reuses the mapping saved with a dataset for the next wave', async () => {
		const list = json<{ id: number; wave: string }[]>(await vigie(['datasets', '--format', 'json']));
		const id = list.find((d) => d.wave === '2025')!.id;
		const shown = await vigie(['datasets', 'mapping', String(id)]);
		expect(JSON.parse(shown.stdout).columns.borough).toBe('Territoire de résidence');
		const file = join(dir, 'fr-2026.csv');
		writeFileSync(file, french([10, 11, 12]));
		const r = await vigie(['ingest', file, '--kind', 'survey', '--wave', '2026', '--mapping-from', String(id), '--format', 'json']);
		expect(r.code, r.stderr).toBe(0);
		expect(json(r)).toMatchObject({ ok: true, rows: 3, wave: '2026' });
	}, 90_000);

	test('--skip-invalid keeps the valid rows; datasets show lists the rows left out', async () => {
		const file = join(dir, 'fr-2027.csv');
		const G = HEADER.indexOf('gender');
		writeFileSync(file, french([20, 21, 22], (c) => (c[0] === DATA[21]![0] ? c.map((v, k) => (k === G ? 'Q' : v)) : c)));
		const r = await vigie(['ingest', file, '--kind', 'survey', '--wave', '2027', '--mapping', mappingFile(), '--skip-invalid', '--lang', 'fr']);
		expect(r.code, r.stderr).toBe(0);
		expect(r.stdout).toMatch(/1 ligne invalide laissée de côté/);
		const id = /datasets show (\d+)/.exec(r.stdout)![1]!;
		const show = json<{ rows: number; skipped: number; skipped_rows: unknown[] }>(await vigie(['datasets', 'show', id, '--format', 'json']));
		expect(show).toMatchObject({ rows: 2, skipped: 1, skipped_rows: [{ line: 3, column: 'Sexe du répondant', value: 'Q', code: 'unknown_gender' }] });
	}, 90_000);

	test('a second file for a wave needs --replace; then datasets delete removes it', async () => {
		const file = join(dir, 'fr-2025-bis.csv');
		writeFileSync(file, french([30, 31, 32, 33]));
		const refused = await vigie(['ingest', file, '--kind', 'survey', '--wave', '2025', '--mapping', mappingFile()]);
		expect(refused.code).toBe(1);
		expect(refused.stderr).toMatch(/wave 2025 already has a survey dataset/);
		const r = await vigie(['ingest', file, '--kind', 'survey', '--wave', '2025', '--mapping', mappingFile(), '--replace', '--format', 'json']);
		expect(r.code, r.stderr).toBe(0);
		const res = json<{ dataset_id: number; replaced: number }>(r);
		expect(res.replaced).toBeGreaterThan(0);
		const del = await vigie(['datasets', 'delete', String(res.dataset_id)]);
		expect(del.code, del.stderr).toBe(0);
		const waves = json<{ wave: string }[]>(await vigie(['datasets', '--format', 'json'])).map((d) => d.wave);
		expect(waves).not.toContain('2025');
		expect((await vigie(['datasets', 'delete', String(res.dataset_id)])).code).toBe(1);
	}, 90_000);

	test('an invalid mapping file exits 1 naming the problem; a bad --encoding is a usage error', async () => {
		const bad = join(dir, 'bad-mapping.json');
		writeFileSync(bad, JSON.stringify({ columns: { weight: null } }));
		const r = await vigie(['ingest', REF, '--kind', 'survey', '--mapping', bad]);
		expect(r.code).toBe(1);
		expect(r.stderr).toContain('columns.weight');
		expect((await vigie(['ingest', REF, '--kind', 'survey', '--encoding', 'ebcdic'])).code).toBe(2);
	}, 90_000);
});

describe('vigie ingest on a terminal', () => {
	// `script` (util-linux) runs the command on a pseudo-terminal, as an analyst's shell would.
	const hasScript = spawnSync('script', ['--version']).status === 0;
	test.skipIf(!hasScript)('draws a progress bar on standard error that ends at 100%', () => {
		const file = join(dir, 'tty.csv');
		writeFileSync(file, [refLines[0], ...DATA.slice(0, 50).map((_, i) => row(i, { wave: '2040' }))].join('\n') + '\n');
		const cmd = `node bin/vigie.js ingest ${file} --kind survey --wave 2040 --lang en`;
		const r = spawnSync('script', ['-qec', cmd, '/dev/null'], { encoding: 'utf8', env: { ...process.env, VIGIE_DB: dbPath } });
		expect(r.status, r.stdout).toBe(0);
		expect(r.stdout).toMatch(/Reading tty\.csv \[#{30}\] 100%/);
		expect(r.stdout).toContain('Loaded 50 respondents');
	}, 90_000);
});
