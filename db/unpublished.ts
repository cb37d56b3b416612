import type { Db } from './handle';
import { deleteDataset } from './datasets';
import { beingLoaded } from './hidden-datasets';

/**
 * Datasets that readers do not see because they are not finished. A load writes its dataset
 * hidden (`datasets.hidden`, see hidden-datasets.ts), a chunk of rows per transaction, and shows
 * it with a one-row publish; a removal hides a dataset first and then deletes it a chunk at a
 * time. A copy of the database taken meanwhile (a backup) holds them as they were.
 *
 * This module is how backup and restore (summary.ts, restore.ts) see them: a backup counts them,
 * a restore removes them from its copy and refuses while a load is writing the database.
 */
export interface UnpublishedDataset {
	id: number;
	kind: string;
	wave: string;
	title: string;
	/** A loader still running on this machine writes it: false for a removal, or a load whose process has ended. */
	loading: boolean;
}

/**
 * Whether the database has the `hidden` column. A database from before it was added (a backup
 * of an older version) has no unfinished dataset: its loads were each one transaction.
 */
function hasHidden(db: Db): boolean {
	return Boolean(db.prepare(`SELECT 1 FROM pragma_table_info('datasets') WHERE name = 'hidden'`).get());
}

/** The datasets a load has started and not finished (or a removal not yet ended), as this connection sees them. */
export function listUnpublishedDatasets(db: Db): UnpublishedDataset[] {
	if (!hasHidden(db)) return [];
	const rows = db.prepare('SELECT id, kind, wave, title, hidden FROM datasets WHERE hidden IS NOT NULL ORDER BY id').all() as
		(Omit<UnpublishedDataset, 'loading'> & { hidden: string })[];
	return rows.map(({ hidden, ...d }) => ({ ...d, loading: beingLoaded(hidden) }));
}

/**
 * Deletes every unfinished dataset and everything hanging off them (ON DELETE CASCADE), in one
 * transaction; returns how many. Only for a database no load is writing to: the copy a restore
 * prepares, or a backup file (a loader running here writes the database it was started on, never
 * its copy). On a live database, `purgeAbandoned` (hidden-datasets.ts) removes only what nobody writes.
 */
export function removeUnpublishedDatasets(db: Db): number {
	const ids = listUnpublishedDatasets(db).map((d) => d.id);
	if (!ids.length) return 0;
	db.transaction(() => {
		for (const id of ids) deleteDataset(db, id);
	})();
	return ids.length;
}
