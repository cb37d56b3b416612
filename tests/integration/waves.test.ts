/**
 * Which wave is the default and which is "the previous wave", on a real database: waves are
 * ordered in time, not as text nor by load order. Surveys labelled by season, loaded newest
 * first (as text, "été 2024" would be the latest), and incident files whose own months say
 * which is newer although the older one was loaded last.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { tempDb } from '../helpers/temp-db';
import { runVigie } from '../helpers/cli';
import { smallSurvey } from '../http/fixtures';
import { listSurveyWaves } from '../../db/datasets';
import { listWaves } from '../../db/waves';
import { loadSurvey } from '../../ingest/survey/load-survey';
import { loadIncidents } from '../../ingest/incidents/load-incidents';
import { loadParticipatoryMap } from '../../ingest/participatory-map/load-participatory-map';
import { computeIndicator } from '../../app/lib/server/indicators/survey';
import { computeDiagnostic } from '../../app/lib/server/indicators/diagnostics';
import { buildIndicator } from '../../app/lib/server/views/indicator';
import { buildOverview } from '../../app/lib/server/views/overview';
import { query } from '../helpers/query';
import { explorerQuery, overviewQuery } from '../../app/lib/server/request/queries';

let env: ReturnType<typeof tempDb>;

beforeAll(async () => {
	env = tempDb();
	// Newest first, each file a little different (the same file cannot be loaded twice).
	for (const [i, wave] of ['hiver 2025', 'automne 2024', 'été 2024'].entries()) {
		const path = join(env.dir, `survey-${i}.csv`);
		writeFileSync(path, smallSurvey(400 + i));
		const r = await loadSurvey(env.db, path, { wave });
		if (!r.ok) throw new Error(JSON.stringify(r.errors.slice(0, 3)));
	}
	// The newer incidents first; their waves are named after their months by ingestion.
	for (const [i, months] of [['2024-01', '2024-03'], ['2023-10', '2023-12']].entries()) {
		const path = join(env.dir, `incidents-${i}.csv`);
		writeFileSync(path, `month,category,borough\n${months.map((m) => `${m},theft,Anjou`).join('\n')}\n`);
		const r = await loadIncidents(env.db, path, { geography: 'montreal' });
		if (!r.ok) throw new Error(JSON.stringify(r.errors.slice(0, 3)));
	}
	// Mapping waves named by letters: only their dates can order them ("B" was mapped first).
	for (const [wave, date] of [['A', '2024-05-02'], ['B', '2023-06-10']]) {
		const path = join(env.dir, `mapping-${wave}.csv`);
		writeFileSync(path, `latitude,longitude,perception,date\n45.55,-73.60,unsafe,${date}\n45.56,-73.61,safe,${date}\n`);
		const r = await loadParticipatoryMap(env.db, path, { geography: 'montreal', wave });
		if (!r.ok) throw new Error(JSON.stringify(r.errors.slice(0, 3)));
	}
}, 120_000);
afterAll(() => env?.cleanup());

describe('survey waves in time', () => {
	test('listSurveyWaves: oldest first by what the labels say, not as text or by load order', () => {
		expect(listSurveyWaves(env.db)).toEqual(['été 2024', 'automne 2024', 'hiver 2025']);
	});

	test('the dashboard pages default to the most recent wave', () => {
		expect(buildIndicator(env.db, query(explorerQuery, ''), 'fr').selected.wave).toBe('hiver 2025');
		expect(buildOverview(env.db, query(overviewQuery, ''), 'fr', { suppress: true }).wave).toBe('hiver 2025');
	});

	test('the previous wave of a comparison is the one before in time', () => {
		const previousOf = (wave: string) => computeIndicator(env.db, { indicator: 'feel_safe_after_dark', wave, by: [], design: 'auto', ci: 'kg',
			suppress: false, compare: ['previous_wave'] }).rows[0]!.comparisons?.previous_wave;
		expect(previousOf('hiver 2025')?.wave).toBe('automne 2024');
		expect(previousOf('automne 2024')?.wave).toBe('été 2024');
		expect(previousOf('été 2024')).toBeNull();
	});

	test('vigie estimate without --wave estimates the most recent wave', async () => {
		const r = await runVigie(env.path, ['estimate', '--indicator', 'feel_safe_after_dark', '--format', 'json']);
		expect(r.code, r.stderr).toBe(0);
		expect((JSON.parse(r.stdout) as { wave: string }).wave).toBe('hiver 2025');
	});
});

describe('diagnostic waves in time', () => {
	test('incident waves are ordered by their months; the default is the newest data, not the last file loaded', () => {
		expect(listWaves(env.db, 'incidents').map((w) => [w.wave, w.dataPeriod])).toEqual([
			['2023-10..2023-12', { start: '2023-10-01', end: '2023-12-31' }],
			['2024-01..2024-03', { start: '2024-01-01', end: '2024-03-31' }]
		]);
		expect(computeDiagnostic(env.db, { indicator: 'incident_count', by: [], suppress: false }).wave).toBe('2024-01..2024-03');
	});

	test('mapping waves whose labels say nothing are ordered by their points\' dates', () => {
		expect(listWaves(env.db, 'mapping').map((w) => [w.wave, w.dataPeriod?.start])).toEqual([['B', '2023-06-10'], ['A', '2024-05-02']]);
		expect(computeDiagnostic(env.db, { indicator: 'mapping_points', by: [], suppress: false }).wave).toBe('A');
	});
});
