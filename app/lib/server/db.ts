import { defaultDbPath, openDb, type Db } from '../../../db/connection';

let db: Db | undefined;

/** The server's one read connection (WAL: it never waits for an ingestion in another process). */
export function getDb(): Db {
	return (db ??= openDb(defaultDbPath()));
}
