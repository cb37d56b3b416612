/**
 * Loads and checks of uploaded files run in a worker thread (ingest-worker.ts), not on the
 * server's event loop: parsing and validating a large file takes seconds of CPU, and pages
 * rendered meanwhile would wait for every chunk of it. The worker runs the same code as the
 * command line (ingest.ts) with its own database connection; the load still holds SQLite's write
 * lock for its whole transaction, which readers in WAL mode never wait for.
 */
import { Worker } from 'node:worker_threads';
import type { SurveyIngestOptions } from '../../../ingest/survey/load-survey';
import type { IngestResult } from '../../../ingest/report';
import { clearFrameCache } from './survey-frame';
import { workerEntry } from './worker-entry';

/** What the worker is given: structured-cloneable options only (no callbacks, no connection). */
export interface IngestJob {
	dbPath: string;
	file: string;
	/** Null: load into the database; a path: check only, writing to that scratch database. */
	scratchPath: string | null;
	options: Omit<SurveyIngestOptions, 'onProgress' | 'lookup' | 'knownItems'>;
}

export type WorkerMessage =
	| { type: 'progress'; bytes: number; total: number }
	| { type: 'result'; result: IngestResult }
	| { type: 'error'; name: string; message: string; stack?: string; code?: string };

/**
 * Runs one load (or check) in a worker thread and settles with its result; an error thrown by the
 * ingestion is thrown here again, with its message and code. `onProgress` hears the bytes read.
 */
export function ingestInWorker(job: IngestJob, onProgress?: (bytes: number, total: number) => void): Promise<IngestResult> {
	return new Promise((ok, fail) => {
		const worker = new Worker(workerEntry('ingest-worker'), { workerData: job });
		let settled = false;
		const settle = (f: () => void) => {
			if (!settled) {
				settled = true;
				f();
			}
		};
		worker.on('message', (m: WorkerMessage) => {
			if (m.type === 'progress') onProgress?.(m.bytes, m.total);
			else if (m.type === 'result') {
				// The worker's frame cache is its own: this thread's forgets the replaced wave.
				if (m.result.ok && !m.result.dry_run) clearFrameCache();
				settle(() => ok(m.result));
			} else {
				const err = Object.assign(new Error(m.message), { name: m.name, code: m.code });
				if (m.stack) err.stack = m.stack;
				settle(() => fail(err));
			}
		});
		worker.on('error', (err) => settle(() => fail(err)));
		worker.on('exit', (code) => settle(() => fail(new Error(`The ingestion worker stopped (exit code ${code}) before it answered.`))));
	});
}
