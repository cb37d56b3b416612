/**
 * A bookkeeping write (a session's or token's last use) that must not fail the request: while an
 * ingestion holds SQLite's write lock longer than the busy timeout, it is skipped this time.
 */
export function bestEffort(write: () => void): void {
	try {
		write();
	} catch (err) {
		if ((err as { code?: string }).code !== 'SQLITE_BUSY') throw err;
	}
}
