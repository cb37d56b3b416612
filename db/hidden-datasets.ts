/**
 * Datasets written and removed in short transactions (migration 007): a load inserts its dataset
 * hidden, commits its rows a chunk at a time, and shows it with a one-row publish; a removal
 * hides the dataset in one statement and then deletes its rows a chunk at a time. No transaction
 * holds SQLite's write lock for more than one chunk, so a sign-in or a setting waits a fraction
 * of a second at most, and readers never see a partial dataset.
 *
 * Invariant: a dataset with `hidden` set is never shown, and is removed as soon as nobody is
 * writing it: 'removing' always, 'loading …' once its loader process is gone (db/loader.ts).
 * `purgeAbandoned` does that; the database's opening (connection.ts) and every ingestion call it.
 * A copy of the file taken in the middle of a load (SQLite's online backup) is consistent, shows
 * nothing of the load, and is cleaned the first time it is opened where that loader is not running;
 * a restore removes every hidden dataset of the copy it restores (unpublished.ts).
 */
import type { Db } from './handle';
import { finishDataset, type DatasetFinish, type NewDataset } from './datasets';
import { loaderRunning, thisLoader } from './loader';

const LOADING = 'loading ';
const REMOVING = 'removing';

/** Write-ahead log between two copies into the database while a load writes. */
const LOAD_CHECKPOINT_BYTES = 64 * 1024 * 1024;

/**
 * Sets the connection up for a load's chunks: the log is copied into the database every 64 MB
 * instead of after every commit (each copy syncs the disk twice and copies again the pages that
 * every chunk touches). The returned function puts the setting back and copies what the load
 * left in the log, so that a finished load is on disk in the database itself. A connection that
 * never copies on its own (the server's) is left as it is.
 */
export function loadCheckpoints(db: Db): () => void {
	const before = db.pragma('wal_autocheckpoint', { simple: true }) as number;
	const pages = Math.ceil(LOAD_CHECKPOINT_BYTES / (db.pragma('page_size', { simple: true }) as number));
	if (before > 0) db.pragma(`wal_autocheckpoint = ${Math.max(before, pages)}`);
	return () => {
		if (before > 0) {
			db.pragma(`wal_autocheckpoint = ${before}`);
			db.pragma('wal_checkpoint(PASSIVE)');
		}
	};
}

/** Whether a dataset hidden for this reason (`datasets.hidden`) is being written by a loader running on this machine. */
export function beingLoaded(hidden: string): boolean {
	return hidden.startsWith(LOADING) && loaderRunning(hidden.slice(LOADING.length));
}

/** Inserts a dataset that nobody sees until `publishDataset`, written by this process. */
export function insertHiddenDataset(db: Db, d: NewDataset): number {
	return Number(db.prepare(
		`INSERT INTO datasets (kind, wave, title, file_name, sha256, rows, created_by, created_at, mapping, design, synthetic, hidden)
		 VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?)`
	).run(d.kind, d.wave, d.title, d.file_name, d.sha256, d.created_by, d.created_at, JSON.stringify(d.mapping), JSON.stringify(d.design),
		d.synthetic ? 1 : 0, LOADING + thisLoader()).lastInsertRowid);
}

/**
 * Shows a loaded dataset, with what the load found, in one short transaction; the dataset it
 * replaces (same wave) is hidden in the same one, so readers see one or the other, never both or
 * neither, and the areas it created pass to the new one (which may use them). The replaced one's
 * rows are then deleted a chunk at a time.
 */
export function publishDataset(db: Db, id: number, f: DatasetFinish, replaces: number | null = null): void {
	db.transaction(() => {
		if (replaces !== null) {
			db.prepare('UPDATE areas SET dataset_id = ? WHERE dataset_id = ?').run(id, replaces);
			hide(db, replaces);
		}
		finishDataset(db, id, f);
		db.prepare('UPDATE datasets SET hidden = NULL WHERE id = ?').run(id);
	}).immediate();
	if (replaces !== null) purgeDataset(db, replaces);
}

/** Marks a dataset as being removed; its file hash is freed at once, so the same file may be loaded again. */
function hide(db: Db, id: number): boolean {
	return db.prepare(`UPDATE datasets SET hidden = '${REMOVING}', sha256 = 'removing:' || id WHERE id = ?`).run(id).changes > 0;
}

/**
 * One bounded step of a removal per statement: the large tables a chunk of rows at a time (each
 * statement is its own short transaction), then the dataset row, which takes the rest with it
 * (ON DELETE CASCADE: column lists, areas it created, diagnostic rows, skipped rows).
 */
const STEPS = [
	`DELETE FROM survey_chunks WHERE id IN (SELECT k.id FROM survey_chunks k JOIN survey_columns c ON c.id = k.column_id WHERE c.dataset_id = @id LIMIT 64)`,
	`DELETE FROM respondents WHERE dataset_id = @id AND row_index < (SELECT min(row_index) FROM respondents WHERE dataset_id = @id) + 16384`,
	`DELETE FROM incident_chunks WHERE id IN (SELECT k.id FROM incident_chunks k JOIN incident_columns c ON c.id = k.column_id WHERE c.dataset_id = @id LIMIT 64)`,
	`DELETE FROM dataset_skipped_rows WHERE rowid IN (SELECT rowid FROM dataset_skipped_rows WHERE dataset_id = @id LIMIT 16384)`
];

/** Deletes a dataset and everything stored from it, hiding it first, in short transactions. */
export function purgeDataset(db: Db, id: number): void {
	db.transaction(() => hide(db, id)).immediate();
	for (const sql of STEPS) {
		const step = db.prepare(sql);
		while (db.transaction(() => step.run({ id }).changes).immediate() > 0);
	}
	db.transaction(() => db.prepare('DELETE FROM datasets WHERE id = ?').run(id)).immediate();
}

/**
 * Deletes a published dataset; false when there is no such dataset. A survey or incident file,
 * which nothing else refers to, is hidden and then deleted in short transactions. A dataset that
 * others may refer to (a geography, or a survey that created areas a later wave uses) is deleted
 * in one transaction, which the database refuses while it is referred to: these are small.
 */
export function removeDatasetRows(db: Db, id: number): boolean {
	const d = db.prepare('SELECT kind, (SELECT count(*) FROM areas WHERE dataset_id = datasets.id) AS areas FROM datasets WHERE id = ? AND hidden IS NULL')
		.get(id) as { kind: string; areas: number } | undefined;
	if (!d) return false;
	if ((d.kind === 'survey' || d.kind === 'incidents') && d.areas === 0) purgeDataset(db, id);
	else db.transaction(() => db.prepare('DELETE FROM datasets WHERE id = ?').run(id)).immediate();
	return true;
}

/**
 * Removes the hidden datasets nobody is writing: those being removed, and those whose loader
 * process has ended (killed, crashed, its machine restarted) or is not on this machine (a
 * restored copy). Returns their ids.
 */
export function purgeAbandoned(db: Db): number[] {
	const hidden = db.prepare('SELECT id, hidden FROM datasets WHERE hidden IS NOT NULL').all() as { id: number; hidden: string }[];
	const gone = hidden.filter((d) => !beingLoaded(d.hidden));
	const purged: number[] = [];
	for (const d of gone) {
		try {
			purgeDataset(db, d.id);
			purged.push(d.id);
		} catch (err) {
			// Never a reason not to open the database: it stays hidden, and is tried again next time.
			process.stderr.write(`vigie: could not yet remove the hidden dataset ${d.id}: ${(err as Error).message}\n`);
		}
	}
	return purged;
}

/** Hidden datasets (any reason), for tests and diagnostics. */
export function listHiddenDatasets(db: Db): { id: number; kind: string; hidden: string; rows: number }[] {
	return db.prepare('SELECT id, kind, hidden, rows FROM datasets WHERE hidden IS NOT NULL ORDER BY id').all() as
		{ id: number; kind: string; hidden: string; rows: number }[];
}
