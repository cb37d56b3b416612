import type { Db } from '../../../../db/connection';

const statements = new WeakMap<Db, { version: { get(): unknown }; changes: { get(): unknown } }>();
/** Per connection, its own writes that change nothing shown (bookkeeping, see deferred-writes.ts). */
const ignored = new WeakMap<Db, number>();

/** Writes of this connection that must not count as a change of the data. */
export function ignoreChanges(db: Db, n: number): void {
	ignored.set(db, (ignored.get(db) ?? 0) + n);
}

/**
 * A value that changes whenever the database's content may have changed: SQLite's `data_version`
 * (bumped by commits of any other connection, in this process or another: an ingestion, the
 * command line, an upload's worker) and this connection's own `total_changes()` (its own writes:
 * catalog, settings, datasets deleted), less its bookkeeping writes. Two statements, a few microseconds: cheap enough to ask
 * on every request, instead of reading the catalog and the datasets to see whether they changed.
 */
export function dataVersion(db: Db): string {
	let s = statements.get(db);
	if (!s) {
		s = { version: db.prepare('PRAGMA data_version').pluck(), changes: db.prepare('SELECT total_changes()').pluck() };
		statements.set(db, s);
	}
	return `${db.name}#${s.version.get()}:${(s.changes.get() as number) - (ignored.get(db) ?? 0)}`;
}
