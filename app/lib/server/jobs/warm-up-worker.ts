/**
 * The body of the cache warm-up's worker thread. warm-up.ts (or, under `vigie serve`,
 * warm-up-early.ts, before the server loads) starts one and keeps it, idle between runs, for the life of the process: each change of the data is a new run
 * (`run`), computed by code the thread has already loaded and compiled, which a new thread would
 * load and compile again (the first view of a run took twice as long in a new thread).
 * A run computes the steps of warm-up-steps.ts from the thread's own read-only connection to the
 * database, with the same code as the pages, and sends the server's thread, after each step,
 * every value that step kept in this thread's cache (cache.ts `recordKept`) with the page the
 * step was for. The server's thread keeps them if its database is still at the version it asked
 * the run for. Between steps the thread reads what the server's thread sent meanwhile: a page a
 * reader is waiting for is computed next (`first`); a run that is no longer wanted ends (`stop`,
 * or a newer `run`).
 */
import Database from 'better-sqlite3';
import { parentPort, receiveMessageOnPort } from 'node:worker_threads';
import type { Db } from '../../../../db/connection';
import { clearCache, recordKept, type KeptEntry } from '../cache/cache';
import { warmSteps } from './warm-up-steps';

/** From the server's thread. */
export type WarmUpRequest =
	/** Compute the database at `path` as it is now (the thread opens it at its first run: it may start before the database exists). */
	| { type: 'run'; run: number; path: string }
	/** A reader waits for this page (`path|locale`) of the current run: its step goes next. */
	| { type: 'first'; run: number; page: string }
	| { type: 'stop'; run: number };
export type WarmUpMessage =
	| { type: 'step'; run: number; page: string | null; locale: string | null; entries: KeptEntry[] }
	| { type: 'failed'; run: number; page: string | null; locale: string | null; message: string }
	| { type: 'done'; run: number; ms: number; stopped: boolean };

const port = parentPort!;
let db: Db | null = null;

function connection(path: string): Db {
	if (db?.name === path) return db;
	db?.close();
	// Read-only: a write here would be a change of the data for the server's thread, which would drop what this computed.
	db = new Database(path, { readonly: true, fileMustExist: true }) as unknown as Db;
	db.pragma('busy_timeout = 5000');
	return db;
}

let kept: KeptEntry[] = [];
recordKept((entry) => kept.push(entry));

/** The run asked for after the current one (a newer version of the data), if any. */
let next: { run: number; path: string } | null = null;
/** Pages readers wait for, by run: a run's requests may come while the one before it is still computing. */
const asked = new Map<number, string[]>();

function execute(id: number, path: string): void {
	const t0 = performance.now();
	const db = connection(path);
	const steps = warmSteps(db);
	let stopped = false;
	/** Reads the server thread's messages: pages to compute next (in the order asked), a stop, a newer run. */
	const read = (at: number) => {
		for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
			const r = m.message as WarmUpRequest;
			if (r.type === 'run') { next = r; stopped = true; }
			else if (r.type === 'stop' && r.run === id) stopped = true;
			else if (r.type === 'first') asked.set(r.run, [...(asked.get(r.run) ?? []), r.page]);
		}
		let to = at;
		for (const page of asked.get(id) ?? []) {
			const found = steps.findIndex((s, i) => i >= to && s.page !== null && `${s.page}|${s.locale}` === page);
			if (found < 0) continue;
			if (found > to) steps.splice(to, 0, ...steps.splice(found, 1));
			to++;
		}
		asked.delete(id);
	};
	for (let i = 0; i < steps.length; i++) {
		read(i);
		if (stopped) break;
		const step = steps[i]!;
		kept = [];
		try {
			step.run();
			port.postMessage({ type: 'step', run: id, page: step.page, locale: step.locale, entries: kept } satisfies WarmUpMessage);
		} catch (err) {
			// A view a page would refuse (a wave its file cannot give) is the page's to report, not the warm-up's.
			const message = err instanceof Error ? err.message : ((err as { body?: { message?: string } }).body?.message ?? String(err));
			port.postMessage({ type: 'failed', run: id, page: step.page, locale: step.locale, message } satisfies WarmUpMessage);
		}
	}
	kept = [];
	for (const r of asked.keys()) if (r <= id) asked.delete(r);
	// The server's thread has every value: this thread's copies would only hold memory until the next run.
	clearCache();
	port.postMessage({ type: 'done', run: id, ms: Math.round(performance.now() - t0), stopped } satisfies WarmUpMessage);
}

port.on('message', (m: WarmUpRequest) => {
	if (m.type !== 'run') return; // a late `first` or `stop` of a run already over
	next = m;
	while (next !== null) {
		const { run, path } = next;
		next = null;
		execute(run, path);
	}
});
