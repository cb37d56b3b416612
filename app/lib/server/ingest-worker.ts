/**
 * The body of the ingestion worker thread (bin/ingest-worker.js): loads or checks one survey file
 * with the same code as the command line, on a database connection of its own, and posts its
 * progress and result (or the error that stopped it) to the server thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDb } from '../../../db/connection';
import { dryRunSurvey, ingestSurvey } from './ingest';
import type { IngestJob, WorkerMessage } from './ingest-in-worker';

const job = workerData as IngestJob;
const post = (m: WorkerMessage) => parentPort!.postMessage(m);
let last = 0;
const onProgress = (bytes: number, total: number) => {
	// A message per percent at most.
	if (bytes < total && bytes - last < total / 100) return;
	last = bytes;
	post({ type: 'progress', bytes, total });
};
let db: ReturnType<typeof openDb> | undefined;
try {
	db = openDb(job.dbPath);
	const options = { ...job.options, onProgress };
	const result = job.scratchPath === null ? await ingestSurvey(db, job.file, options) : await dryRunSurvey(db, job.file, job.scratchPath, options);
	// The log now holds the dataset: copied into the database here, not by the server's thread
	// (which never checkpoints, see db.ts). Passive: readers are not waited for.
	if (job.scratchPath === null) db.pragma('wal_checkpoint(PASSIVE)');
	post({ type: 'result', result });
} catch (err) {
	const e = err as Error & { code?: string };
	post({ type: 'error', name: e.name, message: e.message, stack: e.stack, code: e.code });
} finally {
	db?.close();
}
