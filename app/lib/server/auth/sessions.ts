import type { Db } from '../../../../db/connection';
import { deleteExpiredSessions, deleteSession, findLiveSession, insertSession, touchSession } from '../../../../db/sessions';
import type { User } from '../../../../db/users';
import { bookkeeping, flushDeferredWrites, writeLater } from './deferred-writes';
import { newSecret, sha256 } from './secrets';

export const SESSION_COOKIE = 'vigie_session';
/** A session unused for 8 hours ends (a working day); none lasts more than 7 days. */
export const SESSION_IDLE_MS = 8 * 60 * 60 * 1000;
export const SESSION_MAX_MS = 7 * 24 * 60 * 60 * 1000;
/** Sliding the idle limit at most once a minute saves a write on every request. */
const TOUCH_EVERY_MS = 60 * 1000;
/** Touches not yet written (deferred-writes.ts), by session: what the database will say. */
const touched = new Map<string, { last_seen_at: string; expires_at: string }>();

const iso = (ms: number) => new Date(ms).toISOString();

/** Starts a session for the account: the cookie value (returned once) and its expiry. */
export function createSession(db: Db, userId: number, now = Date.now()): { id: string; expires: Date } {
	const id = newSecret();
	const expires = Math.min(now + SESSION_IDLE_MS, now + SESSION_MAX_MS);
	flushDeferredWrites(db, { wait: true }); // a session kept alive by a touch not yet written is not expired
	bookkeeping(db, () => {
		deleteExpiredSessions(db, iso(now)); // keeps the table small without a timer
		insertSession(db, { id_hash: sha256(id), user_id: userId, created_at: iso(now), last_seen_at: iso(now), expires_at: iso(expires) });
	});
	return { id, expires: new Date(now + SESSION_MAX_MS) };
}

/**
 * The account behind a session cookie, or null when the session is unknown, expired, or its
 * account disabled. A live session's idle limit slides forward, never past the absolute one:
 * written a few seconds later, off the request (a reader never writes nor waits for the lock).
 */
export function resolveSession(db: Db, id: string | undefined, now = Date.now()): { user: User; idHash: string } | null {
	if (!id || id.length > 100) return null;
	const idHash = sha256(id);
	const pending = touched.get(idHash);
	// A touch not yet written extends the session: the stored expiry is then not the one in force.
	const found = findLiveSession(db, idHash, pending && Date.parse(pending.expires_at) > now ? '' : iso(now));
	if (!found || found.user.disabled) return null;
	const session = { ...found.session, ...pending };
	if (Date.parse(session.expires_at) <= now) return null;
	if (now - Date.parse(session.last_seen_at) >= TOUCH_EVERY_MS) {
		const touch = { last_seen_at: iso(now), expires_at: iso(Math.min(now + SESSION_IDLE_MS, Date.parse(session.created_at) + SESSION_MAX_MS)) };
		touched.set(idHash, touch);
		writeLater(db, `session:${idHash}`, (w) => {
			touchSession(w, idHash, touch.last_seen_at, touch.expires_at);
			if (touched.get(idHash) === touch) touched.delete(idHash);
		});
	}
	return { user: found.user, idHash };
}

export function endSession(db: Db, id: string | undefined): void {
	if (!id) return;
	touched.delete(sha256(id));
	bookkeeping(db, () => deleteSession(db, sha256(id)));
}
