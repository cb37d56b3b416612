import type { Db } from '../../../../db/connection';
import { findTokenUser, getToken, insertToken, revokeToken, touchToken, type AccountTokenRecord } from '../../../../db/tokens';
import type { User } from '../../../../db/users';
import { audit, type Actor } from './audit-log';
import { writeLater } from './deferred-writes';
import { newSecret, sha256 } from './secrets';

/** Tokens start with `vigie_` so that secret scanners and people recognise them. */
const PREFIX = 'vigie_';

/** A new API token for the account: the token itself (shown once, never stored) and its record id. */
export function createApiToken(db: Db, userId: number, label: string, now = new Date()): { id: number; token: string } {
	const token = PREFIX + newSecret();
	const id = insertToken(db, { userId, tokenHash: sha256(token), label, hint: token.slice(0, PREFIX.length + 4), now: now.toISOString() });
	return { id, token };
}

/** The account of `Authorization: Bearer TOKEN`, or null (unknown, revoked, or its account disabled). */
export function resolveApiToken(db: Db, token: string, now = new Date()): User | null {
	if (!token.startsWith(PREFIX) || token.length > 100) return null;
	const found = findTokenUser(db, sha256(token));
	if (!found || found.user.disabled) return null;
	// Written later, off the request (deferred-writes.ts): a script's request never waits for the write lock.
	if (!found.lastUsedAt || now.getTime() - Date.parse(found.lastUsedAt) >= 60_000)
		writeLater(db, `token:${found.tokenId}`, (w) => touchToken(w, found.tokenId, now.toISOString()));
	return found.user;
}

/** The token of an `Authorization` header value, if it is a Bearer one. */
export function bearerToken(header: string | null): string | null {
	const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
	return m ? m[1]! : null;
}

/**
 * An administrator (or the command line) revokes any account's token, with an audit entry naming
 * the account. Null when there is no such token or it was already revoked.
 */
export function revokeAnyToken(db: Db, actor: Actor, id: number, now = new Date()): AccountTokenRecord | null {
	return db.transaction(() => {
		const token = getToken(db, id);
		if (!token || !revokeToken(db, token.user_id, id, now.toISOString())) return null;
		audit(db, actor, 'token_revoke', { email: token.email, token_id: id, label: token.label });
		return { ...token, revoked_at: now.toISOString() };
	})();
}
