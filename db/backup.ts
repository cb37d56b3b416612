/**
 * Backups with SQLite's online backup API: a consistent copy of what is committed, taken while
 * the server reads and an ingestion writes (in WAL mode the copy is one read transaction: it
 * neither waits for a writer nor makes one wait). The file is a plain single-file SQLite database.
 */
import Database from 'better-sqlite3';
import { closeSync, existsSync, fsyncSync, linkSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { summarizeDatabase, type DatabaseSummary } from './summary';

/** better-sqlite3's largest step: every page in one step, hence one read transaction. */
export const ALL_PAGES = 0x7fffffff;

export type BackupErrorCode = 'no_database' | 'exists' | 'is_folder' | 'no_folder' | 'same_as_database' | 'failed';

/** A backup that cannot be written as asked; nothing was written. `params` fill the message. */
export class BackupError extends Error {
	constructor(readonly code: BackupErrorCode, readonly params: Record<string, string>) {
		super(`${code}: ${JSON.stringify(params)}`);
	}
}

const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

/**
 * Copies the database at `sourcePath` into the new file `destPath`. All pages go in one step:
 * SQLite restarts a stepwise backup whenever another connection commits, so under an ingestion
 * that commits as it goes a stepwise copy might never end; one step reads one snapshot. The
 * copy leaves WAL mode (it is a single file, with no `-wal` beside it to lose).
 */
export async function snapshotDatabase(sourcePath: string, destPath: string): Promise<void> {
	const source = new Database(sourcePath, { readonly: true, fileMustExist: true });
	try {
		// A step that could not read the source (a connection recovering its log) copies nothing
		// and better-sqlite3 reports it as done with no pages: try again, briefly.
		for (let attempt = 0; ; attempt++) {
			const done = await source.backup(destPath, { progress: () => ALL_PAGES });
			if (done.totalPages > 0 && done.remainingPages === 0) break;
			if (attempt >= 50) throw Object.assign(new Error(`the database ${sourcePath} could not be read (busy, or empty)`), { code: 'SQLITE_BUSY' });
			await sleep(100);
		}
	} finally {
		source.close();
	}
	const copy = new Database(destPath);
	try {
		copy.pragma('journal_mode = DELETE');
	} finally {
		copy.close();
	}
}

/** The summary of a database file, opened read-only. */
export function summarizeFile(path: string): DatabaseSummary {
	const db = new Database(path, { readonly: true, fileMustExist: true });
	try {
		return summarizeDatabase(db);
	} finally {
		db.close();
	}
}

/** Flushes a file (or a folder's entries) to the disk. */
export function fsyncPath(path: string): void {
	let fd: number | undefined;
	try {
		fd = openSync(path, 'r');
		fsyncSync(fd);
	} catch (err) {
		// Some systems cannot open or flush a folder: the rename is then as durable as they make it.
		if (statSync(path).isFile()) throw err;
	} finally {
		if (fd !== undefined) closeSync(fd);
	}
}

/**
 * Gives the finished temporary file its name: over an existing file only with `force`, else with
 * a hard link that fails if the name was taken meanwhile (so two backups never overwrite each other).
 */
function place(tmp: string, target: string, force: boolean): void {
	if (force) renameSync(tmp, target);
	else {
		try {
			linkSync(tmp, target);
		} catch (err) {
			const code = (err as NodeJS.ErrnoException).code;
			if (code === 'EEXIST') throw new BackupError('exists', { path: target });
			// A file system without hard links: the check above stands.
			if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV') throw err;
			if (existsSync(target)) throw new BackupError('exists', { path: target });
			renameSync(tmp, target);
			return;
		}
		rmSync(tmp);
	}
	fsyncPath(dirname(target));
}

/** The paths a file beside `path` may have while SQLite uses it. */
export const sqliteFiles = (path: string) => [path, `${path}-journal`, `${path}-wal`, `${path}-shm`];

/** A temporary name beside `target`, hidden, that no other process picks. */
export function tempBeside(target: string, suffix: string): string {
	return join(dirname(target), `.${basename(target)}.${process.pid}-${randomBytes(4).toString('hex')}.${suffix}`);
}

/** A system or SQLite error about the files (disk full, no permission, damaged database), not a bug. */
export function isIoError(err: unknown): boolean {
	const code = (err as NodeJS.ErrnoException).code ?? '';
	return /^E[A-Z]+$/.test(code) || /^SQLITE_(FULL|IOERR|CANTOPEN|READONLY|CORRUPT|NOTADB|PERM|BUSY)/.test(code);
}

function checkTarget(sourcePath: string, target: string, force: boolean): void {
	if (sqliteFiles(sourcePath).includes(target)) throw new BackupError('same_as_database', { path: target });
	if (!existsSync(sourcePath)) throw new BackupError('no_database', { path: sourcePath });
	const st = statSync(target, { throwIfNoEntry: false });
	if (st?.isDirectory()) throw new BackupError('is_folder', { path: target });
	if (st && !force) throw new BackupError('exists', { path: target });
	if (!statSync(dirname(target), { throwIfNoEntry: false })?.isDirectory()) throw new BackupError('no_folder', { path: dirname(target) });
}

/**
 * `vigie backup FILE`: a consistent copy of the database at `sourcePath`, written to a temporary
 * file beside FILE, flushed to the disk, then renamed: FILE is either the whole backup or absent
 * (or, with `force`, the previous file). Refuses an existing FILE without `force`.
 */
export async function backupDatabase(sourcePath: string, file: string, opts: { force?: boolean } = {}): Promise<DatabaseSummary & { file: string }> {
	const source = resolve(sourcePath), target = resolve(file);
	checkTarget(source, target, opts.force ?? false);
	const tmp = tempBeside(target, 'part');
	try {
		await snapshotDatabase(source, tmp);
		const summary = { ...summarizeFile(tmp), bytes: statSync(tmp).size };
		fsyncPath(tmp);
		place(tmp, target, opts.force ?? false);
		return { file: target, ...summary };
	} catch (err) {
		if (err instanceof BackupError) throw err;
		if (isIoError(err)) throw new BackupError('failed', { path: target, detail: (err as Error).message });
		throw err;
	} finally {
		for (const f of sqliteFiles(tmp)) rmSync(f, { force: true });
	}
}
