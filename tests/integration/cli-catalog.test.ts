/**
 * `vigie catalog`, `vigie settings` and `vigie estimate --compare`, run as analysts run them:
 * `node bin/vigie.js …` in a child process with VIGIE_DB pointing at a temporary database.
 * Exit codes: 0 success, 1 invalid input (with the report on stderr), 2 usage error.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { runVigie, type Run } from '../helpers/cli';


let dir: string;
let dbPath: string;

/** Runs `vigie args` against this file's database (see tests/helpers/cli.ts). */
const vigie = (args: string[]): Promise<Run> => runVigie(dbPath, args);

const bilingual = (s: string) => ({ en: s, fr: s });
const good = {
	id: 'very_unsafe_after_dark',
	type: 'proportion',
	recode: { kind: 'codes', item: 'safe_after_dark', success: ['4'], valid: ['1', '2', '3', '4'] },
	label: { en: 'Feel very unsafe after dark', fr: 'Très en insécurité le soir' },
	description: bilingual('Share of residents who feel very unsafe walking alone after dark.'),
	unit: 'percent'
};
let goodFile: string, badFile: string, notJsonFile: string;

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'vigie-cli-catalog-'));
	dbPath = join(dir, 'db', 'vigie.db');
	goodFile = join(dir, 'good.json');
	badFile = join(dir, 'bad.json');
	notJsonFile = join(dir, 'not.json');
	writeFileSync(goodFile, JSON.stringify(good, null, 2));
	const { label: _label, ...noLabel } = good;
	writeFileSync(badFile, JSON.stringify({ ...noLabel, id: 'no_label_here' }));
	writeFileSync(notJsonFile, 'id: very_unsafe_after_dark\ntype: proportion\n');
	const ingest = await vigie(['ingest', 'fixtures/reference/survey_public.csv', '--kind', 'survey', '--wave', '2024']);
	expect(ingest.code, ingest.stderr).toBe(0);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Refusals and usage errors: nothing changes. */
describe('refused inputs and usage errors', () => {
	test('catalog add bad.json (no label) exits 1 with the problems on stderr and stores nothing', async () => {
		const r = await vigie(['catalog', 'add', badFile]);
		expect(r.code).toBe(1);
		expect(r.stderr).toMatch(/^label\b/m);
		expect(r.stdout).toBe('');
		expect((await vigie(['catalog', 'list'])).stdout).not.toContain('no_label_here');
	}, 90_000);

	test('catalog add of a file that is not JSON exits 1', async () => {
		const r = await vigie(['catalog', 'add', notJsonFile]);
		expect(r.code).toBe(1);
		expect(r.stderr).toContain('not a readable JSON file');
	}, 90_000);

	test('catalog add of a file that does not exist exits 1', async () => {
		const r = await vigie(['catalog', 'add', join(dir, 'missing.json')]);
		expect(r.code).toBe(1);
	}, 90_000);

	test('catalog remove feel_safe_after_dark (a default indicator) exits 1', async () => {
		const r = await vigie(['catalog', 'remove', 'feel_safe_after_dark']);
		expect(r.code).toBe(1);
		expect(r.stderr).toContain('feel_safe_after_dark');
		expect((await vigie(['catalog', 'list'])).stdout).toMatch(/^feel_safe_after_dark\t/m);
	}, 90_000);

	test('catalog with an unknown action exits 2', async () => {
		const r = await vigie(['catalog', 'frobnicate', 'x']);
		expect(r.code).toBe(2);
	}, 90_000);

	test('settings set reliability.nope 1 exits 1 with the problem on stderr', async () => {
		const r = await vigie(['settings', 'set', 'reliability.nope', '1']);
		expect(r.code).toBe(1);
		expect(r.stderr).toContain('unknown rule');
	}, 90_000);

	test('settings set foo 1 exits 2 (not a setting)', async () => {
		const r = await vigie(['settings', 'set', 'foo', '1']);
		expect(r.code).toBe(2);
		expect(r.stderr).toContain('Usage: vigie <command>');
	}, 90_000);

	test('estimate --compare foo exits 2', async () => {
		const r = await vigie(['estimate', '--indicator', 'feel_safe_after_dark', '--compare', 'foo']);
		expect(r.code).toBe(2);
		expect(r.stderr).toContain('--compare');
	}, 90_000);
});

describe('vigie catalog add, then list and estimate', () => {
	test('add good.json exits 0, and list shows it after the default indicators', async () => {
		const add = await vigie(['catalog', 'add', goodFile]);
		expect(add.code, add.stderr).toBe(0);
		expect(add.stdout).toContain('very_unsafe_after_dark');
		const list = await vigie(['catalog', 'list']);
		expect(list.code, list.stderr).toBe(0);
		const lines = list.stdout.trim().split('\n');
		expect(lines.length).toBe(12);
		expect(lines[0]!.split('\t').slice(0, 2)).toEqual(['feel_safe_after_dark', 'proportion']);
		expect(lines[11]).toBe('very_unsafe_after_dark\tproportion\tFeel very unsafe after dark / Très en insécurité le soir');
	}, 90_000);

	test('the analyst indicator is estimated like a default one', async () => {
		const r = await vigie(['estimate', '--indicator', 'very_unsafe_after_dark', '--wave', '2024', '--by', '', '--format', 'json']);
		expect(r.code, r.stderr).toBe(0);
		const t = JSON.parse(r.stdout) as { indicator: string; rows: { estimate: number }[] };
		expect(t.indicator).toBe('very_unsafe_after_dark');
		expect(t.rows.length).toBe(1);
		expect(t.rows[0]!.estimate).toBeGreaterThan(0);
		expect(t.rows[0]!.estimate).toBeLessThan(1);
	}, 90_000);
});

describe('vigie settings set, then show', () => {
	test('set reliability.proportion.minN 40 exits 0, then show prints 40', async () => {
		const set = await vigie(['settings', 'set', 'reliability.proportion.minN', '40']);
		expect(set.code, set.stderr).toBe(0);
		const show = await vigie(['settings', 'show']);
		expect(show.code, show.stderr).toBe(0);
		expect(show.stdout).toMatch(/"minN": 40\b/);
		const shown = JSON.parse(show.stdout) as { reliability: { proportion: { minN: number }; mean: { minN: number } } };
		expect(shown.reliability.proportion.minN).toBe(40);
		expect(shown.reliability.mean.minN).toBe(30);
	}, 90_000);

	test('set reliability.proportion.minN -5 exits 1 and keeps 40', async () => {
		const r = await vigie(['settings', 'set', 'reliability.proportion.minN', '-5']);
		expect(r.code).toBe(1);
		expect(r.stderr).toContain('proportion.minN');
		expect(JSON.parse((await vigie(['settings', 'show'])).stdout).reliability.proportion.minN).toBe(40);
	}, 90_000);
});

describe('vigie estimate --compare', () => {
	test('--by borough --compare rest --format csv has the rest_* columns', async () => {
		const r = await vigie(['estimate', '--indicator', 'feel_safe_after_dark', '--wave', '2024', '--by', 'borough', '--compare', 'rest', '--format', 'csv']);
		expect(r.code, r.stderr).toBe(0);
		const parsed = Papa.parse<Record<string, string>>(r.stdout, { header: true, skipEmptyLines: true });
		expect(parsed.errors).toEqual([]);
		const fields = parsed.meta.fields ?? [];
		expect(fields.filter((f) => f.startsWith('rest_'))).toEqual(['rest_estimate', 'rest_difference', 'rest_p', 'rest_verdict']);
		expect(fields).not.toContain('previous_wave');
		expect(parsed.data.length).toBe(19);
		const published = parsed.data.filter((c) => c.reliability !== 'suppressed');
		expect(published.length).toBeGreaterThanOrEqual(15);
		for (const c of published) {
			expect(c.rest_estimate !== '' && Number.isFinite(Number(c.rest_estimate)), c.borough).toBe(true);
			expect(c.rest_difference !== '' && Number.isFinite(Number(c.rest_difference)), c.borough).toBe(true);
			expect(['higher', 'lower', 'no_difference']).toContain(c.rest_verdict);
		}
		// A suppressed borough shows neither its value nor its comparison.
		for (const c of parsed.data.filter((x) => x.reliability === 'suppressed'))
			expect([c.estimate, c.rest_estimate, c.rest_difference, c.rest_p, c.rest_verdict], c.borough).toEqual(['', '', '', '', '']);
	}, 90_000);
});
