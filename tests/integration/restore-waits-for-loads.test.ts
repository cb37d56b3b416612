/**
 * A restore and a load under way (its dataset hidden, committed a chunk at a time, written by a
 * process still running: here, this one): the restore waits up to its `waitMs` for the load to
 * end, then is refused and changes nothing; a load whose process has ended is no reason to wait.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { backupDatabase } from '../../db/backup';
import { insertHiddenDataset, listHiddenDatasets, publishDataset } from '../../db/hidden-datasets';
import { thisLoader } from '../../db/loader';
import { RestoreRefused, restoreDatabase } from '../../db/restore';
import { listDatasets } from '../../db/datasets';
import { loadSurvey } from '../../ingest/survey/load-survey';
import { tempDb } from '../helpers/temp-db';
import { fingerprint } from '../helpers/backup';
import { REF, success } from '../helpers/survey-csv';

const hidden = (wave: string) => ({ kind: 'survey' as const, wave, title: `wave ${wave}`, file_name: 'big.csv', sha256: `pending:${wave}`,
	created_by: 'test', created_at: new Date().toISOString(), mapping: {}, design: { strata: false, psu: false, replicate: null }, synthetic: false });

let env: ReturnType<typeof tempDb>;
let backup: string;

beforeEach(async () => {
	env = tempDb();
	success(await loadSurvey(env.db, REF, { wave: '2024' }));
	backup = join(env.dir, 'backup.db');
	await backupDatabase(env.path, backup);
});
afterEach(() => env.cleanup());

describe('a restore while a load is under way', () => {
	test('is refused once its wait is over, and the database does not change', async () => {
		const id = insertHiddenDataset(env.db, hidden('2099'));
		const before = fingerprint(env.path);
		const refused = await restoreDatabase(backup, env.path, { waitMs: 300, actor: 'cli:test' }).catch((e: unknown) => e);
		expect(refused).toBeInstanceOf(RestoreRefused);
		expect(refused).toMatchObject({ code: 'loading', params: { id, title: 'wave 2099', wave: '2099' } });
		expect(fingerprint(env.path)).toBe(before);
	});

	test('waits for the load to be published, then restores', async () => {
		const id = insertHiddenDataset(env.db, hidden('2099'));
		setTimeout(() => publishDataset(env.db, id, { rows: 0, wave: '2099' }), 400);
		const r = await restoreDatabase(backup, env.path, { waitMs: 10_000, actor: 'cli:test' });
		expect(r.removed_unfinished).toBe(0);
		expect(listDatasets(env.db).map((d) => d.wave)).toEqual(['2024']);
	});

	test('does not wait for a load whose process has ended', async () => {
		const id = insertHiddenDataset(env.db, hidden('2099'));
		const child = spawnSync(process.execPath, ['-e', '0']);
		const dead = JSON.stringify({ ...JSON.parse(thisLoader()), pid: child.pid, start: '1' });
		env.db.prepare('UPDATE datasets SET hidden = ? WHERE id = ?').run(`loading ${dead}`, id);
		// Were it taken for a load under way, the restore would wait its 5 s and be refused.
		const r = await restoreDatabase(backup, env.path, { actor: 'cli:test' });
		expect(r.summary.datasets).toEqual({ survey: { datasets: 1, rows: 3000 } });
		expect(listHiddenDatasets(env.db)).toEqual([]);
	});
});
