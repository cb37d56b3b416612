import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrate } from './migrate';
import { purgeAbandoned } from './hidden-datasets';

export type { Db } from './handle';
import type { Db } from './handle';

/**
 * The page size of a new database file: 16 kB (SQLite's default is 4 kB), so the survey store's
 * 128 kB chunks take 8 pages instead of 32, loads write (and copy from the log) fewer, larger
 * pages and readers follow shorter chains.
 */
export const NEW_PAGE_SIZE = 16384;

/** Where the database lives: `VIGIE_DB`, else `data/vigie.db`. */
export function defaultDbPath(): string {
	return process.env.VIGIE_DB || 'data/vigie.db';
}

/**
 * Opens the one database connection a process uses: WAL (readers never wait for an ingestion),
 * foreign keys on (a deleted dataset takes its respondents with it), a busy timeout so that a
 * second process waits instead of failing, then applies pending migrations and removes what a
 * load that died left hidden (hidden-datasets.ts).
 */
export function openDb(path: string = defaultDbPath()): Db {
	if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
	const db = new Database(path);
	// An existing file keeps its pages: the setting then does nothing.
	db.pragma(`page_size = ${NEW_PAGE_SIZE}`);
	db.pragma('journal_mode = WAL');
	db.pragma('foreign_keys = ON');
	db.pragma('busy_timeout = 5000');
	db.pragma('synchronous = NORMAL');
	migrate(db);
	purgeAbandoned(db);
	return db;
}
