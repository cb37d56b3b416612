/**
 * What the command line gives when not told: `vigie estimate` without `--by` is the whole city's
 * value (one row, the API's shape), for survey and diagnostic indicators; `vigie datasets` lists
 * the newest first, with the local time it was loaded and that time's offset from UTC.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { tempDb } from '../helpers/temp-db';
import { runVigie } from '../helpers/cli';
import { REF } from '../helpers/survey-csv';
import { smallSurvey } from '../http/fixtures';
import { listDatasets } from '../../db/datasets';
import { loadSurvey } from '../../ingest/survey/load-survey';
import { loadIncidents } from '../../ingest/incidents/load-incidents';
import { computeIndicator } from '../../app/lib/server/indicators/survey';
import { withNoteText } from '../../app/lib/server/indicators/design-notes';
import { withVerdictText } from '../../app/lib/server/indicators/verdicts';
import { localTimestamp } from '../../app/lib/format';

let env: ReturnType<typeof tempDb>;

beforeAll(async () => {
	env = tempDb();
	const r = await loadSurvey(env.db, REF, { wave: '2024' });
	if (!r.ok) throw new Error(JSON.stringify(r.errors.slice(0, 3)));
	// Loaded out of the order of their waves: as text the list would be 2024, 2025, 2026.
	for (const [i, wave] of ['2026', '2025'].entries()) {
		const path = join(env.dir, `s${i}.csv`);
		writeFileSync(path, smallSurvey(100 + i));
		const s = await loadSurvey(env.db, path, { wave });
		if (!s.ok) throw new Error(JSON.stringify(s.errors.slice(0, 3)));
	}
	const path = join(env.dir, 'incidents.csv');
	writeFileSync(path, 'month,category,borough\n2024-01,theft,Anjou\n2024-02,theft,Verdun\n2024-03,fraud,Anjou\n');
	const inc = await loadIncidents(env.db, path, { geography: 'montreal' });
	if (!inc.ok) throw new Error(JSON.stringify(inc.errors.slice(0, 3)));
}, 120_000);
afterAll(() => env?.cleanup());

const json = <T>(r: { stdout: string }) => JSON.parse(r.stdout) as T;
type Table = { indicator: string; wave: string; level: string; rows: { domain: Record<string, string> }[] };

describe('vigie estimate without --by', () => {
	test('gives the whole city\'s value: one row, as GET /api/indicators/{id}?by= does', async () => {
		const r = await runVigie(env.path, ['estimate', '--indicator', 'feel_safe_after_dark', '--wave', '2024', '--format', 'json']);
		expect(r.code, r.stderr).toBe(0);
		const out = json<Table>(r);
		expect(out.rows).toHaveLength(1);
		expect(out.rows[0]!.domain).toEqual({});
		const { dataset: _d, ...table } = computeIndicator(env.db, { indicator: 'feel_safe_after_dark', wave: '2024', by: [], design: 'auto', ci: 'kg', suppress: true });
		expect(out).toEqual(JSON.parse(JSON.stringify({ ...table, design_notes: withNoteText(table.design_notes, 'en'), rows: withVerdictText(table.rows, 'en') })));
	}, 60_000);

	test('in CSV: one line, without domain columns', async () => {
		const r = await runVigie(env.path, ['estimate', '--indicator', 'feel_safe_after_dark', '--wave', '2024', '--format', 'csv']);
		expect(r.code, r.stderr).toBe(0);
		const lines = r.stdout.trim().split(/\r?\n/);
		expect(lines).toHaveLength(2);
		expect(lines[0]).toMatch(/^n,weighted_n,estimate,/);
	}, 60_000);

	test('--by still breaks it down', async () => {
		const r = await runVigie(env.path, ['estimate', '--indicator', 'feel_safe_after_dark', '--wave', '2024', '--by', 'borough', '--format', 'json']);
		expect(json<Table>(r).rows.length).toBeGreaterThan(10);
	}, 60_000);

	test('a diagnostic indicator too: the whole city over the period', async () => {
		const r = await runVigie(env.path, ['estimate', '--indicator', 'incident_count', '--format', 'json']);
		expect(r.code, r.stderr).toBe(0);
		const out = json<{ rows: { domain: object; estimate: number }[] }>(r);
		expect(out.rows).toHaveLength(1);
		expect(out.rows[0]!.domain).toEqual({});
		expect(out.rows[0]!.estimate).toBe(3);
	}, 60_000);
});

describe('vigie datasets', () => {
	test('lists the newest first, loaded at the local time with its offset', async () => {
		const stored = listDatasets(env.db).sort((a, b) => b.created_at.localeCompare(a.created_at) || b.id - a.id);
		for (const tz of ['America/Toronto', 'Asia/Kolkata']) {
			const r = await runVigie(env.path, ['datasets'], { TZ: tz });
			expect(r.code, r.stderr).toBe(0);
			const lines = r.stdout.trim().split('\n').map((l) => l.split('\t'));
			expect(lines.map((l) => Number(l[0]))).toEqual(stored.map((d) => d.id));
			expect(lines.map((l) => l[2])).toEqual(['2024-01..2024-03', '2025', '2026', '2024']);
			lines.forEach((l, i) => expect(l[4]).toBe(localTimestamp(stored[i]!.created_at, tz)));
			expect(lines[0]![4]).toMatch(tz === 'Asia/Kolkata' ? /^\d{4}-\d{2}-\d{2} \d{2}:\d{2} \+05:30$/ : /^\d{4}-\d{2}-\d{2} \d{2}:\d{2} -0[45]:00$/);
		}
	}, 60_000);

	test('--format json: the same order, with the stored UTC times', async () => {
		const r = await runVigie(env.path, ['datasets', '--format', 'json']);
		const list = json<{ id: number; created_at: string }[]>(r);
		expect(list.map((d) => d.created_at)).toEqual([...list.map((d) => d.created_at)].sort().reverse());
		expect(list[0]!.created_at).toMatch(/Z$/);
	}, 60_000);
});

describe('localTimestamp(iso, timeZone)', () => {
	test.each([
		{ iso: '2025-03-04T14:15:00.000Z', tz: 'America/Toronto', expected: '2025-03-04 09:15 -05:00' },
		{ iso: '2025-07-04T14:15:00.000Z', tz: 'America/Toronto', expected: '2025-07-04 10:15 -04:00' },
		{ iso: '2025-03-04T23:59:00.000Z', tz: 'UTC', expected: '2025-03-04 23:59 +00:00' },
		{ iso: '2025-03-04T23:59:00.000Z', tz: 'Asia/Kolkata', expected: '2025-03-05 05:29 +05:30' }
	])('$iso in $tz → $expected', ({ iso, tz, expected }) => {
		expect(localTimestamp(iso, tz)).toBe(expected);
	});
});
