import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrate } from './migrate';

export type Db = Database.Database;

/** Where the database lives: `VIGIE_DB`, else `data/vigie.db`. */
export function defaultDbPath(): string {
	return process.env.VIGIE_DB || 'data/vigie.db';
}

/**
 * Opens the one database connection a process uses: WAL (readers never wait for an ingestion),
 * foreign keys on (a deleted dataset takes its respondents with it), a busy timeout so that a
 * second process waits instead of failing, then applies pending migrations.
 */
export function openDb(path: string = defaultDbPath()): Db {
	if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
	const db = new Database(path);
	db.pragma('journal_mode = WAL');
	db.pragma('foreign_keys = ON');
	db.pragma('busy_timeout = 5000');
	db.pragma('synchronous = NORMAL');
	migrate(db);
	return db;
}
