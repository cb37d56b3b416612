/**
 * What ingestion refuses in a declared design, with the line, the column, the value and a
 * message in both languages, storing nothing: a finite population correction that varies
 * within a stratum, mixes population sizes and fractions, is below the sampled PSUs, is not a
 * positive number; replicate factors of the wrong count; JKn factors that cannot be derived.
 * Also: the replicate convention each mapping key gives (svrepdesign's scales).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSurvey } from '../../ingest/survey/load-survey';
import { parseMapping, replicateSpec } from '../../ingest/column-mapping';
import { listDatasets } from '../../db/datasets';
import { issueLine } from '../../app/lib/server/ingestion/issues';
import type { IngestResult } from '../../ingest/report';
import { tempDb } from '../helpers/temp-db';
import { DESIGN_DIR, designMappings } from '../helpers/design-reference';

const mappings = designMappings();
let env: ReturnType<typeof tempDb>;
beforeAll(() => { env = tempDb(); });
afterAll(() => env.cleanup());

/** A copy of a fixture with `edit` applied to its data lines (index 0 = file line 2). */
function variant(file: string, name: string, edit: (cells: string[], i: number, header: string[]) => void): string {
	const [head, ...lines] = readFileSync(`${DESIGN_DIR}/${file}`, 'utf8').trimEnd().split('\n');
	const header = head!.split(',').map((h) => h.replace(/"/g, ''));
	// The api files quote text; none of the edited columns holds a comma.
	const out = lines.map((l, i) => {
		const cells = l.match(/("[^"]*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, '')).slice(0, header.length);
		edit(cells, i, header);
		return cells.join(',');
	});
	const path = join(env.dir, name);
	writeFileSync(path, [head, ...out].join('\n') + '\n');
	return path;
}

async function refused(path: string, mapping: unknown): Promise<Extract<IngestResult, { ok: false }>> {
	const before = listDatasets(env.db).length;
	const r = await loadSurvey(env.db, path, { wave: '2024', mapping: parseMapping(mapping) });
	expect(r.ok).toBe(false);
	expect(listDatasets(env.db).length).toBe(before);
	return r as Extract<IngestResult, { ok: false }>;
}

const set = (column: string, value: (old: string, i: number) => string) => (cells: string[], i: number, header: string[]) => {
	const k = header.indexOf(column);
	cells[k] = value(cells[k]!, i);
};

describe('finite population correction', () => {
	test('a value that differs within a stratum: the line, and the stratum\'s first value and line', async () => {
		const path = variant('apistrat.csv', 'fpc-varies.csv', set('fpc', (v, i) => (i === 6 ? '5000' : v)));
		const r = await refused(path, mappings.strat_fpc);
		expect(r.errors).toEqual([expect.objectContaining({ line: 8, column: 'fpc', value: '5000', code: 'fpc_varies',
			params: { stratum: 'E', first: '4421', first_line: 2 } })]);
		expect(issueLine('en', r.errors[0]!)).toMatch(/line 8.*must be the same on every row of a stratum: stratum “E” has 4421 on line 2/);
		expect(issueLine('fr', r.errors[0]!)).toMatch(/ligne 8.*la strate « E » a 4421 à la ligne 2/);
	});

	test('sampling fractions mixed with population sizes', async () => {
		const path = variant('apistrat.csv', 'fpc-mixed.csv', set('fpc', (v) => (v === '4421' ? '0.02262' : v)));
		const r = await refused(path, mappings.strat_fpc);
		expect(r.errors[0]).toMatchObject({ line: 2, code: 'fpc_forms_mixed', value: '0.02262' });
		expect(issueLine('en', r.errors[0]!)).toMatch(/use one form for every stratum/);
	});

	test('a population smaller than the PSUs sampled in the stratum', async () => {
		const r = await refused(`${DESIGN_DIR}/apiclus1.csv`, { ...mappings.clus1_fpc, columns: { ...(mappings.clus1_fpc as { columns: object }).columns, fpc: { constant: '10' } } });
		expect(r.errors[0]).toMatchObject({ code: 'fpc_below_sample', params: { stratum: 'all', units: 15 } });
		expect(issueLine('en', r.errors[0]!)).toMatch(/smaller than its sampled units \(15\)/);
	});

	test.each([['abc', 'not_a_number'], ['0', 'fpc_not_positive'], ['-3', 'fpc_not_positive'], ['', 'required']])('“%s” → %s, on its line', async (bad, code) => {
		const path = variant('apisrs.csv', `fpc-${code}-${bad}.csv`, set('fpc', (v, i) => (i === 3 ? bad : v)));
		const r = await refused(path, mappings.srs_fpc);
		expect(r.errors).toEqual([expect.objectContaining({ line: 5, column: 'fpc', code })]);
	});
});

describe('replicate factors', () => {
	test('rscales of the wrong count', async () => {
		const m = { ...mappings.other_nomse, replicates: { prefix: 'jk_', type: 'other', scale: 1, rscales: [1, 1, 1] } };
		const r = await refused(`${DESIGN_DIR}/apistrat_jkn.csv`, m);
		expect(r.errors[0]).toMatchObject({ code: 'rscales_count', params: { count: 3, replicates: 200 } });
	});

	test('JKn without strata, or with weights that are not a jackknife: give rscales', async () => {
		const noStrata = await refused(`${DESIGN_DIR}/apistrat_jkn.csv`, { ...mappings.other_nomse, replicates: { prefix: 'jk_', type: 'JKn' } });
		expect(noStrata.errors[0]).toMatchObject({ code: 'jkn_rscales_no_strata' });
		// BRR half-samples zero one PSU in every stratum at once.
		const brr = await refused(`${DESIGN_DIR}/public_brr.csv`, { ...mappings.brr_mse, replicates: { prefix: 'brr_', type: 'JKn' } });
		expect(brr.errors[0]).toMatchObject({ code: 'jkn_rscales_several_strata', column: 'brr_1' });
		expect(issueLine('en', brr.errors[0]!)).toMatch(/several strata.*give replicates\.rscales/);
	});
});

describe('the replicate convention of each mapping (svrepdesign)', () => {
	test.each([
		// No type: the convention of mappings written before `type` existed (Statistics Canada, 1/B).
		[{ prefix: 'bw_' }, 50, { type: 'bootstrap', scale: 1 / 50, mse: true }],
		[{ prefix: 'bw_', type: 'bootstrap', mse: false }, 50, { type: 'bootstrap', scale: 1 / 49, mse: false }],
		[undefined, 50, { type: 'bootstrap', scale: 1 / 50, mse: true }],
		[{ prefix: 'bw_', method: 'bootstrap' }, 50, { type: 'bootstrap', scale: 1 / 50, mse: true }],
		[{ prefix: 'bw_', type: 'jk1' }, 15, { type: 'JK1', scale: 14 / 15 }],
		[{ prefix: 'bw_', type: 'JKn', rscales: [0.5, 0.5] }, 2, { type: 'JKn', scale: 1, rscales: [0.5, 0.5] }],
		[{ prefix: 'bw_', type: 'BRR' }, 24, { type: 'BRR', scale: 1 / 24 }],
		[{ prefix: 'bw_', type: 'Fay', rho: 0.3 }, 24, { type: 'Fay', scale: 1 / (24 * 0.7 ** 2), rho: 0.3 }],
		[{ prefix: 'bw_', method: 'fay', rho: 0.5, scale: 0.2 }, 24, { type: 'Fay', scale: 0.2 }],
		[{ prefix: 'bw_', type: 'other', scale: 0.3, rscales: [1, 2] }, 2, { type: 'other', scale: 0.3, rscales: [1, 2] }]
	])('%j with %i replicates → %j', (replicates, B, want) => {
		const m = parseMapping(replicates ? { replicates } : {});
		expect(replicateSpec(m.replicates, B)).toMatchObject(want);
	});
});
