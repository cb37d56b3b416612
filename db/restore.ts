/**
 * `vigie restore FILE`: the database becomes the backup FILE, all at once or not at all.
 *
 * 1. FILE is judged from its bytes (backup-file.ts), then copied beside the database; the copy,
 *    never FILE nor the database, is checked (`PRAGMA integrity_check`, foreign keys), identified
 *    as Vigie's by its migrations, migrated if older (refused if newer), rid of unfinished loads
 *    (unpublished.ts) and of sessions, and given the database's audit entries written since the
 *    backup and the entry of the restore itself.
 * 2. The copy replaces the database's content through SQLite's online backup API, in one write
 *    transaction on the database: every connection (a running server's, an upload's worker)
 *    sees the old content or the new, never a mix, and then the new one at its next read, since
 *    SQLite changes the schema cookie and `data_version`. No file is renamed under an open
 *    connection: a connection still holding the old file would keep writing to it through the
 *    `-wal` and `-shm` files that the new file then shares by name, which corrupts it.
 * 3. The write waits for no one: while a load is under way (its hidden dataset in the database)
 *    or another writer holds the write lock, the restore waits up to `waitMs`, then is refused
 *    and changes nothing.
 */
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { ALL_PAGES, isIoError, sqliteFiles, tempBeside } from './backup';
import { inspectBackupFile, pageSizeOf, RestoreRefused } from './backup-file';
import { NEW_PAGE_SIZE, openDb, type Db } from './connection';
import { migrate } from './migrate';
import { MIGRATIONS } from './migrations';
import { recordAudit } from './audit-log';
import { schemaVersion, summarizeDatabase, type DatabaseSummary } from './summary';
import { listUnpublishedDatasets, removeUnpublishedDatasets } from './unpublished';

export { RestoreRefused } from './backup-file';

export interface RestoreReport {
	file: string;
	database: string;
	/** The backup's schema version, and the database's after the restore. */
	from_version: number;
	schema_version: number;
	/** Datasets of loads unfinished when the backup was taken, removed. */
	removed_unfinished: number;
	summary: DatabaseSummary;
}

export interface RestoreOptions {
	/** How long to wait for a load or a write in progress before refusing; default 5 s. */
	waitMs?: number;
	/** Who restores, for the audit log (e.g. `cli:alice`). */
	actor: string;
}

const LATEST = MIGRATIONS.at(-1)!.version;
const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

/** Vigie's migrations recorded in the copy, checked by name: another program's `schema_migrations` is not ours. */
function checkSchema(db: Db, file: string): number {
	const version = schemaVersion(db);
	if (version === null) throw new RestoreRefused('not_vigie', { path: file });
	const rows = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all() as { version: number; name: string }[];
	const known = new Map(MIGRATIONS.map((m) => [m.version, m.name]));
	if (rows.some((r) => r.version <= LATEST && known.get(r.version) !== r.name)) throw new RestoreRefused('not_vigie', { path: file });
	if (version > LATEST) throw new RestoreRefused('newer_schema', { path: file, version, known: LATEST });
	return version;
}

function checkIntegrity(db: Db, file: string): void {
	const problems = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
	if (problems.length === 1 && problems[0] === 'ok') return;
	// One report may hold many lines under a "*** in database main ***" heading: the first three problems, on one line.
	const lines = problems.flatMap((p) => p.split('\n')).map((l) => l.trim()).filter((l) => l !== '' && !/^\*\*\* in database /.test(l));
	throw new RestoreRefused('damaged', { path: file, detail: lines.slice(0, 3).join('; ') });
}

function checkForeignKeys(db: Db, file: string): void {
	const broken = db.pragma('foreign_key_check') as { table: string }[];
	if (broken.length) throw new RestoreRefused('broken_links', { path: file, count: broken.length, tables: [...new Set(broken.map((b) => b.table))].join(', ') });
}

/**
 * The database's audit entries newer than the backup's newest, appended to the copy: a restore
 * brings the data back to the backup, not the record of who did what since (downloads of
 * backups, sign-ins, deletions). Their accounts may not exist in the backup: `user_id` is left
 * empty, the actor's name stays.
 */
function carryAuditLog(db: Db, database: string): number {
	if (!existsSync(database)) return 0;
	const live = new Database(database, { readonly: true, fileMustExist: true });
	let since: { at: string; actor: string; action: string; ip: string | null; details: string }[] = [];
	try {
		if (!live.prepare(`SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'audit_log'`).get()) return 0;
		const newest = (db.prepare(`SELECT coalesce(max(at), '') FROM audit_log`).pluck().get() as string);
		since = live.prepare('SELECT at, actor, action, ip, details FROM audit_log WHERE at > ? ORDER BY id').all(newest) as typeof since;
	} finally {
		live.close();
	}
	const insert = db.prepare('INSERT INTO audit_log (at, actor, user_id, action, ip, details) VALUES (?, ?, NULL, ?, ?, ?)');
	db.transaction(() => {
		for (const e of since) insert.run(e.at, e.actor, e.action, e.ip, e.details);
	})();
	return since.length;
}

/** Step 1 on the copy at `tmp`: checks, migrations, clean-up, the audit entry. Returns the report and the entry's marker. */
function prepareCopy(tmp: string, file: string, database: string, pageSize: number, actor: string): { report: Omit<RestoreReport, 'database'>; marker: string } {
	const db = new Database(tmp, { fileMustExist: true });
	try {
		db.pragma('journal_mode = DELETE');
		checkIntegrity(db, file);
		const from = checkSchema(db, file);
		migrate(db);
		db.pragma('foreign_keys = ON');
		const removed = removeUnpublishedDatasets(db);
		checkForeignKeys(db, file);
		// A backup's sessions were signed out since, some of them: none comes back.
		db.exec('DELETE FROM sessions');
		carryAuditLog(db, database);
		const marker = randomBytes(8).toString('hex');
		recordAudit(db, { actor, action: 'database_restore', details: { file, from_version: from, schema_version: LATEST, removed_unfinished: removed, restore: marker } });
		// A database in WAL mode takes a backup only of its own page size.
		if (db.pragma('page_size', { simple: true }) !== pageSize) {
			db.pragma(`page_size = ${pageSize}`);
			db.exec('VACUUM');
		}
		return { report: { file, from_version: from, schema_version: LATEST, removed_unfinished: removed, summary: summarizeDatabase(db) }, marker };
	} catch (err) {
		if (err instanceof RestoreRefused) throw err;
		// SQLite's own word for a file it cannot read ("file is not a database", "malformed").
		if (/^SQLITE_(CORRUPT|NOTADB)/.test((err as { code?: string }).code ?? '')) throw new RestoreRefused('damaged', { path: file, detail: (err as Error).message });
		throw err;
	} finally {
		db.close();
	}
}

/** The dataset a load under way is writing in the database, if any. */
function loadUnderWay(database: string) {
	const db = new Database(database, { readonly: true, fileMustExist: true });
	try {
		return schemaVersion(db) ? listUnpublishedDatasets(db).find((d) => d.loading) : undefined;
	} finally {
		db.close();
	}
}

/**
 * Waits until `deadline` for a load under way in the database to end, then refuses: its hidden
 * dataset, committed a chunk at a time, is visible to this connection with the loader that
 * writes it (a load whose process has ended is no reason to wait: the restore replaces what it
 * left). Opened only now, and read-only: a restore refused for its file never opens the database.
 */
async function waitForLoads(database: string, deadline: number): Promise<void> {
	if (!existsSync(database)) return;
	for (;;) {
		const loading = loadUnderWay(database);
		if (!loading) return;
		if (Date.now() > deadline) throw new RestoreRefused('loading', { id: loading.id, title: loading.title, wave: loading.wave });
		await sleep(200);
	}
}

/**
 * Step 2: the copy's pages into the database, in one step of the backup API (one write
 * transaction). A step that cannot take the write lock copies nothing, and better-sqlite3 then
 * reports a backup of no pages: that is the sign of a writer, waited for until `deadline`.
 */
async function applyCopy(tmp: string, database: string, deadline: number): Promise<void> {
	const source = new Database(tmp, { readonly: true, fileMustExist: true });
	try {
		for (;;) {
			const done = await source.backup(database, {
				progress: () => {
					if (Date.now() > deadline) throw new RestoreRefused('busy', { path: database });
					return ALL_PAGES;
				}
			});
			if (done.totalPages > 0 && done.remainingPages === 0) return;
			if (Date.now() > deadline) throw new RestoreRefused('busy', { path: database });
			await sleep(200);
		}
	} finally {
		source.close();
	}
}

/** Step 3: the database holds the copy (its audit entry), and its log is copied into it when no reader holds it back. */
function verify(database: string, marker: string): void {
	const db = new Database(database, { fileMustExist: true });
	try {
		db.pragma('busy_timeout = 1000');
		const found = db.prepare(`SELECT 1 FROM audit_log WHERE action = 'database_restore' AND json_extract(details, '$.restore') = ?`).get(marker);
		if (!found) throw new Error(`the restore into ${database} could not be verified: its audit entry is missing`);
		try {
			db.pragma('wal_checkpoint(TRUNCATE)');
		} catch {
			// Readers held it back, or the disk said no: the next load's checkpoint does it.
		}
	} finally {
		db.close();
	}
}

/** Restores the backup `file` into the database at `databasePath` (see the module's comment). */
export async function restoreDatabase(file: string, databasePath: string, opts: RestoreOptions): Promise<RestoreReport> {
	const source = resolve(file), database = resolve(databasePath);
	if (sqliteFiles(database).includes(source)) throw new RestoreRefused('same_as_database', { path: source });
	inspectBackupFile(source);
	const tmp = tempBeside(database, 'restore');
	try {
		mkdirSync(dirname(database), { recursive: true });
		copyFileSync(source, tmp);
		const pageSize = existsSync(database) ? pageSizeOf(database) : NEW_PAGE_SIZE;
		const { report, marker } = prepareCopy(tmp, source, database, pageSize, opts.actor);
		const deadline = Date.now() + (opts.waitMs ?? 5000);
		await waitForLoads(database, deadline);
		// A first restore (no database yet) writes into a new, empty one, in WAL mode like every other.
		if (!existsSync(database)) openDb(database).close();
		await applyCopy(tmp, database, deadline);
		verify(database, marker);
		return { ...report, database };
	} catch (err) {
		if (err instanceof RestoreRefused || !isIoError(err)) throw err;
		throw new RestoreRefused('failed', { path: source, detail: (err as Error).message });
	} finally {
		for (const f of sqliteFiles(tmp)) rmSync(f, { force: true });
	}
}
