/**
 * The server's one cache: everything computed from the database for a reader — a page's view, an
 * indicator's table, a publication pattern, a rendered page — kept in one least-recently-used
 * store bounded in entries and in approximate bytes, under a key made of what was asked (the
 * parsed parameters), the language, who may read it (suppression, or the reader's role and
 * account for a rendered page) and the version of the database.
 *
 * One invalidation rule: every entry was computed from one version of the database
 * (`dataVersion`); when the version changes (a wave loaded or deleted, the catalog, the rules or
 * the settings changed, by this process or another), every entry goes. This process's bookkeeping
 * (sessions, audit entries, sign-in failures: `bookkeeping` in auth/deferred-writes.ts) is not a
 * change: a sign-in must not empty every reader's pages. The survey frames (a
 * wave's columns as the engine reads them) are the exception, because they are copies of stored
 * data rather than results: they are kept by dataset id and SHA-256 (a replaced dataset has
 * another key) in their own memory-bounded store, and go when their dataset is deleted.
 */
import { LRUCache } from 'lru-cache';
import type { Db } from '../../../../db/connection';
import { listDatasets } from '../../../../db/datasets';
import { approximateBytes } from './bytes';

const statements = new WeakMap<Db, { version: { get(): unknown }; changes: { get(): unknown } }>();
/** Per connection, its own writes that change nothing shown (bookkeeping, see deferred-writes.ts). */
const ignored = new WeakMap<Db, number>();

/** Writes of this connection that must not count as a change of the data. */
export function ignoreChanges(db: Db, n: number): void {
	ignored.set(db, (ignored.get(db) ?? 0) + n);
}

/**
 * A value that changes whenever the database's content may have changed: SQLite's `data_version`
 * (bumped by commits of any other connection, in this process or another: an ingestion, the
 * command line, an upload's worker) and this connection's own `total_changes()` (its own writes:
 * catalog, settings, datasets deleted), less its bookkeeping writes. Two statements, a few
 * microseconds: cheap enough to ask on every request.
 */
export function dataVersion(db: Db): string {
	let s = statements.get(db);
	if (!s) {
		s = { version: db.prepare('PRAGMA data_version').pluck(), changes: db.prepare('SELECT total_changes()').pluck() };
		statements.set(db, s);
	}
	return `${db.name}#${s.version.get()}:${(s.changes.get() as number) - (ignored.get(db) ?? 0)}`;
}

export interface CacheKey {
	/** What is kept: a page's view (`overview`, `portrait`…), an indicator's `table`, a rendered `page`… */
	kind: string;
	/** The parsed parameters the value is computed from, in a fixed order (JSON-serialisable). */
	params: unknown;
	/** The reader's language, or null when the value is the same in every language. */
	locale: string | null;
	/**
	 * Who may read the value: `public` (suppressed values removed), `unsuppressed` (an analyst's
	 * view with suppressed values), or a rendered page's reader (role and account). Required, so
	 * that no key can forget it: a viewer must never be given an analyst's unsuppressed value.
	 */
	audience: string;
}

/** The audience of a value computed with or without suppression. */
export const audienceOf = (suppress: boolean): 'public' | 'unsuppressed' => (suppress ? 'public' : 'unsuppressed');

interface Entry {
	value: unknown;
	bytes: number;
}

const MB = 1024 * 1024;
const limits = {
	entries: Number(process.env.VIGIE_CACHE_ENTRIES) || 4000,
	bytes: (Number(process.env.VIGIE_CACHE_MB) || 256) * MB,
	frameBytes: (Number(process.env.VIGIE_FRAME_CACHE_MB) || 512) * MB
};
/** What a value being computed counts for until it is known. */
const PENDING_BYTES = 1024;

function newStore(entries: number, bytes: number): LRUCache<string, Entry> {
	// One entry may take at most half the store: a huge one would otherwise empty it.
	return new LRUCache<string, Entry>({ max: entries, maxSize: bytes, maxEntrySize: bytes / 2, sizeCalculation: (e) => Math.max(1, e.bytes) });
}

let store = newStore(limits.entries, limits.bytes);
let frames = newStore(64, limits.frameBytes);
let version = '';

/** Empties the store when the database changed since the entries were computed (the one rule). */
function current(db: Db): void {
	const now = dataVersion(db);
	if (now === version) return;
	version = now;
	store.clear();
	pruneFrames(db);
}

/** Frames of datasets that no longer exist (deleted, or replaced by another file) go. */
function pruneFrames(db: Db): void {
	if (frames.size === 0) return;
	const live = new Set(listDatasets(db).map((d) => frameId(db, d.id, d.sha256)));
	for (const key of [...frames.keys()]) if (!live.has(key.slice(0, key.lastIndexOf('|')))) frames.delete(key);
}

const keyOf = (k: CacheKey) => JSON.stringify([k.kind, k.params, k.locale, k.audience]);

/**
 * The value kept under `key` for this version of the database, or `compute()`'s, kept.
 * Callers must not modify what they get: the next reader gets the same object.
 */
export function cached<T>(db: Db, key: CacheKey, compute: () => T): T {
	current(db);
	const k = keyOf(key);
	const hit = store.get(k);
	if (hit) return hit.value as T;
	const value = compute();
	// Not kept when the database changed meanwhile (another process's commit): it may mix both versions.
	if (dataVersion(db) === version) {
		const bytes = approximateBytes(value);
		store.set(k, { value, bytes });
		recorder?.([k, value, bytes]);
	}
	return value;
}

/**
 * A value kept by `cached`, as `primeCache` takes it: the entry's whole key, the value and its
 * size (measured where it was computed: walking a view again would take the receiving thread's time).
 */
export type KeptEntry = [key: string, value: unknown, bytes: number];
let recorder: ((entry: KeptEntry) => void) | null = null;

/**
 * Calls `record` with every value `cached` keeps from now on (null: no more). The cache warm-up's
 * worker thread sends them to the server's thread this way (warm-up-worker.ts).
 */
export function recordKept(record: ((entry: KeptEntry) => void) | null): void {
	recorder = record;
}

/**
 * Values computed elsewhere (the warm-up's worker thread, from its own connection to this
 * database) kept as if `cached` had computed them here, when the database is still at `since`:
 * the version this thread saw before the other began to read. A commit since then (which
 * changes the version) may be in them or not, so they are dropped, as `cached` drops a value
 * computed across a change. A value already kept stays (a request computed it meanwhile).
 */
export function primeCache(db: Db, since: string, entries: KeptEntry[]): boolean {
	current(db);
	if (version !== since) return false;
	for (const [k, value, bytes] of entries) if (!store.has(k)) store.set(k, { value, bytes });
	return true;
}

/**
 * `cached` for a value computed asynchronously (a rendered page): readers asking while it is
 * computed wait for it rather than computing it again. A value `keep` refuses (a page that set a
 * cookie, an error page) is not kept: each reader then computes their own. `fresh` says whether
 * this reader's value was computed for them. `bytes` measures a kept value.
 */
export async function cachedAsync<T>(db: Db, key: CacheKey, compute: () => Promise<T>,
	opts: { keep: (value: T) => boolean; bytes: (value: T) => number }): Promise<{ value: T; fresh: boolean }> {
	current(db);
	const k = keyOf(key);
	const hit = store.get(k);
	if (hit) {
		const value = await (hit.value as Promise<T>);
		return opts.keep(value) ? { value, fresh: false } : { value: await compute(), fresh: true };
	}
	const pending = compute();
	store.set(k, { value: pending, bytes: PENDING_BYTES });
	const mine = () => store.peek(k)?.value === pending;
	try {
		const value = await pending;
		// Not when the database changed meanwhile (the store was emptied): the value may predate the change.
		if (mine()) {
			if (opts.keep(value)) store.set(k, { value: pending, bytes: opts.bytes(value) });
			else store.delete(k);
		}
		return { value, fresh: true };
	} catch (err) {
		if (mine()) store.delete(k);
		throw err;
	}
}

const frameId = (db: Db, datasetId: number, sha256: string) => `${db.name}#${datasetId}:${sha256}`;

/**
 * A dataset's frame (`variant`: which columns), read once and kept while the dataset exists,
 * whatever else changes in the database; the least recently used go first past the memory bound.
 */
export function cachedFrame<T>(db: Db, ds: { id: number; sha256: string }, variant: string, read: () => T): T {
	current(db);
	const k = `${frameId(db, ds.id, ds.sha256)}|${variant}`;
	const hit = frames.get(k);
	if (hit) return hit.value as T;
	const value = read();
	frames.set(k, { value, bytes: approximateBytes(value) });
	return value;
}

/** Entries and approximate bytes held (operators' health check, tests). */
export function cacheStats(): { entries: number; bytes: number; frames: number; frameBytes: number } {
	return { entries: store.size, bytes: store.calculatedSize, frames: frames.size, frameBytes: frames.calculatedSize };
}

/** Forgets everything, frames included (benchmarks measure cold reads; tests start clean). */
export function clearCache(): void {
	store.clear();
	frames.clear();
	version = '';
}

/** New limits, everything forgotten (tests of the limits). */
export function setCacheLimits(next: Partial<typeof limits>): void {
	Object.assign(limits, next);
	store = newStore(limits.entries, limits.bytes);
	frames = newStore(64, limits.frameBytes);
	version = '';
}
