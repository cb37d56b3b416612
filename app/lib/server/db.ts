import { defaultDbPath, openDb, type Db } from '../../../db/connection';

let db: Db | undefined;

/**
 * The server's one read connection (WAL: it never waits for an ingestion in another process).
 * It never checkpoints on its own writes (a session's last use, an audit line): while a load
 * runs the write-ahead log holds up to 64 MB of it, and copying that into the database on this
 * thread would stop every page. The ingestion that wrote it checkpoints (its own thread or
 * process); small logs are checkpointed off the requests (deferred-writes.ts).
 */
export function getDb(): Db {
	if (!db) {
		db = openDb(defaultDbPath());
		db.pragma('wal_autocheckpoint = 0');
	}
	return db;
}
