/**
 * The body of the backup worker thread (bin/backup-worker.js): one online backup of the database
 * into a new file, with the same code as `vigie backup` (db/backup.ts). Copying every page in one
 * step takes the time of reading the database; on the server's thread it would stop every page meanwhile.
 */
import { statSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { snapshotDatabase, summarizeFile } from '../../../../db/backup';
import type { BackupJob, BackupMessage } from './backup-download';

const job = workerData as BackupJob;
const post = (m: BackupMessage) => parentPort!.postMessage(m);
try {
	await snapshotDatabase(job.source, job.dest);
	post({ type: 'result', summary: { ...summarizeFile(job.dest), bytes: statSync(job.dest).size } });
} catch (err) {
	const e = err as Error & { code?: string };
	post({ type: 'error', message: e.message, code: e.code });
}
