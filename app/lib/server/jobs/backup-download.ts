/**
 * A backup downloaded from the administration pages: a fresh online backup (db/backup.ts) taken
 * in a worker thread into a hidden file beside the database, then streamed. The file is unlinked
 * as soon as it is open for reading, so that it leaves nothing behind, whether the download
 * finishes, is cancelled or the server stops.
 */
import { Worker } from 'node:worker_threads';
import { createReadStream, readdirSync, rmSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { sqliteFiles, tempBeside } from '../../../../db/backup';
import type { DatabaseSummary } from '../../../../db/summary';
import { workerEntry } from './worker-entry';

export interface BackupJob {
	source: string;
	dest: string;
}

export type BackupMessage = { type: 'result'; summary: DatabaseSummary } | { type: 'error'; message: string; code?: string };

const SUFFIX = 'download';
/** A download's file lives for seconds before it is unlinked: one older than this was left by a crash. */
const STALE_MS = 60 * 60 * 1000;

function backupInWorker(job: BackupJob): Promise<DatabaseSummary> {
	return new Promise((ok, fail) => {
		const worker = new Worker(workerEntry('backup-worker'), { workerData: job });
		let settled = false;
		const settle = (f: () => void) => {
			if (!settled) {
				settled = true;
				f();
			}
		};
		worker.on('message', (m: BackupMessage) => settle(() => (m.type === 'result' ? ok(m.summary) : fail(Object.assign(new Error(m.message), { code: m.code })))));
		worker.on('error', (err) => settle(() => fail(err)));
		worker.on('exit', (code) => settle(() => fail(new Error(`The backup worker stopped (exit code ${code}) before it answered.`))));
	});
}

/** Removes the files of downloads that a crash left beside the database. */
function removeStaleDownloads(database: string): void {
	const dir = dirname(database);
	const prefix = `.${basename(database)}.`;
	for (const name of readdirSync(dir)) {
		if (!name.startsWith(prefix) || !name.endsWith(`.${SUFFIX}`)) continue;
		const path = join(dir, name);
		if (Date.now() - (statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) > STALE_MS) rmSync(path, { force: true });
	}
}

/** The name a downloaded backup is saved under: the moment it was taken, in UTC (`vigie-backup-2025-05-03T14-02-09Z.db`). */
export function backupFileName(at: Date): string {
	return `vigie-backup-${at.toISOString().slice(0, 19).replace(/:/g, '-')}Z.db`;
}

/**
 * Takes a backup of the database at `database` and returns it as a stream, with its summary. The
 * stream reads a file already unlinked (on systems that cannot unlink an open file, it is removed
 * when the stream closes).
 */
export async function freshBackup(database: string): Promise<{ stream: ReadableStream<Uint8Array>; summary: DatabaseSummary }> {
	removeStaleDownloads(database);
	const dest = tempBeside(database, SUFFIX);
	try {
		const summary = await backupInWorker({ source: database, dest });
		const handle = await open(dest, 'r');
		let removed = true;
		try {
			rmSync(dest);
		} catch {
			// Deliberate: where an open file cannot be removed (Windows), it is removed once the download closes it.
			removed = false;
		}
		const file = createReadStream(dest, { fd: handle, autoClose: true });
		if (!removed) file.once('close', () => rmSync(dest, { force: true }));
		return { stream: Readable.toWeb(file) as ReadableStream<Uint8Array>, summary };
	} catch (err) {
		for (const f of sqliteFiles(dest)) rmSync(f, { force: true });
		throw err;
	}
}
