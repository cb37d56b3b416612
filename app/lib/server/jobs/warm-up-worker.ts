/**
 * The body of the cache warm-up's worker thread (warm-up.ts starts one per version of the data):
 * computes the steps of warm-up-steps.ts from its own read-only connection to the database, with
 * the same code as the pages, and sends the server's thread, after each step, every value that
 * step kept in this thread's cache (cache.ts `recordKept`) with the page the step was for. The
 * server's thread keeps them if its database is still at the version it started this worker at.
 * A page a reader is waiting for is computed next (`WarmUpRequest`).
 */
import Database from 'better-sqlite3';
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import type { Db } from '../../../../db/connection';
import { recordKept, type KeptEntry } from '../cache/cache';
import { warmSteps } from './warm-up-steps';

export interface WarmUpInput { path: string }
/** From the server's thread: a reader waits for this page (`path|locale`); its step goes next. */
export interface WarmUpRequest { type: 'first'; page: string }
export type WarmUpMessage =
	| { type: 'step'; page: string | null; locale: string | null; entries: KeptEntry[] }
	| { type: 'failed'; page: string | null; locale: string | null; message: string }
	| { type: 'done'; ms: number };

const port = parentPort!;
const { path } = workerData as WarmUpInput;
// Read-only: a write here would be a change of the data for the server's thread, which would drop what this computed.
const db = new Database(path, { readonly: true, fileMustExist: true }) as unknown as Db;
db.pragma('busy_timeout = 5000');

let kept: KeptEntry[] = [];
recordKept((key, value) => kept.push([key, value]));

const t0 = performance.now();
const steps = warmSteps(db);
/** Moves the steps of the pages readers wait for ahead of the others (read between steps: each step runs to its end). */
function waitedFirst(next: number): void {
	let to = next; // in the order they were asked for
	for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
		const asked = (m.message as WarmUpRequest).page;
		const at = steps.findIndex((s, i) => i >= to && s.page !== null && `${s.page}|${s.locale}` === asked);
		if (at < 0) continue;
		if (at > to) steps.splice(to, 0, ...steps.splice(at, 1));
		to++;
	}
}
for (let i = 0; i < steps.length; i++) {
	waitedFirst(i);
	const step = steps[i]!;
	kept = [];
	try {
		step.run();
		port.postMessage({ type: 'step', page: step.page, locale: step.locale, entries: kept } satisfies WarmUpMessage);
	} catch (err) {
		// A view a page would refuse (a wave its file cannot give) is the page's to report, not the warm-up's.
		const message = err instanceof Error ? err.message : ((err as { body?: { message?: string } }).body?.message ?? String(err));
		port.postMessage({ type: 'failed', page: step.page, locale: step.locale, message } satisfies WarmUpMessage);
	}
}
port.postMessage({ type: 'done', ms: Math.round(performance.now() - t0) } satisfies WarmUpMessage);
db.close();
