/**
 * A replicate-weight file without strata or PSU columns (as many public-use files come): the
 * replicate design still works, its df coming from the clusters the replicate weights reveal.
 * Checked against R's bootstrap records of the reference (same data with the design columns removed).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSurvey } from '../../ingest/survey/load-survey';
import { computeIndicator } from '../../app/lib/server/indicators/survey';
import { replicateClusters } from '../../app/lib/engine/replicate-clusters';
import type { DomainVariable } from '../../app/lib/engine/types';
import { tempDb } from '../helpers/temp-db';

interface Ref { design: string; indicator: string; kind: string; domain_type: string; domain: Record<string, string>; n: number; estimate: number; se: number; df: number; df_domain?: number }
const refs = (JSON.parse(readFileSync('fixtures/reference/expected_public.json', 'utf8')) as Ref[]).filter((r) => r.design === 'bootstrap');

let env: ReturnType<typeof tempDb>;
beforeAll(async () => {
	env = tempDb();
	const lines = readFileSync('fixtures/reference/survey_public.csv', 'utf8').trimEnd().split('\n');
	const head = lines[0]!.split(',');
	const drop = new Set([head.indexOf('stratum'), head.indexOf('psu')]);
	const file = join(env.dir, 'no-design.csv');
	writeFileSync(file, lines.map((l) => l.split(',').filter((_, i) => !drop.has(i)).join(',')).join('\n') + '\n');
	const r = await loadSurvey(env.db, file, { wave: '2024' });
	expect(r.ok).toBe(true);
});
afterAll(() => env.cleanup());

describe('replicate weights without PSU columns', () => {
	it('finds one cluster per PSU of the reference (the weights are proportional within a PSU)', () => {
		const w = new Float64Array([10, 20, 10, 5]);
		const reps = [new Float64Array([20, 40, 0, 5]), new Float64Array([0, 0, 20, 10])];
		expect([...replicateClusters(w, reps)]).toEqual([0, 0, 1, 2]);
	});

	it('gives R\'s estimate, SE and df for every bootstrap record of feel_safe_after_dark and trust_police_mean', () => {
		const failures: string[] = [];
		for (const indicator of ['feel_safe_after_dark', 'trust_police_mean']) {
			for (const domainType of ['overall', 'borough', 'gender', 'borough+gender', 'borough+age_group+gender']) {
				const by = (domainType === 'overall' ? [] : domainType.split('+')) as DomainVariable[];
				const t = computeIndicator(env.db, { indicator, wave: '2024', by, design: 'auto', ci: 'kg', suppress: false });
				expect(t.design).toBe('replicate');
				const key = (d: Record<string, string | undefined>) => JSON.stringify([d.borough, d.age_group, d.gender]);
				const rows = new Map(t.rows.map((r) => [key(r.domain as Record<string, string>), r]));
				for (const ref of refs.filter((r) => r.indicator === indicator && r.domain_type === domainType)) {
					const row = rows.get(key(ref.domain));
					const want = ref.kind === 'mean' ? ref.df_domain! : ref.df;
					if (!row || Math.abs(row.estimate! - ref.estimate) > 1e-9 || (Math.abs(row.se! - ref.se) > 1e-6 * Math.max(ref.se, 1e-12) && !(ref.se < 1e-12 && row.se! < 1e-12)) || row.df !== want)
						failures.push(`${indicator} ${key(ref.domain)}: est ${row?.estimate} se ${row?.se} df ${row?.df}; R ${ref.estimate} ${ref.se} ${want}`);
				}
			}
		}
		expect(failures.slice(0, 10)).toEqual([]);
	});
});
