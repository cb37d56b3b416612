/**
 * Accounts on a real SQLite file: migration 4, sessions (expiry, idle sliding, disabled
 * accounts), API tokens (revocation), the sign-in lockout window, the rules that keep an admin,
 * the audit log, the setup code, and the `vigie users` command line.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { tempDb } from '../helpers/temp-db';
import { runVigie } from '../helpers/cli';
import type { Db } from '../../db/connection';
import { listAudit } from '../../db/audit-log';
import { getUser, listUsers } from '../../db/users';
import { listTokens, revokeToken } from '../../db/tokens';
import { changeAccount, changeOwnPassword, createAccount, signIn } from '../../app/lib/server/auth/accounts';
import { cliActor, type Actor } from '../../app/lib/server/auth/audit-log';
import { accountLocked, clearAccountFailures, lockedOut, LOCKOUT_WINDOW_MS, recordFailure } from '../../app/lib/server/auth/lockout';
import { createSession, resolveSession, SESSION_IDLE_MS, SESSION_MAX_MS } from '../../app/lib/server/auth/sessions';
import { createApiToken, resolveApiToken } from '../../app/lib/server/auth/tokens';
import { checkSetupCode, clearSetupCode, issueSetupCode, needsSetup } from '../../app/lib/server/auth/setup';
import { isPublic, setPublic } from '../../app/lib/server/auth/access';
import { sha256 } from '../../app/lib/server/auth/secrets';

let t: ReturnType<typeof tempDb>;
let db: Db;
const admin: Actor = { name: 'admin@x.test', userId: null, ip: '127.0.0.1' };

beforeAll(() => {
	t = tempDb();
	db = t.db;
});
afterAll(() => t?.cleanup());

async function user(email: string, role: 'viewer' | 'analyst' | 'admin', password = 'long enough password') {
	const r = await createAccount(db, admin, { email, role, password });
	if (!r.ok) throw new Error(r.problem);
	return r.user;
}

describe('migration 4', () => {
	test('is recorded as version 4 with its tables', () => {
		expect(db.prepare('SELECT name FROM schema_migrations WHERE version = 4').pluck().get()).toBe('004_accounts');
		const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all();
		for (const name of ['users', 'sessions', 'api_tokens', 'login_failures', 'audit_log']) expect(tables).toContain(name);
	});
});

describe('setup', () => {
	test('needs an active admin; the setup code is checked against its hash only', async () => {
		expect(needsSetup(db)).toBe(true);
		const code = issueSetupCode(db);
		expect(JSON.stringify(db.prepare('SELECT * FROM settings').all())).not.toContain(code);
		expect(checkSetupCode(db, code)).toBe(true);
		expect(checkSetupCode(db, code + 'x')).toBe(false);
		expect(checkSetupCode(db, '')).toBe(false);
		clearSetupCode(db);
		expect(checkSetupCode(db, code)).toBe(false);
		await user('first-admin@x.test', 'admin');
		expect(needsSetup(db)).toBe(false);
	});
});

describe('accounts', () => {
	test('e-mail addresses are names: trimmed, case-insensitive, unique', async () => {
		const u = await user('  Someone@Example.ORG ', 'viewer');
		expect(u.email).toBe('someone@example.org');
		expect(await createAccount(db, admin, { email: 'SOMEONE@example.org', role: 'viewer', password: 'long enough password' })).toEqual({ ok: false, problem: 'email_taken' });
		expect(await createAccount(db, admin, { email: '<script>@x', role: 'viewer', password: 'long enough password' })).toEqual({ ok: false, problem: 'bad_email' });
		expect(await createAccount(db, admin, { email: 'short@x.test', role: 'viewer', password: 'short' })).toEqual({ ok: false, problem: 'too_short' });
	});

	test('the password is stored as a scrypt hash, never as itself', async () => {
		await user('hash@x.test', 'viewer', 'a very secret phrase');
		const stored = db.prepare('SELECT password_hash FROM users WHERE email = ?').pluck().get('hash@x.test') as string;
		expect(stored).toMatch(/^scrypt\$/);
		expect(JSON.stringify(db.prepare('SELECT * FROM users').all())).not.toContain('a very secret phrase');
	});

	test('the last active admin can be neither demoted, disabled nor deleted', async () => {
		const only = listUsers(db).find((u) => u.role === 'admin')!;
		expect(await changeAccount(db, admin, only.id, { role: 'viewer' })).toEqual({ ok: false, problem: 'last_admin' });
		expect(await changeAccount(db, admin, only.id, { disabled: true })).toEqual({ ok: false, problem: 'last_admin' });
		expect(await changeAccount(db, admin, only.id, { delete: true })).toEqual({ ok: false, problem: 'last_admin' });
		const second = await user('second-admin@x.test', 'admin');
		expect(await changeAccount(db, admin, only.id, { role: 'analyst' })).toEqual({ ok: true });
		expect(getUser(db, only.id)!.role).toBe('analyst');
		expect(await changeAccount(db, { ...admin, userId: second.id }, second.id, { delete: true })).toEqual({ ok: false, problem: 'self' });
	});

	test('changing a role or disabling an account ends its sessions', async () => {
		const u = await user('sessions@x.test', 'viewer');
		const s = createSession(db, u.id);
		expect(resolveSession(db, s.id)?.user.email).toBe('sessions@x.test');
		await changeAccount(db, admin, u.id, { role: 'analyst' });
		expect(resolveSession(db, s.id)).toBeNull();
		const s2 = createSession(db, u.id);
		await changeAccount(db, admin, u.id, { disabled: true });
		expect(resolveSession(db, s2.id)).toBeNull();
		expect((await signIn(db, 'sessions@x.test', 'long enough password', '192.0.2.50')).ok).toBe(false);
		await changeAccount(db, admin, u.id, { disabled: false });
		expect((await signIn(db, 'sessions@x.test', 'long enough password', '192.0.2.50')).ok).toBe(true);
	});

	test('changing one\'s password needs the current one and ends the other sessions', async () => {
		const u = await user('change@x.test', 'viewer', 'first password here');
		const kept = createSession(db, u.id), other = createSession(db, u.id);
		const actor = { name: u.email, userId: u.id, ip: null };
		expect(await changeOwnPassword(db, actor, 'wrong password!!', 'second password here', sha256(kept.id))).toEqual({ ok: false, problem: 'wrong_password' });
		expect(await changeOwnPassword(db, actor, 'first password here', 'short', sha256(kept.id))).toEqual({ ok: false, problem: 'too_short' });
		expect(await changeOwnPassword(db, actor, 'first password here', 'second password here', sha256(kept.id))).toEqual({ ok: true });
		expect(resolveSession(db, kept.id)).not.toBeNull();
		expect(resolveSession(db, other.id)).toBeNull();
		expect((await signIn(db, u.email, 'first password here', '192.0.2.51')).ok).toBe(false);
		expect((await signIn(db, u.email, 'second password here', '192.0.2.51')).ok).toBe(true);
	});
});

describe('sessions', () => {
	test('only the SHA-256 of the cookie is stored', async () => {
		const u = await user('store@x.test', 'viewer');
		const s = createSession(db, u.id);
		expect(s.id).toMatch(/^[A-Za-z0-9_-]{43}$/);
		const stored = db.prepare('SELECT id_hash FROM sessions WHERE user_id = ?').pluck().all(u.id);
		expect(stored).toEqual([sha256(s.id)]);
	});

	test('a session ends after 8 idle hours, slides while used, and never outlives 7 days', async () => {
		const u = await user('expiry@x.test', 'viewer');
		const t0 = Date.parse('2030-01-01T00:00:00Z');
		const s = createSession(db, u.id, t0);
		expect(resolveSession(db, s.id, t0 + SESSION_IDLE_MS - 1000)).not.toBeNull();
		// Used just before the idle limit: the limit slides forward.
		expect(resolveSession(db, s.id, t0 + SESSION_IDLE_MS + 60 * 60 * 1000)).not.toBeNull();
		let now = t0 + SESSION_IDLE_MS + 60 * 60 * 1000;
		// Used every 7 hours, it lives until the absolute limit and no longer.
		while (now + 7 * 3600_000 < t0 + SESSION_MAX_MS) {
			now += 7 * 3600_000;
			expect(resolveSession(db, s.id, now), new Date(now).toISOString()).not.toBeNull();
		}
		expect(resolveSession(db, s.id, t0 + SESSION_MAX_MS + 1000)).toBeNull();

		const idle = createSession(db, u.id, t0);
		expect(resolveSession(db, idle.id, t0 + SESSION_IDLE_MS + 1000)).toBeNull();
	});

	test('unknown, empty and oversized cookies are no session', () => {
		expect(resolveSession(db, undefined)).toBeNull();
		expect(resolveSession(db, '')).toBeNull();
		expect(resolveSession(db, 'x'.repeat(43))).toBeNull();
		expect(resolveSession(db, 'x'.repeat(5000))).toBeNull();
	});
});

describe('API tokens', () => {
	test('a token is stored hashed, works until revoked, and not for a disabled account', async () => {
		const u = await user('token@x.test', 'analyst');
		const { id, token } = createApiToken(db, u.id, 'nightly upload');
		expect(token).toMatch(/^vigie_[A-Za-z0-9_-]{43}$/);
		expect(JSON.stringify(db.prepare('SELECT * FROM api_tokens').all())).not.toContain(token.slice(6));
		expect(resolveApiToken(db, token)?.email).toBe('token@x.test');
		expect(resolveApiToken(db, token + 'x')).toBeNull();
		expect(resolveApiToken(db, 'not_a_vigie_token')).toBeNull();
		expect(listTokens(db, u.id)[0]).toMatchObject({ id, label: 'nightly upload', hint: token.slice(0, 10), revoked_at: null });
		expect(revokeToken(db, u.id, id, new Date().toISOString())).toBe(true);
		expect(resolveApiToken(db, token)).toBeNull();
		expect(revokeToken(db, u.id, id, new Date().toISOString())).toBe(false);
	});
});

describe('API tokens never carry more rights than their account has now', () => {
	/** A fresh account with two live tokens and one already revoked. */
	async function withTokens(email: string, role: 'viewer' | 'analyst' | 'admin') {
		const u = await user(email, role);
		const tokens = [createApiToken(db, u.id, 'one').token, createApiToken(db, u.id, 'two').token];
		revokeToken(db, u.id, createApiToken(db, u.id, 'old').id, new Date().toISOString());
		return { u, tokens };
	}
	const live = (tokens: string[]) => tokens.filter((k) => resolveApiToken(db, k) !== null).length;
	const lastAudit = () => listAudit(db, { limit: 1 })[0]!;

	test.each([
		{ what: 'its own password changes', change: (id: number) => changeOwnPassword(db, { ...admin, userId: id }, 'long enough password', 'a brand new password'), action: 'password_change' },
		{ what: 'an admin sets its password', change: (id: number) => changeAccount(db, admin, id, { password: 'set by the admin 1' }), action: 'user_password' },
		{ what: 'it is disabled', change: (id: number) => changeAccount(db, admin, id, { disabled: true }), action: 'user_disable' }
	])('every token of an account is revoked when $what, in the same audit entry', async ({ change, action }) => {
		const { u, tokens } = await withTokens(`revoked-${action}@x.test`, 'analyst');
		expect(live(tokens)).toBe(2);
		expect((await change(u.id)).ok).toBe(true);
		expect(live(tokens)).toBe(0);
		expect(lastAudit()).toMatchObject({ action, details: expect.objectContaining({ tokens_revoked: 2 }) });
		expect(listTokens(db, u.id).every((k) => k.revoked_at !== null)).toBe(true);
	});

	test('enabling the account again does not bring its tokens back', async () => {
		const { u, tokens } = await withTokens('reenabled@x.test', 'viewer');
		await changeAccount(db, admin, u.id, { disabled: true });
		await changeAccount(db, admin, u.id, { disabled: false });
		expect(live(tokens)).toBe(0);
		expect(resolveApiToken(db, createApiToken(db, u.id, 'new one').token)?.email).toBe('reenabled@x.test');
	});

	test.each([
		{ from: 'analyst', to: 'viewer', revoked: true },
		{ from: 'admin', to: 'viewer', revoked: true },
		{ from: 'admin', to: 'analyst', revoked: true },
		// Not a promotion: an admin may not upload or see unsuppressed values, which an analyst may.
		{ from: 'analyst', to: 'admin', revoked: true },
		{ from: 'viewer', to: 'analyst', revoked: false },
		{ from: 'viewer', to: 'admin', revoked: false }
	] as const)('a role change from $from to $to: tokens revoked $revoked', async ({ from, to, revoked }) => {
		const { u, tokens } = await withTokens(`role-${from}-${to}@x.test`, from);
		expect((await changeAccount(db, admin, u.id, { role: to })).ok).toBe(true);
		expect(live(tokens)).toBe(revoked ? 0 : 2);
		// A token that still works has the account's role now, never the one it was made under.
		for (const k of tokens) if (!revoked) expect(resolveApiToken(db, k)?.role).toBe(to);
		expect(lastAudit()).toMatchObject({ action: 'user_role', details: revoked ? expect.objectContaining({ tokens_revoked: 2 }) : expect.not.objectContaining({ tokens_revoked: expect.anything() }) });
	});

	test('a failed change (wrong current password, too short a password) revokes nothing', async () => {
		const { u, tokens } = await withTokens('kept@x.test', 'analyst');
		expect((await changeOwnPassword(db, { ...admin, userId: u.id }, 'wrong password!!', 'a brand new password')).ok).toBe(false);
		expect((await changeAccount(db, admin, u.id, { password: 'short' })).ok).toBe(false);
		expect(live(tokens)).toBe(2);
	});
});

describe('lockout', () => {
	test('5 failures for an account within 15 minutes lock it until the oldest is 15 minutes old', () => {
		const t0 = Date.parse('2030-02-01T10:00:00Z');
		for (let i = 0; i < 4; i++) recordFailure(db, 'lock@x.test', `198.51.100.${i}`, t0 + i * 60_000);
		expect(lockedOut(db, 'lock@x.test', '198.51.100.99', t0 + 5 * 60_000)).toBeNull();
		recordFailure(db, 'LOCK@x.test', '198.51.100.4', t0 + 4 * 60_000);
		const locked = lockedOut(db, 'lock@x.test', '198.51.100.99', t0 + 5 * 60_000);
		expect(locked).toEqual({ scope: 'account', retryAfterMs: LOCKOUT_WINDOW_MS - 5 * 60_000 });
		expect(lockedOut(db, 'lock@x.test', '198.51.100.99', t0 + LOCKOUT_WINDOW_MS + 1)).toBeNull();
		expect(lockedOut(db, 'other@x.test', '198.51.100.99', t0 + 5 * 60_000)).toBeNull();
	});

	test('20 failures from one address lock the address, for every account', () => {
		const t0 = Date.parse('2030-03-01T10:00:00Z');
		for (let i = 0; i < 20; i++) recordFailure(db, `spray${i}@x.test`, '203.0.113.9', t0 + i * 1000);
		expect(lockedOut(db, 'anyone@x.test', '203.0.113.9', t0 + 30_000)?.scope).toBe('address');
		expect(lockedOut(db, 'anyone@x.test', '203.0.113.10', t0 + 30_000)).toBeNull();
	});

	test('signIn refuses a locked account without checking the password, and the audit log says so', async () => {
		await user('locked@x.test', 'viewer', 'the right password');
		for (let i = 0; i < 5; i++) expect(await signIn(db, 'locked@x.test', 'a wrong password', `192.0.2.${i}`)).toEqual({ ok: false, problem: 'invalid' });
		const r = await signIn(db, 'locked@x.test', 'the right password', '192.0.2.99');
		expect(r.ok).toBe(false);
		expect(!r.ok && r.problem).toBe('locked');
		expect(accountLocked(db, 'locked@x.test')).toBe(true);
		const log = listAudit(db, { limit: 10 });
		expect(log[0]).toMatchObject({ action: 'login_locked', actor: 'anonymous', ip: '192.0.2.99', details: { email: 'locked@x.test', scope: 'account' } });
		expect(log.filter((e) => e.action === 'login_failed' && e.details.email === 'locked@x.test')).toHaveLength(5);
		clearAccountFailures(db, 'locked@x.test');
		expect((await signIn(db, 'locked@x.test', 'the right password', '192.0.2.99')).ok).toBe(true);
	});

	test('an unknown account is refused like a wrong password', async () => {
		expect(await signIn(db, 'nobody@x.test', 'whatever password', '192.0.2.200')).toEqual({ ok: false, problem: 'invalid' });
	});
});

describe('public or private', () => {
	test('private until set; each change is audited once', () => {
		expect(isPublic(db)).toBe(false);
		setPublic(db, true, cliActor());
		setPublic(db, true, cliActor());
		expect(isPublic(db)).toBe(true);
		setPublic(db, false, admin);
		const changes = listAudit(db, { limit: 50, action: 'settings_change' });
		expect(changes.map((e) => [e.details.from, e.details.to])).toEqual([[true, false], [false, true]]);
	});
});

describe('vigie users', () => {
	test('add (password on standard input), list, token, password, unlock; every change audited', async () => {
		const add = await runVigie(t.path, ['users', 'add', 'Cli@X.test', '--role', 'analyst'], {}, 'cli password long\n');
		expect(add.code, add.stderr).toBe(0);
		expect(add.stdout).toContain('cli@x.test');
		const again = await runVigie(t.path, ['users', 'add', 'cli@x.test', '--role', 'viewer'], {}, 'cli password long\n');
		expect(again.code).toBe(1);
		expect(again.stderr).toMatch(/already uses this address/);
		const weak = await runVigie(t.path, ['users', 'add', 'weak@x.test', '--role', 'viewer'], {}, 'short\n');
		expect(weak.code).toBe(1);
		expect(weak.stderr).toMatch(/at least 12 characters/);
		const noRole = await runVigie(t.path, ['users', 'add', 'x@x.test'], {}, 'cli password long\n');
		expect(noRole.code).toBe(2);
		const empty = await runVigie(t.path, ['users', 'add', 'e@x.test', '--role', 'viewer'], {}, '');
		expect(empty.code).toBe(1);

		const list = await runVigie(t.path, ['users', 'list', '--format', 'json']);
		expect(list.code).toBe(0);
		const users = JSON.parse(list.stdout) as { email: string; role: string; password_hash?: string }[];
		expect(users.find((u) => u.email === 'cli@x.test')?.role).toBe('analyst');
		expect(list.stdout).not.toMatch(/scrypt|password_hash/);

		const token = await runVigie(t.path, ['users', 'token', 'cli@x.test', '--label', 'script']);
		expect(token.code, token.stderr).toBe(0);
		expect(token.stdout.trim()).toMatch(/^vigie_[A-Za-z0-9_-]{43}$/);
		expect(resolveApiToken(db, token.stdout.trim())?.email).toBe('cli@x.test');
		expect((await runVigie(t.path, ['users', 'token', 'nobody@x.test'])).code).toBe(1);

		const password = await runVigie(t.path, ['users', 'password', 'cli@x.test'], {}, 'a new cli password\n');
		expect(password.code, password.stderr).toBe(0);
		expect((await signIn(db, 'cli@x.test', 'a new cli password', '192.0.2.77')).ok).toBe(true);
		expect((await runVigie(t.path, ['users', 'unlock', 'cli@x.test'])).code).toBe(0);

		const actions = listAudit(db, { limit: 20 }).filter((e) => e.actor.startsWith('cli:')).map((e) => e.action);
		expect(actions).toEqual(expect.arrayContaining(['user_create', 'token_create', 'user_password', 'user_unlock']));
	}, 60_000);

	test('tokens lists every account\'s tokens (or one account\'s); revoke-token revokes any, audited', async () => {
		const u = await user('listed@x.test', 'viewer');
		const { id, token } = createApiToken(db, u.id, 'dashboard screenshot');
		const all = await runVigie(t.path, ['users', 'tokens', '--format', 'json']);
		expect(all.code, all.stderr).toBe(0);
		const listed = JSON.parse(all.stdout) as { id: number; email: string; label: string; hint: string; token_hash?: string }[];
		expect(listed.find((k) => k.id === id)).toMatchObject({ email: 'listed@x.test', label: 'dashboard screenshot', hint: token.slice(0, 10) });
		expect(all.stdout).not.toContain(token);
		expect(all.stdout).not.toMatch(/token_hash/);
		const mine = await runVigie(t.path, ['users', 'tokens', 'listed@x.test']);
		expect(mine.stdout.trim().split('\n')).toEqual([expect.stringMatching(new RegExp(`^${id}\tlisted@x.test\tdashboard screenshot\t${token.slice(0, 10)}…\t.*\tactive$`))]);
		expect((await runVigie(t.path, ['users', 'tokens', 'nobody@x.test'])).code).toBe(1);

		const revoked = await runVigie(t.path, ['users', 'revoke-token', String(id)]);
		expect(revoked.code, revoked.stderr).toBe(0);
		expect(revoked.stdout).toContain('listed@x.test');
		expect(resolveApiToken(db, token)).toBeNull();
		expect(listAudit(db, { limit: 1 })[0]).toMatchObject({ action: 'token_revoke', actor: expect.stringMatching(/^cli:/), details: { email: 'listed@x.test', token_id: id } });
		const twice = await runVigie(t.path, ['users', 'revoke-token', String(id)]);
		expect(twice.code).toBe(1);
		expect(twice.stderr).toMatch(/no active API token/);
		expect((await runVigie(t.path, ['users', 'revoke-token', 'abc'])).code).toBe(2);
		expect((await runVigie(t.path, ['users', 'revoke-token'])).code).toBe(2);
	}, 60_000);
});
