import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb, type Db } from '../../db/connection';
import { loadMontrealAreas } from '../../ingest/areas';

/** A fresh database file in a temporary folder, with Montreal's areas loaded. */
export function tempDb(): { db: Db; path: string; dir: string; cleanup: () => void } {
	const dir = mkdtempSync(join(tmpdir(), 'vigie-test-'));
	const path = join(dir, 'vigie.db');
	const db = openDb(path);
	loadMontrealAreas(db);
	return { db, path, dir, cleanup: () => { db.close(); rmSync(dir, { recursive: true, force: true }); } };
}
