import type Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations';

export interface Migration {
	version: number;
	name: string;
	sql: string;
	foreignKeysOff?: boolean;
}

/** Applies each migration not yet recorded in `schema_migrations`, each in its own transaction. */
export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): number[] {
	db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
	const done = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
	const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
	const applied: number[] = [];
	for (const m of migrations) {
		if (done.has(m.version)) continue;
		// The pragma is a no-op inside a transaction: it is set around it.
		const fkWasOn = m.foreignKeysOff === true && db.pragma('foreign_keys', { simple: true }) === 1;
		if (fkWasOn) db.pragma('foreign_keys = OFF');
		try {
			db.transaction(() => {
				db.exec(m.sql);
				if (m.foreignKeysOff) {
					const dangling = db.pragma('foreign_key_check') as unknown[];
					if (dangling.length > 0) throw new Error(`migration ${m.name} left ${dangling.length} dangling foreign keys`);
				}
				record.run(m.version, m.name, new Date().toISOString());
			})();
		} finally {
			if (fkWasOn) db.pragma('foreign_keys = ON');
		}
		applied.push(m.version);
	}
	return applied;
}
