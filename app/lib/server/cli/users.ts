import { parseArgs } from 'node:util';
import { openDb, type Db } from '../../../../db/connection';
import { listAllTokens } from '../../../../db/tokens';
import { findUserCredentials, isRole, listUsers, ROLES, type Role, type User } from '../../../../db/users';
import { t, type Locale } from '../../i18n';
import { changeAccount, createAccount, normaliseEmail, type AccountProblem } from '../auth/accounts';
import { audit, cliActor } from '../auth/audit-log';
import { accountLocked } from '../auth/lockout';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../auth/password';
import { createApiToken, revokeAnyToken } from '../auth/tokens';
import { localeFrom, UsageError } from './usage';

/**
 * `vigie users`: accounts from the command line, for whoever can open the database (the server's
 * operator). Passwords are read from standard input, never from the command line (it shows in
 * `ps` and the shell's history); on a terminal they are typed without echo, twice.
 *
 *   users add EMAIL --role viewer|analyst|admin    users list [--format json]
 *   users token EMAIL [--label L]                  users password EMAIL      users unlock EMAIL
 *   users tokens [EMAIL] [--format json]           users revoke-token ID
 */
export async function runUsers(args: string[]): Promise<number> {
	const { values, positionals } = parseArgs({
		args, allowPositionals: true,
		options: { role: { type: 'string' }, label: { type: 'string' }, format: { type: 'string', default: 'text' }, lang: { type: 'string' } }
	});
	const locale = localeFrom(values.lang);
	const [action = 'list', arg] = positionals;
	if (positionals.length > 2) throw new UsageError(`users ${action}: too many arguments`);
	const run = Object.hasOwn(ACTIONS, action) ? ACTIONS[action] : undefined;
	if (!run) throw new UsageError(`unknown users action "${action}"`);
	if (values.format !== 'text' && values.format !== 'json') throw new UsageError('--format must be text or json');
	if (action === 'revoke-token' && !/^\d+$/.test(arg ?? '')) throw new UsageError('users revoke-token needs a token id (from users tokens)');
	if (!['list', 'tokens', 'revoke-token'].includes(action) && !arg) throw new UsageError(`users ${action} needs an e-mail address`);
	if (action === 'add' && !isRole(values.role)) throw new UsageError(`users add needs --role ${ROLES.join('|')}`);
	const db = openDb();
	try {
		return await run({ db, locale, arg, role: values.role, label: values.label, format: values.format });
	} finally {
		db.close();
	}
}

interface UsersCall {
	db: Db;
	locale: Locale;
	/** The e-mail address or token id after the action, if any. */
	arg: string | undefined;
	role: string | undefined;
	label: string | undefined;
	format: 'text' | 'json';
}

const out = (s: string) => process.stdout.write(s + '\n');
const err = (s: string) => process.stderr.write(s + '\n');

function problem(locale: Locale, p: AccountProblem): number {
	err(t(locale, `form.error.${p}`, { min: PASSWORD_MIN_LENGTH, max: PASSWORD_MAX_LENGTH }));
	return 1;
}

/** The account named on the command line, or null once the "no such account" message is written. */
function accountOf(c: UsersCall): User | null {
	const email = normaliseEmail(c.arg ?? '');
	const found = findUserCredentials(c.db, email);
	if (!found) err(t(c.locale, 'cli.users.unknown', { email }));
	return found?.user ?? null;
}

const ACTIONS: Record<string, (c: UsersCall) => number | Promise<number>> = {
	list(c) {
		const users = listUsers(c.db).map((u) => ({ ...u, locked: accountLocked(c.db, u.email) }));
		if (c.format === 'json') out(JSON.stringify(users, null, 2));
		else for (const u of users) out(`${u.id}\t${u.email}\t${u.role}\t${u.disabled ? 'disabled' : 'active'}${u.locked ? ' locked' : ''}\t${u.last_login_at ?? '-'}`);
		return 0;
	},
	async add(c) {
		const email = normaliseEmail(c.arg!);
		const password = await readPassword(c.locale, email);
		if (password === null) return 1;
		const r = await createAccount(c.db, cliActor(), { email, role: c.role as Role, password });
		if (!r.ok) return problem(c.locale, r.problem);
		out(t(c.locale, 'cli.users.added', { email: r.user.email, role: r.user.role }));
		return 0;
	},
	token(c) {
		const user = accountOf(c);
		if (!user) return 1;
		const label = c.label ?? `cli ${new Date().toISOString().slice(0, 10)}`;
		const created = createApiToken(c.db, user.id, label);
		audit(c.db, cliActor(), 'token_create', { email: user.email, token_id: created.id, label });
		err(t(c.locale, 'cli.users.token_note', { email: user.email }));
		out(created.token);
		return 0;
	},
	tokens(c) {
		const user = c.arg === undefined ? undefined : accountOf(c);
		if (user === null) return 1;
		const tokens = listAllTokens(c.db, user?.id);
		if (c.format === 'json') out(JSON.stringify(tokens, null, 2));
		else if (tokens.length === 0) err(t(c.locale, 'cli.users.no_tokens'));
		else for (const k of tokens)
			out(`${k.id}\t${k.email}\t${k.label}\t${k.hint}…\t${k.created_at}\t${k.last_used_at ?? '-'}\t${k.revoked_at ? `revoked ${k.revoked_at}` : 'active'}`);
		return 0;
	},
	'revoke-token'(c) {
		const revoked = revokeAnyToken(c.db, cliActor(), Number(c.arg));
		if (!revoked) {
			err(t(c.locale, 'cli.users.no_token', { id: c.arg! }));
			return 1;
		}
		out(t(c.locale, 'cli.users.token_revoked', { id: revoked.id, label: revoked.label, email: revoked.email }));
		return 0;
	},
	async password(c) {
		const user = accountOf(c);
		if (!user) return 1;
		const password = await readPassword(c.locale, user.email);
		if (password === null) return 1;
		const r = await changeAccount(c.db, cliActor(), user.id, { password });
		if (!r.ok) return problem(c.locale, r.problem);
		out(t(c.locale, 'cli.users.password_set', { email: user.email }));
		return 0;
	},
	async unlock(c) {
		const user = accountOf(c);
		if (!user) return 1;
		await changeAccount(c.db, cliActor(), user.id, { unlock: true });
		out(t(c.locale, 'cli.users.unlocked', { email: user.email }));
		return 0;
	}
};

/** The password: typed twice without echo on a terminal, else the first line of standard input. */
async function readPassword(locale: Locale, email: string): Promise<string | null> {
	const stdin = process.stdin;
	if (stdin.isTTY) {
		const first = await promptHidden(t(locale, 'cli.users.password_prompt', { email }));
		const again = await promptHidden(t(locale, 'cli.users.password_again'));
		if (first !== again) {
			process.stderr.write(t(locale, 'cli.users.password_mismatch') + '\n');
			return null;
		}
		return first;
	}
	let input = '';
	for await (const chunk of stdin) input += chunk;
	const password = input.split(/\r?\n/)[0] ?? '';
	if (!password) {
		process.stderr.write(t(locale, 'cli.users.empty_password') + '\n');
		return null;
	}
	return password;
}

/** One line typed on the terminal without echo (raw mode); Ctrl-C aborts. */
function promptHidden(prompt: string): Promise<string> {
	const stdin = process.stdin;
	process.stderr.write(prompt);
	stdin.setRawMode(true);
	stdin.resume();
	stdin.setEncoding('utf8');
	return new Promise((resolve) => {
		let value = '';
		const onData = (s: string) => {
			for (const ch of s) {
				if (ch === '\r' || ch === '\n') {
					stdin.off('data', onData);
					stdin.setRawMode(false);
					stdin.pause();
					process.stderr.write('\n');
					resolve(value);
					return;
				}
				if (ch === '\u0003') {
					stdin.setRawMode(false);
					process.stderr.write('\n');
					process.exit(130);
				}
				if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
				else value += ch;
			}
		};
		stdin.on('data', onData);
	});
}
