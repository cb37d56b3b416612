import type { Db } from './handle';
import { listUnpublishedDatasets } from './unpublished';

/** What a database holds, in a few numbers: what a backup wrote, what a restore brought back. */
export interface DatabaseSummary {
	/** The highest migration applied (`schema_migrations`), 0 for none. */
	schema_version: number;
	/** The database's size: its pages, without the write-ahead log. */
	bytes: number;
	/** Per data kind: how many datasets, and the rows loaded into them (respondents, incidents, …). */
	datasets: Record<string, { datasets: number; rows: number }>;
	accounts: number;
	audit_entries: number;
	/** Datasets of loads that had not finished (never shown; a restore removes them). */
	unfinished_loads: number;
}

/** The schema version recorded in `schema_migrations`; null when the table is missing (not a Vigie database). */
export function schemaVersion(db: Db): number | null {
	const table = db.prepare(`SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'`).get();
	if (!table) return null;
	return (db.prepare('SELECT coalesce(max(version), 0) FROM schema_migrations').pluck().get() as number) ?? 0;
}

const hasTable = (db: Db, name: string) => Boolean(db.prepare(`SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?`).get(name));

/** Counts what `db` holds. Cheap: it reads the datasets table and two counts, never the rows themselves. */
export function summarizeDatabase(db: Db): DatabaseSummary {
	const count = (table: string) => (hasTable(db, table) ? (db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number) : 0);
	const unfinished = hasTable(db, 'datasets') ? listUnpublishedDatasets(db) : [];
	const skip = new Set(unfinished.map((d) => d.id));
	const datasets: DatabaseSummary['datasets'] = {};
	if (hasTable(db, 'datasets')) {
		for (const d of db.prepare('SELECT id, kind, rows FROM datasets ORDER BY kind, id').all() as { id: number; kind: string; rows: number }[]) {
			if (skip.has(d.id)) continue;
			const k = (datasets[d.kind] ??= { datasets: 0, rows: 0 });
			k.datasets++;
			k.rows += d.rows;
		}
	}
	return {
		schema_version: schemaVersion(db) ?? 0,
		bytes: (db.pragma('page_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number),
		datasets,
		accounts: count('users'),
		audit_entries: count('audit_log'),
		unfinished_loads: unfinished.length
	};
}
