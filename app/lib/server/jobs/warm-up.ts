/**
 * Fills the cache (cache.ts) with the dashboard's default views after the server starts and
 * whenever the data changes (a wave loaded or deleted by this server or another process, the
 * catalog or the rules edited), so that the first reader of a page after either does not wait
 * for the tabulation. The computing is done by a worker thread (warm-up-worker.ts, the steps of
 * warm-up-steps.ts), started once and asked for a run per version of the data, which sends each
 * step's values back: the server's thread only keeps them, and answers requests meanwhile. A
 * request for a page the running warm-up will compute waits for that step (`warmedPage`) instead
 * of computing it too, and has it computed next; it also starts a run at once when the data
 * changed since the last one. Under `vigie serve` the thread and its first run were started
 * before the dashboard's code loaded (warm-up-early.ts): the dashboard takes them over.
 */
import { Worker } from 'node:worker_threads';
import type { Db } from '../../../../db/connection';
import { dataVersion, primeCache } from '../cache/cache';
import { workerEntry } from './worker-entry';
import type { WarmUpMessage, WarmUpRequest } from './warm-up-worker';
import { takeEarlyWarmUp, type EarlyWarmUp } from './warm-up-early';
import { warmSteps } from './warm-up-steps';

/** How often the data version is looked at (two SQLite statements): a change by another process shows within this. */
const CHECK_MS = 2000;
/** The longest a request waits for the warm-up's step of its page before computing it itself. */
const PAGE_WAIT_MS = 15_000;

interface Run {
	id: number;
	version: string;
	worker: Worker;
	/** Pages (`path|locale`) the run will compute and has not sent yet, each with what its readers wait on. */
	waiting: Map<string, { promise: Promise<void>; settle: () => void; asked?: boolean }>;
	done: Promise<void>;
	/** Ends the run on this side: its waiters are released, its later messages ignored. */
	end: () => void;
}

let warmedFor = '';
let run: Run | null = null;
let runs = 0;
const whenWarm: (() => void)[] = [];
/** The warm-up's thread, kept between runs (warm-up-worker.ts says why); null until the first run, or after it died. */
let thread: { worker: Worker; listeners: Map<number, (m: WarmUpMessage) => void>; deliver: (m: WarmUpMessage) => void } | null = null;

const pageKey = (page: string, locale: string) => `${page}|${locale}`;

function settle(r: Run, page: string | null, locale: string | null): void {
	if (!page || !locale) return;
	const k = pageKey(page, locale);
	r.waiting.get(k)?.settle();
	r.waiting.delete(k);
}

function waiter(): { promise: Promise<void>; settle: () => void } {
	let settle = () => {};
	const promise = new Promise<void>((ok) => (settle = ok));
	return { promise, settle };
}

/** The warm-up's thread: the one `vigie serve` started before the dashboard loaded (warm-up-early.ts), else one started on first use. */
function warmUpThread(early: EarlyWarmUp | null = null): NonNullable<typeof thread> {
	if (thread) return thread;
	const worker = early?.worker ?? new Worker(workerEntry('warm-up-worker'));
	// Idle or not, the warm-up never keeps a process alive (a test run, a server stopping).
	worker.unref();
	const listeners = new Map<number, (m: WarmUpMessage) => void>();
	const t = { worker, listeners, deliver: (m: WarmUpMessage) => listeners.get(m.run)?.(m) };
	// A thread started early sends its messages through `early.take` (adoptRun).
	if (!early) worker.on('message', t.deliver);
	worker.on('error', (err) => process.stderr.write(`cache warm-up: ${err.message}\n`));
	worker.on('exit', () => {
		if (thread === t) thread = null;
		// Its runs end with it; the next check starts a new thread.
		if (run && run.worker === worker) run.end();
	});
	thread = t;
	return t;
}

/** Asks the warm-up's thread to compute the data as it is now; its values are kept while the data stays at this version. */
function startRun(db: Db): Run {
	const t = warmUpThread();
	const r = newRun(db, t, ++runs, performance.now());
	t.worker.postMessage({ type: 'run', run: r.id, path: db.name } satisfies WarmUpRequest);
	return r;
}

/**
 * The run the thread started before the dashboard loaded computes for this server when the data
 * has not changed since it was asked for (its values are then this version's); the messages it
 * sent meanwhile are taken as if they came now. Null when there is no such run or the data
 * changed: the thread stops it and `keepCacheWarm` asks for a new one.
 */
function adoptRun(db: Db, early: EarlyWarmUp): Run | null {
	const t = warmUpThread(early);
	// Synchronous from here to the replay: no message can come between the two.
	const before = early.take(t.deliver);
	const e = early.run;
	const usable = e !== null && e.unchanged();
	e?.release();
	if (!e) return null;
	runs = Math.max(runs, e.id);
	if (!usable) {
		t.worker.postMessage({ type: 'stop', run: e.id } satisfies WarmUpRequest);
		return null;
	}
	const r = newRun(db, t, e.id, e.startedAt);
	for (const m of before) t.deliver(m);
	return r;
}

/** A run's bookkeeping on this side: the pages its readers may wait for, and what its messages do. */
function newRun(db: Db, t: NonNullable<typeof thread>, id: number, t0: number): Run {
	const version = dataVersion(db);
	// The pages it will compute, known here before the thread has even begun: their readers wait for it from now.
	const pages = warmSteps(db).flatMap((s) => (s.page && s.locale ? [pageKey(s.page, s.locale)] : []));
	let finished!: () => void;
	const r: Run = { id, version, worker: t.worker, waiting: new Map(), done: new Promise<void>((ok) => (finished = ok)), end: () => {} };
	for (const k of pages) r.waiting.set(k, waiter());
	r.end = () => {
		t.listeners.delete(id);
		for (const w of r.waiting.values()) w.settle();
		r.waiting.clear();
		if (run === r) run = null;
		finished();
	};
	const stale = () => dataVersion(db) !== version;
	t.listeners.set(id, (m) => {
		if (m.type === 'step') {
			settle(r, m.page, m.locale);
			// The data changed since the run began: what it computes may predate the change. It stops;
			// the next check asks for a run of the data as it is.
			if (!primeCache(db, version, m.entries)) {
				t.worker.postMessage({ type: 'stop', run: id } satisfies WarmUpRequest);
				r.end();
			}
			return;
		}
		if (m.type === 'failed') {
			process.stderr.write(`cache warm-up: ${m.message}\n`);
			settle(r, m.page, m.locale);
			return;
		}
		if (!m.stopped && !stale()) {
			warmedFor = version;
			process.stdout.write(`Cache warmed for the current data in ${Math.round(performance.now() - t0)} ms.\n`);
			for (const f of whenWarm.splice(0)) setImmediate(f);
		}
		r.end();
	});
	return r;
}

/** Starts a warm-up if the data changed since the last one and none runs; set by keepCacheWarm. */
let checkNow: (() => void) | null = null;
/** keepCacheWarm's periodic check. */
let checks: NodeJS.Timeout | null = null;

/** Warms now and after every change of the data, for as long as the process runs. */
export function keepCacheWarm(db: Db): void {
	const check = () => {
		if (run || dataVersion(db) === warmedFor) return;
		try {
			run = startRun(db);
		} catch (err) {
			// No worker (a build without it): the pages compute their views themselves, as without the warm-up.
			process.stderr.write(`cache warm-up: ${(err as Error).message}\n`);
		}
	};
	checkNow = check;
	const early = takeEarlyWarmUp();
	if (early?.alive()) run = adoptRun(db, early);
	else early?.run?.release();
	check();
	checks = setInterval(check, CHECK_MS);
	checks.unref();
}

/** Stops the checks, the current run and the thread (a test done with its database; a server stops with its process). */
export async function stopCacheWarm(): Promise<void> {
	if (checks) clearInterval(checks);
	checks = null;
	checkNow = null;
	run?.end();
	const t = thread;
	thread = null;
	await t?.worker.terminate();
}

/** Warms the cache once for the data as it is now; resolves when the worker has finished (tests, benchmarks). */
export async function warmCache(db: Db): Promise<void> {
	if (run) await run.done;
	if (dataVersion(db) === warmedFor) return;
	run = startRun(db);
	await run.done;
}

/**
 * Resolves when the running warm-up (if any) has computed the view of `page` (a path, no query)
 * in `locale`, or cannot (it failed, stopped, or the data changed): at once when no running
 * warm-up plans that page. A request then finds the view in the cache rather than computing it
 * a second time on the server's thread. Never waits longer than PAGE_WAIT_MS.
 */
export function warmedPage(page: string, locale: string): Promise<void> | null {
	// A change made by another process (a wave loaded from the command line) is otherwise seen by
	// the next periodic check, up to CHECK_MS later: the first readers after it would compute their
	// pages themselves, while the warm-up, once started, computes them again beside them.
	checkNow?.();
	const k = pageKey(page, locale);
	const w = run?.waiting.get(k);
	if (!w) return null;
	// The worker computes it next rather than in its turn (after every page before it in the list).
	if (!w.asked) {
		w.asked = true;
		run!.worker.postMessage({ type: 'first', run: run!.id, page: k } satisfies WarmUpRequest);
	}
	return Promise.race([w.promise, new Promise<void>((ok) => setTimeout(ok, PAGE_WAIT_MS).unref())]);
}

/** The warm-up thread's id, null when there is none (tests: one thread serves every run). */
export function warmUpThreadId(): number | null {
	return thread?.worker.threadId ?? null;
}

/** How many runs were asked of the warm-up's thread, the one taken over from `vigie serve` included (tests). */
export function warmUpRunCount(): number {
	return runs;
}

/** Runs `f` once the cache has been warmed for the data (soon after start; at once if it was). */
export function afterCacheWarm(f: () => void): void {
	if (warmedFor && !run) setImmediate(f);
	else whenWarm.push(f);
}
