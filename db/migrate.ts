import type Database from 'better-sqlite3';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface Migration {
	version: number;
	name: string;
	sql: string;
}

/** Numbered SQL files `NNN_name.sql`, in order. */
export function readMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
	return readdirSync(dir)
		.filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f))
		.sort()
		.map((f) => ({ version: Number(f.slice(0, 3)), name: f, sql: readFileSync(join(dir, f), 'utf8') }));
}

/** Applies each migration not yet recorded in `schema_migrations`, each in its own transaction. */
export function migrate(db: Database.Database, migrations: Migration[] = readMigrations()): number[] {
	db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
	const done = new Set(
		db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]
	);
	const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
	const applied: number[] = [];
	for (const m of migrations) {
		if (done.has(m.version)) continue;
		db.transaction(() => {
			db.exec(m.sql);
			record.run(m.version, m.name, new Date().toISOString());
		})();
		applied.push(m.version);
	}
	return applied;
}
