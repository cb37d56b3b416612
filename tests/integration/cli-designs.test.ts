/**
 * Each design key of a mapping file through the real command line: `vigie ingest --mapping` of a
 * file of fixtures/reference/designs, then `vigie estimate --format json` gives R's numbers
 * (fixtures/reference/designs/expected_designs.json), the design and notes in words; a mapping
 * whose single-PSU option is `fail` gives a clear error and exit code 1; bad mapping values are
 * refused with the key to fix.
 */
import { afterAll, describe, expect, test } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runVigie } from '../helpers/cli';
import { byOf, compareRecord, DESIGN_DIR, designCases, designMappings, domainKey, type DesignCase } from '../helpers/design-reference';

const cases = new Map(designCases().map((c) => [c.case, c]));
const mappings = designMappings();
const dir = mkdtempSync(join(tmpdir(), 'vigie-cli-designs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A fresh database with the case's file loaded by `vigie ingest` (and the api indicators added by `vigie catalog add`). */
async function ingest(c: DesignCase, mapping: unknown = mappings[c.case]): Promise<string> {
	const db = join(dir, `${c.case}.db`), file = join(dir, `${c.case}.json`);
	writeFileSync(file, JSON.stringify(mapping));
	if (c.file.startsWith('api')) expect((await runVigie(db, ['catalog', 'add', `${DESIGN_DIR}/api_catalog.json`])).code).toBe(0);
	const r = await runVigie(db, ['ingest', `${DESIGN_DIR}/${c.file}`, '--kind', 'survey', '--wave', '2024', '--mapping', file]);
	expect(r.code, r.stderr).toBe(0);
	return db;
}

interface CliTable { design: string; design_notes: { code: string; text: string }[]; rows: { domain: Record<string, string>; n: number; estimate: number | null; se: number | null; df: number; flags: string[]; ci: [number, number] | null }[] }

async function estimate(db: string, indicator: string, by: string): Promise<CliTable> {
	const r = await runVigie(db, ['estimate', '--indicator', indicator, '--wave', '2024', '--by', by, '--no-suppress', '--format', 'json']);
	expect(r.stderr).toBe('');
	expect(r.code).toBe(0);
	return JSON.parse(r.stdout) as CliTable;
}

/** The key each case exercises, and one breakdown it is checked on. */
const KEYS: [string, string, string, string][] = [
	['columns.fpc (sampling fractions) and a stratum without PSUs', 'strat_fraction', 'api_both', 'borough'],
	['columns.fpc (population sizes) with PSUs', 'clus1_fpc', 'api_api00', 'borough'],
	['design.lonely_psu and design.adjust_domain_lonely', 'lonely_average_domain', 'feel_safe_after_dark', 'borough,age_group,gender'],
	['replicates.type JKn (factors derived from the strata) and replicates.mse false', 'jkn_nomse', 'api_both', 'borough'],
	['replicates.type Fay with replicates.rho', 'fay_mse', 'feel_safe_after_dark', 'borough,gender'],
	['replicates.scale (as.svrepdesign\'s bootstrap)', 'bootstrap_cd_nomse', 'api_both', ''],
	['replicates.type other with replicates.scale and replicates.rscales', 'other_nomse', 'api_api00', 'borough']
];

describe('each design key of a mapping through vigie ingest and vigie estimate', () => {
	test.each(KEYS)('%s: R\'s numbers', async (_, name, indicator, by) => {
		const c = cases.get(name)!;
		const db = await ingest(c);
		const table = await estimate(db, indicator, by);
		expect(table.design).toBe(c.design);
		expect(table.design_notes.length).toBeGreaterThan(0);
		for (const n of table.design_notes) expect(n.text).toMatch(/\w{4,}/);
		const rows = new Map(table.rows.map((r) => [domainKey(r.domain), r]));
		const failures: string[] = [];
		const records = c.records.filter((r) => r.indicator === indicator && r.domain_type === (by === '' ? 'overall' : by.replace(/,/g, '+')));
		expect(records.length).toBeGreaterThan(0);
		let bounds = 0;
		for (const r of records) bounds += compareRecord(r, rows.get(domainKey(r.domain)), failures);
		expect(failures.slice(0, 10)).toEqual([]);
		expect(bounds).toBeGreaterThan(0);
		expect(byOf(records[0]!.domain_type)).toEqual(by === '' ? [] : by.split(','));
	});

	test('lonely_psu "fail": vigie estimate exits 1 and names the stratum; another design still works', async () => {
		const db = await ingest(cases.get('lonely_fail')!);
		const r = await runVigie(db, ['estimate', '--indicator', 'feel_safe_after_dark', '--wave', '2024', '--by', 'borough', '--format', 'json']);
		expect(r.code).toBe(1);
		expect(r.stdout).toBe('');
		expect(r.stderr).toMatch(/Stratum “(Côte-des-Neiges–Notre-Dame-de-Grâce|Mercier–Hochelaga-Maisonneuve|Saint-Laurent)” has a single PSU.*lonely_psu/);
		const fr = await runVigie(db, ['estimate', '--indicator', 'feel_safe_after_dark', '--wave', '2024', '--by', 'borough', '--lang', 'fr']);
		expect(fr.stderr).toMatch(/n’a qu’une UPE/);
		const w = await runVigie(db, ['estimate', '--indicator', 'feel_safe_after_dark', '--wave', '2024', '--by', '', '--design', 'weights', '--no-suppress', '--format', 'json']);
		expect(w.code).toBe(0);
		expect((JSON.parse(w.stdout) as CliTable).design_notes.map((n) => n.code)).toEqual(['strata_unused_weights', 'psu_unused_weights']);
	});
});

describe('bad mapping values: refused with the key to fix, nothing stored', () => {
	const apiclus1 = cases.get('clus1_fpc')!;
	test.each([
		['an unknown replicate type', { replicates: { prefix: 'jk_', type: 'JK3' } }, /replicates\.type/],
		['Fay without rho', { replicates: { prefix: 'jk_', type: 'Fay' } }, /replicates\.rho: fay_needs_rho/],
		['a scale for BRR, whose scale R fixes', { replicates: { prefix: 'jk_', type: 'BRR', scale: 0.5 } }, /replicates\.scale: scale_fixed_by_type/],
		['other without rscales', { replicates: { prefix: 'jk_', type: 'other', scale: 1 } }, /replicates\.rscales: other_needs_scale_and_rscales/],
		['mse that is not true or false', { replicates: { prefix: 'jk_', type: 'JK1', mse: 'yes' } }, /replicates\.mse/],
		['an unknown single-PSU option', { design: { lonely_psu: 'sometimes' } }, /design\.lonely_psu/],
		['a method that contradicts the type', { replicates: { prefix: 'jk_', type: 'JK1', method: 'brr' } }, /replicates\.method: method_differs_from_type/]
	])('%s', async (_, extra, message) => {
		const db = join(dir, 'bad.db'), file = join(dir, 'bad.json');
		writeFileSync(file, JSON.stringify({ ...mappings.clus1_fpc, ...extra }));
		const r = await runVigie(db, ['ingest', `${DESIGN_DIR}/${apiclus1.file}`, '--kind', 'survey', '--wave', '2024', '--mapping', file]);
		expect(r.code).toBe(1);
		expect(r.stderr).toMatch(message);
		expect(r.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
	});
});
