import { statSync } from 'node:fs';
import type { Db } from '../../../../db/connection';
import { ignoreChanges } from '../cache/cache';

/** How long a bookkeeping write may wait: a session's "last seen" a few seconds late changes nothing. */
export const FLUSH_MS = 5_000;

const pending = new Map<Db, Map<string, (db: Db) => void>>();
let timer: ReturnType<typeof setTimeout> | null = null;
let exitHook = false;

/**
 * Bookkeeping (a session's or an API token's last use) written off the request: kept in memory,
 * the latest per `key`, and written a few seconds later in one transaction that never waits for
 * SQLite's write lock (busy timeout 0): while an ingestion holds it, the writes wait for the next
 * flush, and no reader's request ever waits. These writes do not count as a change of the data
 * (`ignoreChanges`): the cached pages stay. Whatever is pending is written when the process exits.
 */
export function writeLater(db: Db, key: string, write: (db: Db) => void): void {
	let forDb = pending.get(db);
	if (!forDb) pending.set(db, (forDb = new Map()));
	forDb.set(key, write);
	timer ??= setTimeout(flushLater, FLUSH_MS).unref();
	if (!exitHook) {
		exitHook = true;
		process.once('exit', () => {
			for (const d of pending.keys()) if (d.open) flushDeferredWrites(d, { wait: true });
		});
	}
}

/** A log this small is copied into the database in a few milliseconds. */
const SMALL_WAL_BYTES = 8 * 1024 * 1024;

function flushLater(): void {
	timer = null;
	for (const db of [...pending.keys()]) {
		if (!db.open) pending.delete(db);
		else if (!flushDeferredWrites(db)) timer ??= setTimeout(flushLater, FLUSH_MS).unref();
		else checkpointSmallLog(db);
	}
}

/**
 * The server's connection does not checkpoint on its own writes (db.ts); its bookkeeping would
 * otherwise grow the log for ever. A small log is checkpointed here, off the requests, without
 * waiting for readers; a large one is left to the next ingestion.
 */
function checkpointSmallLog(db: Db): void {
	if (db.memory) return;
	const size = statSync(`${db.name}-wal`, { throwIfNoEntry: false })?.size ?? 0;
	if (size > 0 && size < SMALL_WAL_BYTES && db.pragma('wal_autocheckpoint', { simple: true }) === 0) db.pragma('wal_checkpoint(PASSIVE)');
}

/**
 * Writes what is pending for `db` now. Without `wait`, gives up at once if another connection holds
 * the write lock (false: still pending); with it, waits as the connection's busy timeout says.
 */
export function flushDeferredWrites(db: Db, opts: { wait?: boolean } = {}): boolean {
	const forDb = pending.get(db);
	if (!forDb?.size) return true;
	const writes = [...forDb.values()];
	const busy = db.pragma('busy_timeout', { simple: true }) as number;
	if (!opts.wait) db.pragma('busy_timeout = 0');
	const before = changesOf(db);
	try {
		db.transaction(() => {
			for (const w of writes) w(db);
		}).immediate();
		forDb.clear();
		return true;
	} catch (err) {
		if ((err as { code?: string }).code === 'SQLITE_BUSY') return false;
		// Never the request's problem, nor a reason to stop the server: said, and dropped.
		process.stderr.write(`vigie: bookkeeping write failed: ${(err as Error).message}\n`);
		forDb.clear();
		return true;
	} finally {
		ignoreChanges(db, changesOf(db) - before);
		if (!opts.wait) db.pragma(`busy_timeout = ${busy}`);
	}
}

/** Pending writes for `db` under `key`, if any (tests; a session resolved before its touch is written). */
export function pendingWrite(db: Db, key: string): boolean {
	return pending.get(db)?.has(key) ?? false;
}

const changesOf = (db: Db) => db.prepare('SELECT total_changes()').pluck().get() as number;

/**
 * A write done now that changes nothing a dashboard page shows (a session started or ended, an
 * audit entry, a failed sign-in counted): not counted as a change of the data, so that signing
 * in does not empty the cache of every reader's pages, nor discard the warm-up running meanwhile.
 */
export function bookkeeping<T>(db: Db, write: () => T): T {
	const before = changesOf(db);
	try {
		return write();
	} finally {
		ignoreChanges(db, changesOf(db) - before);
	}
}
