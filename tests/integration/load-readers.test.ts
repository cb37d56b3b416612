/**
 * What a reader's request does to the database under load: nothing written, no
 * wait for the write lock. The data version that keys the caches, the bookkeeping written later,
 * and loads and checks of uploads run in a worker thread.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Db } from '../../db/connection';
import { getDataset } from '../../db/datasets';
import { tempDb } from '../helpers/temp-db';
import { csv, counts, GOOD, HEADER, REF, row, writeBigSurvey } from '../helpers/survey-csv';
import { dataVersion } from '../../app/lib/server/cache/cache';
import { flushDeferredWrites, pendingWrite } from '../../app/lib/server/auth/deferred-writes';
import { createSession, resolveSession } from '../../app/lib/server/auth/sessions';
import { createApiToken, resolveApiToken } from '../../app/lib/server/auth/tokens';
import { createAccount } from '../../app/lib/server/auth/accounts';
import { sha256 } from '../../app/lib/server/auth/secrets';
import { setSetting } from '../../db/settings';
import { ingestInWorker, type WorkerProgress } from '../../app/lib/server/jobs/ingest-in-worker';
import { listHiddenDatasets } from '../../db/hidden-datasets';

let t: ReturnType<typeof tempDb>;
let db: Db;
const admin = { name: 'admin@x.test', userId: null, ip: null };

beforeAll(() => {
	t = tempDb();
	db = t.db;
});
afterAll(() => t?.cleanup());

const changes = (d: Db) => d.prepare('SELECT total_changes()').pluck().get() as number;
const lastSeen = (id: string) => db.prepare('SELECT last_seen_at FROM sessions WHERE id_hash = ?').pluck().get(sha256(id)) as string;

async function viewer(email: string) {
	const r = await createAccount(db, admin, { email, role: 'viewer', password: 'long enough password' });
	if (!r.ok) throw new Error(r.problem);
	return r.user;
}

describe('the data version', () => {
	test('changes when another connection commits, and on this connection\'s own writes', () => {
		const v0 = dataVersion(db);
		expect(dataVersion(db)).toBe(v0);
		const other = new Database(t.path);
		setSetting(other, 'test.other', 1, 'test');
		other.close();
		const v1 = dataVersion(db);
		expect(v1).not.toBe(v0);
		setSetting(db, 'test.own', 2, 'test');
		expect(dataVersion(db)).not.toBe(v1);
	});
});

describe('a session or token in use', () => {
	test('resolving a session writes nothing; its touch is written later, and slides the idle limit meanwhile', async () => {
		const u = await viewer('touch@x.test');
		const t0 = Date.now() - 10 * 60_000;
		const s = createSession(db, u.id, t0);
		const before = changes(db), version = dataVersion(db);
		const now = t0 + 5 * 60_000;
		expect(resolveSession(db, s.id, now)?.user.email).toBe('touch@x.test');
		expect(changes(db)).toBe(before);
		expect(lastSeen(s.id)).toBe(new Date(t0).toISOString());
		expect(pendingWrite(db, `session:${sha256(s.id)}`)).toBe(true);
		expect(flushDeferredWrites(db)).toBe(true);
		expect(lastSeen(s.id)).toBe(new Date(now).toISOString());
		expect(pendingWrite(db, `session:${sha256(s.id)}`)).toBe(false);
		// Bookkeeping is no change of the data: the cached pages stay.
		expect(dataVersion(db)).toBe(version);
	});

	test('while another connection holds the write lock, the flush gives up at once and the touch waits for the next', async () => {
		const u = await viewer('locked@x.test');
		const t0 = Date.now() - 10 * 60_000;
		const s = createSession(db, u.id, t0);
		const now = t0 + 2 * 60_000;
		expect(resolveSession(db, s.id, now)).not.toBeNull();
		const writer = new Database(t.path);
		writer.pragma('busy_timeout = 0');
		writer.prepare('BEGIN IMMEDIATE').run();
		try {
			// The connection's busy timeout is 5 s: a flush that waited would not return before the lock is released.
			expect(flushDeferredWrites(db)).toBe(false);
			expect(pendingWrite(db, `session:${sha256(s.id)}`)).toBe(true);
			expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
			// The session is still resolved, with its pending touch.
			expect(resolveSession(db, s.id, now + 1000)).not.toBeNull();
		} finally {
			writer.prepare('ROLLBACK').run();
			writer.close();
		}
		expect(flushDeferredWrites(db)).toBe(true);
		expect(lastSeen(s.id)).toBe(new Date(now).toISOString());
	});

	test('a pending touch keeps a session alive past its stored expiry, never past the absolute limit', async () => {
		const u = await viewer('alive@x.test');
		const t0 = Date.parse('2031-01-01T00:00:00Z');
		const s = createSession(db, u.id, t0);
		const idle = 8 * 3600_000;
		expect(resolveSession(db, s.id, t0 + idle - 1000)).not.toBeNull(); // touch pending, not written
		expect(resolveSession(db, s.id, t0 + idle + 1000)).not.toBeNull(); // alive thanks to it
		expect(resolveSession(db, s.id, t0 + 2 * idle + 1000)).toBeNull();
		flushDeferredWrites(db);
	});

	test('an API token\'s last use is written later too', async () => {
		const u = await viewer('token-user@x.test');
		const { id, token } = createApiToken(db, u.id, 'script');
		const before = changes(db);
		expect(resolveApiToken(db, token)?.email).toBe('token-user@x.test');
		expect(changes(db)).toBe(before);
		expect(pendingWrite(db, `token:${id}`)).toBe(true);
		flushDeferredWrites(db);
		expect(db.prepare('SELECT last_used_at FROM api_tokens WHERE id = ?').pluck().get(id)).not.toBeNull();
	});
});

describe('loads and checks in a worker thread', () => {
	test('a load stores the dataset through the worker\'s own connection, and the version changes', async () => {
		const file = join(t.dir, 'good.csv');
		writeFileSync(file, csv(HEADER, GOOD().map((r) => row(0, {}).map((_, i) => (HEADER[i] === 'wave' ? '2031' : r[i]!)))));
		const version = dataVersion(db);
		const progress: WorkerProgress[] = [];
		const r = await ingestInWorker({ dbPath: t.path, file, scratchPath: null, options: { wave: '2031', fileName: 'good.csv', createdBy: 'test' } },
			(p) => progress.push(p));
		expect(r.ok).toBe(true);
		if (!r.ok) return;
		expect(r.rows).toBe(3);
		expect(getDataset(db, r.dataset_id!)?.wave).toBe('2031');
		// The last message: the whole file read, its 3 rows checked, no problem.
		expect(progress.at(-1)).toMatchObject({ rows: 3, errors: 0 });
		expect(progress.at(-1)!.bytes).toBe(progress.at(-1)!.total);
		expect(dataVersion(db)).not.toBe(version);
	});

	test('a check writes nothing to the database; a bad file is reported as from the command line', async () => {
		const file = join(t.dir, 'bad.csv');
		writeFileSync(file, csv(HEADER, [row(0, { wave: '2032' }), row(1, { wave: '2032', gender: 'banana' })]));
		const before = counts(db);
		const r = await ingestInWorker({ dbPath: t.path, file, scratchPath: join(t.dir, 'check.db'), options: { wave: '2032' } });
		expect(r.ok).toBe(false);
		if (r.ok) return;
		expect(r.errors[0]).toMatchObject({ line: 3, column: 'gender', value: 'banana' });
		expect(counts(db)).toEqual(before);
		const load = await ingestInWorker({ dbPath: t.path, file, scratchPath: null, options: { wave: '2032' } });
		expect(load.ok).toBe(false);
		expect(counts(db)).toEqual(before);
	});

	test('a check reports its rows checked and errors so far; a load stopped half way stores nothing', async () => {
		const bad = join(t.dir, 'many-bad.csv');
		writeBigSurvey(bad, 40_000, '2034');
		// Every 1,000th row has an unknown gender.
		const text = readFileSync(bad, 'utf8').split('\n').map((l, i) => (i > 0 && i % 1000 === 0 ? l.replace(/,(woman|man|non-binary|femme|homme|F|M|H),/, ',banana,') : l)).join('\n');
		writeFileSync(bad, text);
		const seen: WorkerProgress[] = [];
		const checked = await ingestInWorker({ dbPath: t.path, file: bad, scratchPath: join(t.dir, 'check2.db'), options: { wave: '2034' } }, (p) => seen.push(p));
		expect(checked.ok).toBe(false);
		expect(seen.at(-1)).toMatchObject({ rows: 40_000 });
		expect(seen.at(-1)!.errors).toBe(checked.ok ? 0 : checked.error_count);
		expect(seen.some((p) => p.rows > 0 && p.rows < 40_000)).toBe(true);

		const big = join(t.dir, 'stopped.csv');
		writeBigSurvey(big, 200_000, '2035');
		const before = counts(db);
		const stop = new AbortController();
		const load = ingestInWorker({ dbPath: t.path, file: big, scratchPath: null, options: { wave: '2035' } }, (p) => {
			if (p.rows > 20_000) stop.abort(new DOMException('stopped by the test', 'AbortError'));
		}, stop.signal);
		await expect(load).rejects.toThrow(/stopped by the test/);
		expect(counts(db)).toEqual(before);
		expect(listHiddenDatasets(db)).toEqual([]);
	}, 120_000);

	test('a missing file is reported; an error thrown in the worker comes back with its message', async () => {
		const r = await ingestInWorker({ dbPath: t.path, file: join(t.dir, 'missing.csv'), scratchPath: null, options: { wave: '2033' } });
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.errors[0]?.params).toMatchObject({ detail: 'ENOENT' });
		// A folder is no database: SQLite's own error, thrown again here.
		await expect(ingestInWorker({ dbPath: t.dir, file: REF, scratchPath: null, options: {} })).rejects.toThrow(/unable to open database|directory/i);
	});
});
