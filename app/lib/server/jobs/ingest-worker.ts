/**
 * The body of the ingestion worker thread (bin/ingest-worker.js): loads or checks one survey file
 * with the same code as the command line, on a database connection of its own, and posts its
 * progress (bytes read, rows checked, problems found) and result (or the error that stopped it)
 * to the server thread. A `cancel` message stops the load between two pieces of the file: what
 * it wrote is removed and `cancelled` is posted.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDb } from '../../../../db/connection';
import type { LoadCounts } from '../../../../ingest/survey/load-survey';
import { dryRunSurvey, ingestSurvey } from '../ingestion/ingest';
import type { IngestJob, ToWorker, WorkerMessage } from './ingest-in-worker';

const job = workerData as IngestJob;
const post = (m: WorkerMessage) => parentPort!.postMessage(m);
const stop = new AbortController();
const onMessage = (m: ToWorker) => {
	if (m.type === 'cancel') stop.abort(new DOMException('The load was cancelled.', 'AbortError'));
};
parentPort!.on('message', onMessage);
let last = 0;
const onProgress = (bytes: number, total: number, counts: LoadCounts) => {
	// A message per percent at most.
	if (bytes < total && bytes - last < total / 100) return;
	last = bytes;
	post({ type: 'progress', bytes, total, rows: counts.rows, errors: counts.errors });
};
let db: ReturnType<typeof openDb> | undefined;
try {
	db = openDb(job.dbPath);
	const options = { ...job.options, onProgress, signal: stop.signal };
	// The load copies what it wrote from the log into the database itself (load-survey.ts), not
	// the server's thread, which never checkpoints (db.ts).
	const result = job.scratchPath === null ? await ingestSurvey(db, job.file, options) : await dryRunSurvey(db, job.file, job.scratchPath, options);
	post({ type: 'result', result });
} catch (err) {
	if (stop.signal.aborted) post({ type: 'cancelled' });
	else {
		const e = err as Error & { code?: string };
		post({ type: 'error', name: e.name, message: e.message, stack: e.stack, code: e.code });
	}
} finally {
	db?.close();
	// Nothing left to listen for: the thread ends.
	parentPort!.off('message', onMessage);
}
