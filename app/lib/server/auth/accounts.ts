/**
 * Accounts: sign-in (with lockout), creation, password changes, roles, and the rules that keep
 * an admin able to sign in. Each change is written to the audit log. Shared by the pages, the API
 * and the `vigie users` command; no HTTP here.
 */
import type { Db } from '../../../../db/connection';
import { countActiveAdmins, deleteUser, findUserCredentials, getPasswordHash, getUser, insertUser, recordLogin, updateUser, type Role, type User } from '../../../../db/users';
import { deleteUserSessions } from '../../../../db/sessions';
import { revokeUserTokens } from '../../../../db/tokens';
import { audit, type Actor } from './audit-log';
import { losesRights } from './permissions';
import { clearAccountFailures, lockedOut, recordFailure } from './lockout';
import { dummyHash, hashPassword, passwordProblem, verifyPassword, type PasswordProblem } from './password';
import { createSession } from './sessions';
import { bookkeeping } from './deferred-writes';

export const EMAIL_MAX_LENGTH = 254;

/** The account name: trimmed, lower-case. */
export function normaliseEmail(email: string): string {
	return email.trim().toLowerCase();
}

/** A deliberately loose check (one @, no spaces or angle brackets): the address is a name, not a mailbox we write to. */
export function isEmail(email: string): boolean {
	return email.length <= EMAIL_MAX_LENGTH && /^[^\s@<>"']+@[^\s@<>"']+$/.test(email);
}

export type AccountProblem = PasswordProblem | 'bad_email' | 'email_taken' | 'bad_role' | 'last_admin' | 'self' | 'not_found' | 'wrong_password';

export type Outcome<T = object> = ({ ok: true } & T) | { ok: false; problem: AccountProblem };

export type SignIn =
	| { ok: true; user: User; session: { id: string; expires: Date } }
	| { ok: false; problem: 'invalid' }
	| { ok: false; problem: 'locked'; retryAfterMs: number };

/**
 * Checks an e-mail and password. Unknown accounts, wrong passwords and disabled accounts get the
 * same answer in the same time; a locked account or address is refused without checking.
 */
export async function signIn(db: Db, emailInput: string, password: string, ip: string): Promise<SignIn> {
	const email = normaliseEmail(emailInput).slice(0, EMAIL_MAX_LENGTH);
	const anonymous: Actor = { name: 'anonymous', userId: null, ip };
	const locked = lockedOut(db, email, ip);
	if (locked) {
		audit(db, anonymous, 'login_locked', { email, scope: locked.scope });
		return { ok: false, problem: 'locked', retryAfterMs: locked.retryAfterMs };
	}
	const found = findUserCredentials(db, email);
	const good = await verifyPassword(password.slice(0, 1024), found?.passwordHash ?? (await dummyHash()));
	if (!found || !good || found.user.disabled) {
		recordFailure(db, email, ip);
		audit(db, anonymous, 'login_failed', { email, ...(found?.user.disabled ? { disabled: true } : {}) });
		return { ok: false, problem: 'invalid' };
	}
	clearAccountFailures(db, email);
	const now = new Date().toISOString();
	// Shown on the users page only: a sign-in changes no dashboard page.
	bookkeeping(db, () => recordLogin(db, found.user.id, now));
	audit(db, { name: found.user.email, userId: found.user.id, ip }, 'login');
	return { ok: true, user: found.user, session: createSession(db, found.user.id) };
}

/** Creates an account (the first admin at setup, or any account by an admin or the command line). */
export async function createAccount(db: Db, actor: Actor, input: { email: string; role: Role; password: string }, action: 'setup' | 'user_create' = 'user_create'): Promise<Outcome<{ user: User }>> {
	const email = normaliseEmail(input.email);
	if (!isEmail(email)) return { ok: false, problem: 'bad_email' };
	const problem = passwordProblem(input.password);
	if (problem) return { ok: false, problem };
	const passwordHash = await hashPassword(input.password);
	// Checked after the (slow) hash so that no other request can take the address in between.
	if (findUserCredentials(db, email)) return { ok: false, problem: 'email_taken' };
	let id: number;
	try {
		id = insertUser(db, { email, role: input.role, passwordHash, now: new Date().toISOString() });
	} catch (err) {
		// Another process (the command line) took the address in between.
		if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') return { ok: false, problem: 'email_taken' };
		throw err;
	}
	audit(db, actor, action, { email, role: input.role });
	return { ok: true, user: getUser(db, id)! };
}

/** The signed-in user's own password: the current one is required; every other session ends. */
export async function changeOwnPassword(db: Db, actor: Actor & { userId: number }, current: string, next: string, keepSessionHash?: string): Promise<Outcome> {
	const stored = getPasswordHash(db, actor.userId);
	if (!stored || !(await verifyPassword(current.slice(0, 1024), stored))) return { ok: false, problem: 'wrong_password' };
	const problem = passwordProblem(next);
	if (problem) return { ok: false, problem };
	const passwordHash = await hashPassword(next);
	inOneTransaction(db, (now) => {
		updateUser(db, actor.userId, { passwordHash }, now);
		deleteUserSessions(db, actor.userId, keepSessionHash);
		audit(db, actor, 'password_change', revokedDetail(revokeUserTokens(db, actor.userId, now)));
	});
	return { ok: true };
}

/**
 * The audit detail of the tokens a change revoked. A token is a password a script keeps: when the
 * account's password changes, or it is disabled or loses rights, its tokens stop working (they
 * are revoked, not suspended: enabling the account again does not bring them back).
 */
const revokedDetail = (count: number): Record<string, number> => (count > 0 ? { tokens_revoked: count } : {});

/** Would this change leave no active admin? */
function removesLastAdmin(db: Db, target: User, change: { role?: Role; disabled?: boolean; deleted?: boolean }): boolean {
	if (target.role !== 'admin' || target.disabled) return false;
	const stillAdmin = !change.deleted && !change.disabled && (change.role ?? 'admin') === 'admin';
	return !stillAdmin && countActiveAdmins(db) <= 1;
}

/** An admin changes another account: role, disabled, password, lockout, or deletes it. */
export async function changeAccount(
	db: Db,
	actor: Actor,
	userId: number,
	change: { role: Role } | { disabled: boolean } | { password: string } | { unlock: true } | { delete: true }
): Promise<Outcome> {
	const target = getUser(db, userId);
	if (!target) return { ok: false, problem: 'not_found' };
	if ('role' in change) return changeRole(db, actor, target, change.role);
	if ('disabled' in change) return setDisabled(db, actor, target, change.disabled);
	if ('password' in change) return setPassword(db, actor, target, change.password);
	if ('unlock' in change) {
		clearAccountFailures(db, target.email);
		audit(db, actor, 'user_unlock', { email: target.email });
		return { ok: true };
	}
	return removeAccount(db, actor, target);
}

function changeRole(db: Db, actor: Actor, target: User, role: Role): Outcome {
	if (removesLastAdmin(db, target, { role })) return { ok: false, problem: 'last_admin' };
	if (role === target.role) return { ok: true };
	inOneTransaction(db, (now) => {
		updateUser(db, target.id, { role }, now);
		deleteUserSessions(db, target.id); // the account signs in again under its new role
		const revoked = losesRights(target.role, role) ? revokeUserTokens(db, target.id, now) : 0;
		audit(db, actor, 'user_role', { email: target.email, from: target.role, to: role, ...revokedDetail(revoked) });
	});
	return { ok: true };
}

function setDisabled(db: Db, actor: Actor, target: User, disabled: boolean): Outcome {
	if (disabled && actor.userId === target.id) return { ok: false, problem: 'self' };
	if (removesLastAdmin(db, target, { disabled })) return { ok: false, problem: 'last_admin' };
	inOneTransaction(db, (now) => {
		updateUser(db, target.id, { disabled }, now);
		let revoked = 0;
		if (disabled) {
			deleteUserSessions(db, target.id);
			revoked = revokeUserTokens(db, target.id, now);
		}
		audit(db, actor, disabled ? 'user_disable' : 'user_enable', { email: target.email, ...revokedDetail(revoked) });
	});
	return { ok: true };
}

async function setPassword(db: Db, actor: Actor, target: User, password: string): Promise<Outcome> {
	const problem = passwordProblem(password);
	if (problem) return { ok: false, problem };
	const passwordHash = await hashPassword(password);
	inOneTransaction(db, (now) => {
		updateUser(db, target.id, { passwordHash }, now);
		deleteUserSessions(db, target.id);
		audit(db, actor, 'user_password', { email: target.email, ...revokedDetail(revokeUserTokens(db, target.id, now)) });
	});
	return { ok: true };
}

function removeAccount(db: Db, actor: Actor, target: User): Outcome {
	if (actor.userId === target.id) return { ok: false, problem: 'self' };
	if (removesLastAdmin(db, target, { deleted: true })) return { ok: false, problem: 'last_admin' };
	inOneTransaction(db, (now) => {
		revokeUserTokens(db, target.id, now);
		deleteUser(db, target.id);
		audit(db, actor, 'user_delete', { email: target.email, role: target.role });
	});
	return { ok: true };
}

/** The change, its revocations and its audit entry: all or nothing, at one moment. */
function inOneTransaction(db: Db, fn: (now: string) => void): void {
	db.transaction(() => fn(new Date().toISOString()))();
}
