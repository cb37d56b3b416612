import type { Db } from './connection';
import { deleteDataset } from './datasets';

/**
 * Datasets whose load has not finished. A survey load inserts its dataset row with a placeholder
 * SHA-256 (`pending:…`, see ingest/survey/load-survey.ts) and writes the real one just before it
 * commits, so a committed row still marked `pending:` belongs to a load that never finished.
 *
 * This module is the one place that knows how an unfinished load is marked: a loader that
 * commits in several steps before making its dataset visible changes these two functions, and
 * backup and restore (db/restore.ts) follow.
 */
const UNPUBLISHED = `sha256 LIKE 'pending:%'`;

export interface UnpublishedDataset {
	id: number;
	kind: string;
	wave: string;
	title: string;
}

/** The datasets a load has started and not finished, as this connection sees them. */
export function listUnpublishedDatasets(db: Db): UnpublishedDataset[] {
	return db.prepare(`SELECT id, kind, wave, title FROM datasets WHERE ${UNPUBLISHED} ORDER BY id`).all() as UnpublishedDataset[];
}

/**
 * Deletes the datasets of unfinished loads and everything hanging off them (ON DELETE CASCADE);
 * returns how many. Only for a database no load is writing to: the copy a restore prepares, or a
 * backup file. On a live database it would delete a dataset still being loaded.
 */
export function removeUnpublishedDatasets(db: Db): number {
	const ids = listUnpublishedDatasets(db).map((d) => d.id);
	if (!ids.length) return 0;
	db.transaction(() => {
		for (const id of ids) deleteDataset(db, id);
	})();
	return ids.length;
}
