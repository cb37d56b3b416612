/**
 * Loads and checks of uploaded files run in a worker thread (ingest-worker.ts), not on the
 * server's event loop: parsing and validating a large file takes seconds of CPU, and pages
 * rendered meanwhile would wait for every chunk of it. The worker runs the same code as the
 * command line (ingest.ts) with its own database connection; it commits a chunk of rows at a time
 * into a hidden dataset (db/hidden-datasets.ts), so the server's own writes (sign-ins, settings)
 * wait a fraction of a second at most, and readers in WAL mode never wait.
 */
import { Worker } from 'node:worker_threads';
import type { SurveyIngestOptions } from '../../../../ingest/survey/load-survey';
import type { IngestResult } from '../../../../ingest/report';
import { workerEntry } from './worker-entry';

/** What the worker is given: structured-cloneable options only (no callbacks, no connection). */
export interface IngestJob {
	dbPath: string;
	file: string;
	/** Null: load into the database; a path: check only, writing to that scratch database. */
	scratchPath: string | null;
	options: Omit<SurveyIngestOptions, 'onProgress' | 'lookup' | 'knownItems' | 'signal'>;
}

/** What the worker tells: progress (bytes read of the file's size, rows checked, problems found), then one of the others. */
export type WorkerMessage =
	| { type: 'progress'; bytes: number; total: number; rows: number; errors: number }
	| { type: 'result'; result: IngestResult }
	| { type: 'cancelled' }
	| { type: 'error'; name: string; message: string; stack?: string; code?: string };

/** What the worker is told while it runs. */
export type ToWorker = { type: 'cancel' };

export interface WorkerProgress {
	bytes: number;
	total: number;
	rows: number;
	errors: number;
}

/**
 * Runs one load (or check) in a worker thread and settles with its result; an error thrown by the
 * ingestion is thrown here again, with its message and code. `onProgress` hears the worker's
 * progress. Aborting `signal` stops the worker's load, which removes what it wrote: the promise
 * then rejects with an AbortError.
 */
export function ingestInWorker(job: IngestJob, onProgress?: (p: WorkerProgress) => void, signal?: AbortSignal): Promise<IngestResult> {
	return new Promise((ok, fail) => {
		if (signal?.aborted) return fail(signal.reason);
		const worker = new Worker(workerEntry('ingest-worker'), { workerData: job });
		let settled = false;
		const cancel = () => worker.postMessage({ type: 'cancel' } satisfies ToWorker);
		signal?.addEventListener('abort', cancel, { once: true });
		const settle = (f: () => void) => {
			signal?.removeEventListener('abort', cancel);
			if (!settled) {
				settled = true;
				f();
			}
		};
		worker.on('message', (m: WorkerMessage) => {
			if (m.type === 'progress') onProgress?.({ bytes: m.bytes, total: m.total, rows: m.rows, errors: m.errors });
			else if (m.type === 'result') {
				settle(() => ok(m.result));
			} else if (m.type === 'cancelled') settle(() => fail(signal?.reason ?? new DOMException('The load was cancelled.', 'AbortError')));
			else {
				const err = Object.assign(new Error(m.message), { name: m.name, code: m.code });
				if (m.stack) err.stack = m.stack;
				settle(() => fail(err));
			}
		});
		worker.on('error', (err) => settle(() => fail(err)));
		worker.on('exit', (code) => settle(() => fail(new Error(`The ingestion worker stopped (exit code ${code}) before it answered.`))));
	});
}
