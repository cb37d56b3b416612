import type { Db } from './handle';
import type { User } from './users';

export interface SessionRecord {
	id_hash: string;
	user_id: number;
	created_at: string;
	last_seen_at: string;
	expires_at: string;
}

export function insertSession(db: Db, s: SessionRecord): void {
	db.prepare('INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?)').run(
		s.id_hash, s.user_id, s.created_at, s.last_seen_at, s.expires_at
	);
}

/** The session with that hash and its account, if the session has not expired at `now`. */
export function findLiveSession(db: Db, idHash: string, now: string): { session: SessionRecord; user: User } | undefined {
	const r = db
		.prepare(
			`SELECT s.id_hash, s.user_id, s.created_at AS s_created_at, s.last_seen_at, s.expires_at,
			        u.id, u.email, u.role, u.disabled, u.created_at, u.updated_at, u.last_login_at
			 FROM sessions s JOIN users u ON u.id = s.user_id
			 WHERE s.id_hash = ? AND s.expires_at > ?`
		)
		.get(idHash, now) as
		| { id_hash: string; user_id: number; s_created_at: string; last_seen_at: string; expires_at: string } & Omit<User, 'disabled'> & { disabled: number }
		| undefined;
	if (!r) return undefined;
	return {
		session: { id_hash: r.id_hash, user_id: r.user_id, created_at: r.s_created_at, last_seen_at: r.last_seen_at, expires_at: r.expires_at },
		user: { id: r.id, email: r.email, role: r.role, disabled: r.disabled === 1, created_at: r.created_at, updated_at: r.updated_at, last_login_at: r.last_login_at }
	};
}

export function touchSession(db: Db, idHash: string, lastSeen: string, expires: string): void {
	db.prepare('UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE id_hash = ?').run(lastSeen, expires, idHash);
}

export function deleteSession(db: Db, idHash: string): void {
	db.prepare('DELETE FROM sessions WHERE id_hash = ?').run(idHash);
}

/** Ends every session of an account, except `keep` (the one that changed its password). */
export function deleteUserSessions(db: Db, userId: number, keep?: string): number {
	return db.prepare('DELETE FROM sessions WHERE user_id = ? AND id_hash != ?').run(userId, keep ?? '').changes;
}

export function deleteExpiredSessions(db: Db, now: string): number {
	return db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(now).changes;
}
