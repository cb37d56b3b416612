/**
 * Loads written in short transactions into a hidden dataset (db/hidden-datasets.ts): nobody sees
 * a dataset before its publish; a process killed in the middle of a large load leaves the
 * database consistent, with the partial dataset hidden and removed by the next opening or the
 * next ingestion; an online backup taken meanwhile restores to a database without it; and other
 * writers (sessions, settings) never wait for the whole load.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openDb, type Db } from '../../db/connection';
import { findSurveyDataset, getDataset, listDatasets, listDatasetsNewestFirst, listSurveyWaves } from '../../db/datasets';
import { latestWave, listWaves } from '../../db/waves';
import { listUnpublishedDatasets } from '../../db/unpublished';
import { summarizeDatabase } from '../../db/summary';
import { areaNameIndex, countAreas, insertNamedArea, listGeographies } from '../../db/areas';
import { insertHiddenDataset, listHiddenDatasets, purgeAbandoned, removeDatasetRows } from '../../db/hidden-datasets';
import { loaderRunning, thisLoader } from '../../db/loader';
import { setSetting, getSetting } from '../../db/settings';
import { insertSession } from '../../db/sessions';
import { loadSurvey } from '../../ingest/survey/load-survey';
import { ingestInWorker } from '../../app/lib/server/jobs/ingest-in-worker';
import { tempDb } from '../helpers/temp-db';
import { colIndex, counts, csv, GOOD, HEADER, REF, success, writeBigSurvey } from '../helpers/survey-csv';

const design = { strata: false, psu: false, replicate: null };
const newDataset = (wave: string) => ({ kind: 'survey' as const, wave, title: 't', file_name: 'f.csv', sha256: `pending:${wave}`,
	created_by: 'test', created_at: new Date().toISOString(), mapping: {}, design, synthetic: false });

/** A loader name for a process that has ended: a child started and waited for. */
function deadLoader(): string {
	const child = spawnSync(process.execPath, ['-e', '0']);
	return JSON.stringify({ ...JSON.parse(thisLoader()), pid: child.pid, start: '1' });
}

/** A connection as a reader or another tool opens the file: no migration, no clean-up. */
function raw(path: string): Db {
	const db = new Database(path);
	db.pragma('foreign_keys = ON');
	db.pragma('busy_timeout = 5000');
	return db;
}

/** Chunks committed so far by loads still hidden. */
const hiddenChunks = (db: Db) => db.prepare(`SELECT count(*) FROM survey_chunks k JOIN survey_columns c ON c.id = k.column_id
	JOIN datasets d ON d.id = c.dataset_id WHERE d.hidden LIKE 'loading %'`).pluck().get() as number;

async function until(what: string, ok: () => boolean, ms = 60_000): Promise<void> {
	const deadline = Date.now() + ms;
	while (!ok()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 20));
	}
}

describe('the process that writes a hidden dataset', () => {
	test('is running while it runs; one that ended, of another machine, or unreadable is not', () => {
		expect(loaderRunning(thisLoader())).toBe(true);
		expect(loaderRunning(deadLoader())).toBe(false);
		expect(loaderRunning(JSON.stringify({ ...JSON.parse(thisLoader()), host: `not-${hostname()}` }))).toBe(false);
		expect(loaderRunning(JSON.stringify({ ...JSON.parse(thisLoader()), start: 'earlier' }))).toBe(false);
		expect(loaderRunning('not json')).toBe(false);
	});
});

describe('a hidden dataset', () => {
	let env: ReturnType<typeof tempDb>;
	beforeAll(async () => {
		env = tempDb();
		success(await loadSurvey(env.db, REF, { wave: '2024' }));
	});
	afterAll(() => env?.cleanup());

	test('is seen by no reader, nor are the areas it created, and is removed once its loader is gone', () => {
		const before = counts(env.db);
		const id = insertHiddenDataset(env.db, newDataset('2099'));
		insertNamedArea(env.db, 'elsewhere', { code: 'A', name: 'A', nameKey: 'a' }, id);
		expect(getDataset(env.db, id)).toBeUndefined();
		expect(listDatasets(env.db).map((d) => d.id)).not.toContain(id);
		expect(listSurveyWaves(env.db)).toEqual(['2024']);
		expect(listWaves(env.db, 'survey').map((w) => w.wave)).toEqual(['2024']);
		expect(latestWave(env.db, 'survey')).toBe('2024');
		expect(listDatasetsNewestFirst(env.db).map((d) => d.id)).not.toContain(id);
		expect(findSurveyDataset(env.db, '2099')).toBeUndefined();
		// A backup counts it apart, as a load under way (a restore removes it).
		expect(listUnpublishedDatasets(env.db)).toEqual([{ id, kind: 'survey', wave: '2099', title: 't', loading: true }]);
		expect(summarizeDatabase(env.db)).toMatchObject({ datasets: { survey: { datasets: 1 } }, unfinished_loads: 1 });
		expect(listGeographies(env.db)).not.toContain('elsewhere');
		expect(countAreas(env.db, 'elsewhere')).toBe(0);
		expect(areaNameIndex(env.db, 'elsewhere')).toEqual([]);

		// Its loader (this process) is running: left alone.
		expect(purgeAbandoned(env.db)).toEqual([]);
		expect(listHiddenDatasets(env.db).map((d) => d.id)).toEqual([id]);
		// Its loader is gone: removed, with its area.
		env.db.prepare('UPDATE datasets SET hidden = ? WHERE id = ?').run(`loading ${deadLoader()}`, id);
		expect(listUnpublishedDatasets(env.db)).toEqual([{ id, kind: 'survey', wave: '2099', title: 't', loading: false }]);
		expect(purgeAbandoned(env.db)).toEqual([id]);
		expect(listHiddenDatasets(env.db)).toEqual([]);
		expect(counts(env.db)).toEqual(before);
	});

	test('a removed survey disappears at once and its rows are deleted in short transactions', async () => {
		const file = join(env.dir, 'w2025.csv');
		const WAVE = colIndex('wave');
		writeFileSync(file, csv(HEADER, GOOD().map((r) => r.map((c, i) => (i === WAVE ? '2025' : c)))));
		const before = counts(env.db);
		const r = success(await loadSurvey(env.db, file, { wave: '2025' }));
		expect(removeDatasetRows(env.db, r.dataset_id!)).toBe(true);
		expect(counts(env.db)).toEqual(before);
		expect(removeDatasetRows(env.db, r.dataset_id!)).toBe(false);
	});
});

describe('a large load', () => {
	let env: ReturnType<typeof tempDb>;
	let big: string;
	let before: ReturnType<typeof counts>;
	beforeAll(async () => {
		env = tempDb();
		success(await loadSurvey(env.db, REF, { wave: '2024' }));
		before = counts(env.db);
		big = join(env.dir, 'big.csv');
		writeBigSurvey(big, 250_000, '2030');
	}, 120_000);
	afterAll(() => env?.cleanup());

	test('killed with SIGKILL leaves the database consistent; the partial dataset is hidden, removed by the next ingestion, and a backup taken meanwhile restores without it', async () => {
		const child = spawn(process.execPath, ['bin/vigie.js', 'ingest', big, '--kind', 'survey', '--wave', '2030', '--format', 'json'],
			{ env: { ...process.env, VIGIE_DB: env.path }, stdio: ['ignore', 'pipe', 'pipe'] });
		let output = '';
		child.stdout.on('data', (d) => (output += d));
		child.stderr.on('data', (d) => (output += d));
		const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
		const watcher = raw(env.path);
		const backup = join(env.dir, 'backup.db');
		try {
			await until('two chunks of the load committed', () => {
				if (child.exitCode !== null) throw new Error(`the load ended before it was killed: ${output}`);
				return hiddenChunks(watcher) >= 2 * 58;
			});
			// An online backup in the middle of the load: a consistent snapshot, in one step.
			await watcher.backup(backup, { progress: () => 1 << 30 });
			expect(child.exitCode).toBeNull();
			expect(child.kill('SIGKILL')).toBe(true);
			await exited;
			expect(child.signalCode).toBe('SIGKILL');

			expect(watcher.pragma('integrity_check', { simple: true })).toBe('ok');
			const hidden = listHiddenDatasets(watcher);
			expect(hidden).toHaveLength(1);
			expect(hidden[0]!.hidden).toMatch(/^loading /);
			expect(hiddenChunks(watcher)).toBeGreaterThan(0);
			// Nobody sees it: the published datasets and waves are those before the load.
			expect(listDatasets(watcher).map((d) => [d.wave, d.rows])).toEqual([['2024', 3000]]);
			expect(listSurveyWaves(watcher)).toEqual(['2024']);

			// The next ingestion removes it first, then loads.
			const small = join(env.dir, 'small.csv');
			const WAVE = colIndex('wave');
			writeFileSync(small, csv(HEADER, GOOD().map((r) => r.map((c, i) => (i === WAVE ? '2030' : c)))));
			success(await loadSurvey(watcher, small, { wave: '2030' }));
			expect(listHiddenDatasets(watcher)).toEqual([]);
			expect(counts(watcher)).toMatchObject({ datasets: before.datasets + 1, respondents: before.respondents + 3 });
		} finally {
			if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
			watcher.close();
		}

		// The backup holds the load as it was: hidden, and removed when the copy is opened.
		const copy = raw(backup);
		try {
			expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
			expect(listHiddenDatasets(copy)).toHaveLength(1);
			expect(listDatasets(copy).map((d) => d.wave)).toEqual(['2024']);
		} finally {
			copy.close();
		}
		const opened = openDb(backup);
		try {
			expect(listHiddenDatasets(opened)).toEqual([]);
			expect(counts(opened)).toEqual(before);
			expect(opened.pragma('integrity_check', { simple: true })).toBe('ok');
		} finally {
			opened.close();
		}
	}, 180_000);

	test('other writers (a session, a setting) never wait for the whole load: each is written while the load is still running', async () => {
		const db = env.db;
		const now = new Date().toISOString();
		const userId = Number(db.prepare(`INSERT INTO users (email, role, password_hash, created_at, updated_at)
			VALUES ('during@x.test', 'viewer', 'x', ?, ?)`).run(now, now).lastInsertRowid);
		// Wave 2030 again (the file's), replacing what the test above left, if anything.
		const load = ingestInWorker({ dbPath: env.path, file: big, scratchPath: null, options: { wave: '2030', replace: true } });
		let finished = false;
		void load.finally(() => (finished = true));
		await until('a chunk of the load committed', () => {
			if (finished) throw new Error('the load ended before any chunk was seen');
			return hiddenChunks(db) >= 58;
		});
		const waits: number[] = [];
		for (let k = 0; k < 5; k++) {
			const t0 = performance.now();
			setSetting(db, 'test.during_load', k, 'test');
			insertSession(db, { id_hash: `during-${k}`, user_id: userId, created_at: 'now', last_seen_at: 'now', expires_at: '2999-01-01T00:00:00Z' });
			waits.push(performance.now() - t0);
			expect(finished).toBe(false);
			expect(listHiddenDatasets(db)).toHaveLength(1); // the load is still under way
			await new Promise((r) => setTimeout(r, 100));
		}
		expect(getSetting(db, 'test.during_load')).toBe(4);
		// Each waited for one chunk's transaction at most: far below the 5 s busy timeout.
		expect(Math.max(...waits)).toBeLessThan(2000);
		const r = success(await load);
		expect(r.rows).toBe(250_000);
		expect(getDataset(db, r.dataset_id!)?.rows).toBe(250_000);
		expect(listHiddenDatasets(db)).toEqual([]);
	}, 180_000);
});
