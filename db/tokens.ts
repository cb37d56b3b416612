import type { Db } from './handle';
import type { User } from './users';

/** An API token's record (never the token itself: only its SHA-256 is stored). */
export interface ApiTokenRecord {
	id: number;
	user_id: number;
	label: string;
	hint: string;
	created_at: string;
	last_used_at: string | null;
	revoked_at: string | null;
}

export function insertToken(db: Db, t: { userId: number; tokenHash: string; label: string; hint: string; now: string }): number {
	const info = db
		.prepare('INSERT INTO api_tokens (user_id, token_hash, label, hint, created_at) VALUES (?, ?, ?, ?, ?)')
		.run(t.userId, t.tokenHash, t.label, t.hint, t.now);
	return Number(info.lastInsertRowid);
}

/** The account of a token that has not been revoked. */
export function findTokenUser(db: Db, tokenHash: string): { tokenId: number; lastUsedAt: string | null; user: User } | undefined {
	const r = db
		.prepare(
			`SELECT t.id AS token_id, t.last_used_at AS token_last_used_at, u.id, u.email, u.role, u.disabled, u.created_at, u.updated_at, u.last_login_at
			 FROM api_tokens t JOIN users u ON u.id = t.user_id
			 WHERE t.token_hash = ? AND t.revoked_at IS NULL`
		)
		.get(tokenHash) as (Omit<User, 'disabled'> & { disabled: number; token_id: number; token_last_used_at: string | null }) | undefined;
	if (!r) return undefined;
	const { token_id, token_last_used_at, disabled, ...user } = r;
	return { tokenId: token_id, lastUsedAt: token_last_used_at, user: { ...user, disabled: disabled === 1 } };
}

export function touchToken(db: Db, id: number, now: string): void {
	db.prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ?').run(now, id);
}

export function listTokens(db: Db, userId: number): ApiTokenRecord[] {
	return db
		.prepare('SELECT id, user_id, label, hint, created_at, last_used_at, revoked_at FROM api_tokens WHERE user_id = ? ORDER BY id')
		.all(userId) as ApiTokenRecord[];
}

/** A token with its account's e-mail address, for the administrators' list. */
export interface AccountTokenRecord extends ApiTokenRecord {
	email: string;
}

/** Every account's tokens (or one account's), live ones first, then the newest first. */
export function listAllTokens(db: Db, userId?: number): AccountTokenRecord[] {
	return db
		.prepare(
			`SELECT t.id, t.user_id, u.email, t.label, t.hint, t.created_at, t.last_used_at, t.revoked_at
			 FROM api_tokens t JOIN users u ON u.id = t.user_id
			 WHERE ? IS NULL OR t.user_id = ?
			 ORDER BY t.revoked_at IS NOT NULL, t.created_at DESC, t.id DESC`
		)
		.all(userId ?? null, userId ?? null) as AccountTokenRecord[];
}

/** One token with its account's e-mail address. */
export function getToken(db: Db, id: number): AccountTokenRecord | undefined {
	return db
		.prepare(
			`SELECT t.id, t.user_id, u.email, t.label, t.hint, t.created_at, t.last_used_at, t.revoked_at
			 FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.id = ?`
		)
		.get(id) as AccountTokenRecord | undefined;
}

/** Revokes one of the account's tokens; false if it has no such live token. */
export function revokeToken(db: Db, userId: number, id: number, now: string): boolean {
	return db.prepare('UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL').run(now, id, userId).changes > 0;
}

export function revokeUserTokens(db: Db, userId: number, now: string): number {
	return db.prepare('UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL').run(now, userId).changes;
}
