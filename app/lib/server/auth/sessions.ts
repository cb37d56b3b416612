import type { Db } from '../../../../db/connection';
import { deleteExpiredSessions, deleteSession, findLiveSession, insertSession, touchSession } from '../../../../db/sessions';
import type { User } from '../../../../db/users';
import { bestEffort } from './best-effort';
import { newSecret, sha256 } from './secrets';

export const SESSION_COOKIE = 'vigie_session';
/** A session unused for 8 hours ends (a working day); none lasts more than 7 days. */
export const SESSION_IDLE_MS = 8 * 60 * 60 * 1000;
export const SESSION_MAX_MS = 7 * 24 * 60 * 60 * 1000;
/** Sliding the idle limit at most once a minute saves a write on every request. */
const TOUCH_EVERY_MS = 60 * 1000;

const iso = (ms: number) => new Date(ms).toISOString();

/** Starts a session for the account: the cookie value (returned once) and its expiry. */
export function createSession(db: Db, userId: number, now = Date.now()): { id: string; expires: Date } {
	const id = newSecret();
	const expires = Math.min(now + SESSION_IDLE_MS, now + SESSION_MAX_MS);
	deleteExpiredSessions(db, iso(now)); // keeps the table small without a timer
	insertSession(db, { id_hash: sha256(id), user_id: userId, created_at: iso(now), last_seen_at: iso(now), expires_at: iso(expires) });
	return { id, expires: new Date(now + SESSION_MAX_MS) };
}

/**
 * The account behind a session cookie, or null when the session is unknown, expired, or its
 * account disabled. A live session's idle limit slides forward, never past the absolute one.
 */
export function resolveSession(db: Db, id: string | undefined, now = Date.now()): { user: User; idHash: string } | null {
	if (!id || id.length > 100) return null;
	const idHash = sha256(id);
	const found = findLiveSession(db, idHash, iso(now));
	if (!found || found.user.disabled) return null;
	const { session } = found;
	if (now - Date.parse(session.last_seen_at) >= TOUCH_EVERY_MS) {
		const expires = Math.min(now + SESSION_IDLE_MS, Date.parse(session.created_at) + SESSION_MAX_MS);
		bestEffort(() => touchSession(db, idHash, iso(now), iso(expires)));
	}
	return { user: found.user, idHash };
}

export function endSession(db: Db, id: string | undefined): void {
	if (id) deleteSession(db, sha256(id));
}
