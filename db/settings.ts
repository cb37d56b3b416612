import type { Db } from './handle';

/** A stored setting's JSON value, or undefined when it was never set (the caller has the default). */
export function getSetting(db: Db, key: string): unknown {
	const v = db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(key) as string | undefined;
	return v === undefined ? undefined : JSON.parse(v);
}

export function setSetting(db: Db, key: string, value: unknown, by: string): void {
	db.prepare(
		`INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?)
		 ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by`
	).run(key, JSON.stringify(value), new Date().toISOString(), by);
}
