import type { Db } from './handle';

export type Role = 'viewer' | 'analyst' | 'admin';
export const ROLES: readonly Role[] = ['viewer', 'analyst', 'admin'];

export function isRole(x: unknown): x is Role {
	return typeof x === 'string' && (ROLES as readonly string[]).includes(x);
}

/** An account as the rest of the code sees it: never with its password hash. */
export interface User {
	id: number;
	email: string;
	role: Role;
	disabled: boolean;
	created_at: string;
	updated_at: string;
	last_login_at: string | null;
}

interface UserRow extends Omit<User, 'disabled'> {
	disabled: number;
	password_hash: string;
}

function fromRow({ password_hash: _hash, ...r }: UserRow): User {
	return { ...r, disabled: r.disabled === 1 };
}

export function insertUser(db: Db, u: { email: string; role: Role; passwordHash: string; now: string }): number {
	const info = db
		.prepare('INSERT INTO users (email, role, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?)')
		.run(u.email, u.role, u.passwordHash, u.now, u.now);
	return Number(info.lastInsertRowid);
}

export function getUser(db: Db, id: number): User | undefined {
	const r = db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
	return r && fromRow(r);
}

/** The account and its password hash, for signing in (e-mail compared without case). */
export function findUserCredentials(db: Db, email: string): { user: User; passwordHash: string } | undefined {
	const r = db.prepare('SELECT * FROM users WHERE email = ?').get(email) as UserRow | undefined;
	return r && { user: fromRow(r), passwordHash: r.password_hash };
}

export function getPasswordHash(db: Db, id: number): string | undefined {
	return db.prepare('SELECT password_hash FROM users WHERE id = ?').pluck().get(id) as string | undefined;
}

export function listUsers(db: Db): User[] {
	return (db.prepare('SELECT * FROM users ORDER BY email').all() as UserRow[]).map(fromRow);
}

/** Admins that can sign in: setup is over when there is one, and the last one cannot be removed. */
export function countActiveAdmins(db: Db): number {
	return db.prepare(`SELECT count(*) FROM users WHERE role = 'admin' AND disabled = 0`).pluck().get() as number;
}

export function updateUser(db: Db, id: number, change: { role?: Role; disabled?: boolean; passwordHash?: string }, now: string): boolean {
	const user = db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
	if (!user) return false;
	db.prepare('UPDATE users SET role = ?, disabled = ?, password_hash = ?, updated_at = ? WHERE id = ?').run(
		change.role ?? user.role,
		change.disabled === undefined ? user.disabled : change.disabled ? 1 : 0,
		change.passwordHash ?? user.password_hash,
		now,
		id
	);
	return true;
}

export function recordLogin(db: Db, id: number, now: string): void {
	db.prepare('UPDATE users SET last_login_at = ? WHERE id = ?').run(now, id);
}

/** Deletes the account; its sessions and tokens go with it (ON DELETE CASCADE). */
export function deleteUser(db: Db, id: number): boolean {
	return db.prepare('DELETE FROM users WHERE id = ?').run(id).changes > 0;
}
