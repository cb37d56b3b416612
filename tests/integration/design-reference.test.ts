/**
 * Every design case of fixtures/reference/designs loaded through the real ingestion with its
 * mapping (fixtures/reference/designs/mappings.json) into a real SQLite file, then estimated as
 * the API and the command line do (`design: auto`): R's numbers, the design `auto` chooses, the
 * notes that say what it did with each design column, and the JKn factors derived at load.
 */
import { afterAll, describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadSurvey } from '../../ingest/survey/load-survey';
import { parseMapping } from '../../ingest/column-mapping';
import { findSurveyDataset } from '../../db/datasets';
import { addIndicators } from '../../app/lib/server/settings/catalog';
import { computeIndicator, RequestError } from '../../app/lib/server/indicators/survey';
import type { EstimateRow } from '../../app/lib/engine/types';
import { tempDb } from '../helpers/temp-db';
import { byOf, compareRecord, DESIGN_DIR, designCases, designMappings, domainKey, type DesignCase } from '../helpers/design-reference';

const mappings = designMappings();
const apiCatalog = JSON.parse(readFileSync(`${DESIGN_DIR}/api_catalog.json`, 'utf8'));
const envs: ReturnType<typeof tempDb>[] = [];
afterAll(() => envs.forEach((e) => e.cleanup()));

async function loaded(c: DesignCase) {
	const env = tempDb();
	envs.push(env);
	if (c.file.startsWith('api')) expect(addIndicators(env.db, apiCatalog, 'test').ok).toBe(true);
	const res = await loadSurvey(env.db, `${DESIGN_DIR}/${c.file}`, { wave: '2024', mapping: parseMapping(mappings[c.case]) });
	if (!res.ok) throw new Error(JSON.stringify(res.errors.slice(0, 3)));
	return env;
}

/** The notes `auto` must give for each kind of case (what it did with each mapped design column). */
function expectedNotes(c: DesignCase): string[] {
	const m = mappings[c.case] as { columns?: Record<string, unknown>; replicates?: { mse?: boolean }; design?: { lonely_psu?: string } };
	if (c.design === 'replicate') {
		// JK1, BRR and Fay files map a stratum and a PSU, which only the bootstrap's df reads; the JKn file maps a stratum alone.
		const unused = /^(jk1|brr|fay)_/.test(c.case) ? ['strata_unused_replicate', 'psu_unused_replicate'] : c.case.startsWith('jkn') ? ['strata_unused_replicate'] : [];
		return [m.replicates?.mse === false ? 'replicate_mean' : 'replicate_mse', ...unused];
	}
	const fpc = String(m.columns?.fpc ?? '');
	const notes = c.design === 'strata_psu' && m.columns?.stratum !== undefined && m.columns?.psu === undefined ? ['psu_per_respondent'] : [];
	if (fpc) notes.push(fpc.startsWith('frac') ? 'fpc_fraction' : 'fpc_population');
	if (c.case.startsWith('lonely')) notes.push('lonely_psu');
	if (c.case.endsWith('_domain')) notes.push('adjust_domain_lonely');
	return notes;
}

describe.each(designCases().map((c) => [c.case, c] as const))('%s through ingestion', (_, c) => {
	test('R\'s estimates, SEs, df and intervals from the loaded dataset; the design and notes of auto', async () => {
		const env = await loaded(c);
		const failures: string[] = [];
		let bounds = 0;
		const types = [...new Set(c.records.map((r) => `${r.indicator}|${r.domain_type}`))];
		for (const key of types) {
			const [indicator, domainType] = key.split('|') as [string, string];
			const records = c.records.filter((r) => r.indicator === indicator && r.domain_type === domainType);
			const req = { indicator, wave: '2024', by: byOf(domainType), design: 'auto' as const, suppress: false };
			if (records.some((r) => r.error)) {
				expect(() => computeIndicator(env.db, { ...req, ci: 'kg' })).toThrow(RequestError);
				continue;
			}
			const kg = computeIndicator(env.db, { ...req, ci: 'kg' });
			expect(kg.design).toBe(c.design);
			expect(kg.design_notes!.map((n) => n.code).sort()).toEqual(expectedNotes(c).sort());
			const logit = new Map(computeIndicator(env.db, { ...req, ci: 'logit' }).rows.map((r) => [domainKey(r.domain as Record<string, string>), r]));
			const rows = new Map<string, EstimateRow>(kg.rows.map((r) => [domainKey(r.domain as Record<string, string>), r]));
			for (const r of records) {
				const row = rows.get(domainKey(r.domain));
				const got = row && { ...row, ...(r.kind === 'proportion' ? { ci_kg: row.ci, ci_logit: logit.get(domainKey(r.domain))?.ci ?? null } : {}) };
				bounds += compareRecord(r, got, failures);
			}
		}
		expect(failures.slice(0, 15)).toEqual([]);
		if (!c.case.startsWith('lonely_fail')) expect(bounds).toBeGreaterThan(10);
		if (c.case.startsWith('jkn')) expect(findSurveyDataset(env.db, '2024')!.design.replicate!.rscales).toEqual(c.rscales);
	});
});
