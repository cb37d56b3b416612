import type { Db } from './handle';

/** Records one failed sign-in under each key ('email:…', 'ip:…'), dropping what is older than `forgetBefore`. */
export function recordLoginFailure(db: Db, keys: string[], now: string, forgetBefore: string): void {
	const insert = db.prepare('INSERT INTO login_failures (key, at) VALUES (?, ?)');
	db.transaction(() => {
		db.prepare('DELETE FROM login_failures WHERE at < ?').run(forgetBefore);
		for (const k of keys) insert.run(k, now);
	})();
}

/** Failures under `key` since `since`, and the oldest of them (the lockout ends 15 minutes after it). */
export function countLoginFailures(db: Db, key: string, since: string): { count: number; oldest: string | null } {
	return db.prepare('SELECT count(*) AS count, min(at) AS oldest FROM login_failures WHERE key = ? AND at >= ?').get(key, since) as {
		count: number;
		oldest: string | null;
	};
}

export function clearLoginFailures(db: Db, key: string): void {
	db.prepare('DELETE FROM login_failures WHERE key = ?').run(key);
}
