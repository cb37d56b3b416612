import { parseArgs } from 'node:util';
import { openDb } from '../../../../db/connection';
import { findUserCredentials, isRole, listUsers, ROLES } from '../../../../db/users';
import { t, type Locale } from '../../i18n';
import { changeAccount, createAccount, normaliseEmail, type AccountProblem } from '../auth/accounts';
import { audit, cliActor } from '../auth/audit';
import { accountLocked } from '../auth/lockout';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../auth/password';
import { createApiToken } from '../auth/tokens';
import { localeFrom, UsageError } from './usage';

/**
 * `vigie users`: accounts from the command line, for whoever can open the database (the server's
 * operator). Passwords are read from standard input, never from the command line (it shows in
 * `ps` and the shell's history); on a terminal they are typed without echo, twice.
 *
 *   users add EMAIL --role viewer|analyst|admin    users list [--format json]
 *   users token EMAIL [--label L]                  users password EMAIL      users unlock EMAIL
 */
export async function runUsers(args: string[]): Promise<number> {
	const { values, positionals } = parseArgs({
		args, allowPositionals: true,
		options: { role: { type: 'string' }, label: { type: 'string' }, format: { type: 'string', default: 'text' }, lang: { type: 'string' } }
	});
	const locale = localeFrom(values.lang);
	const [action = 'list', emailArg] = positionals;
	if (positionals.length > 2) throw new UsageError(`users ${action}: too many arguments`);
	if (action !== 'list' && !emailArg) throw new UsageError(`users ${action} needs an e-mail address`);
	if (action === 'add' && !isRole(values.role)) throw new UsageError(`users add needs --role ${ROLES.join('|')}`);
	if (!['list', 'add', 'token', 'password', 'unlock'].includes(action)) throw new UsageError(`unknown users action "${action}"`);
	const email = normaliseEmail(emailArg ?? '');
	const db = openDb();
	const problem = (p: AccountProblem) => {
		process.stderr.write(t(locale, `form.error.${p}`, { min: PASSWORD_MIN_LENGTH, max: PASSWORD_MAX_LENGTH }) + '\n');
		return 1;
	};
	try {
		if (action === 'list') {
			const users = listUsers(db).map((u) => ({ ...u, locked: accountLocked(db, u.email) }));
			if (values.format === 'json') process.stdout.write(JSON.stringify(users, null, 2) + '\n');
			else for (const u of users) process.stdout.write(`${u.id}\t${u.email}\t${u.role}\t${u.disabled ? 'disabled' : 'active'}${u.locked ? ' locked' : ''}\t${u.last_login_at ?? '-'}\n`);
			return 0;
		}
		if (action === 'add') {
			const password = await readPassword(locale, email);
			if (password === null) return 1;
			const r = await createAccount(db, cliActor(), { email, role: values.role as (typeof ROLES)[number], password });
			if (!r.ok) return problem(r.problem);
			process.stdout.write(t(locale, 'cli.users.added', { email: r.user.email, role: r.user.role }) + '\n');
			return 0;
		}
		const found = findUserCredentials(db, email);
		if (!found) {
			process.stderr.write(t(locale, 'cli.users.unknown', { email }) + '\n');
			return 1;
		}
		const { user } = found;
		if (action === 'token') {
			const label = values.label ?? `cli ${new Date().toISOString().slice(0, 10)}`;
			const created = createApiToken(db, user.id, label);
			audit(db, cliActor(), 'token_create', { email: user.email, token_id: created.id, label });
			process.stderr.write(t(locale, 'cli.users.token_note', { email: user.email }) + '\n');
			process.stdout.write(created.token + '\n');
			return 0;
		}
		if (action === 'password') {
			const password = await readPassword(locale, email);
			if (password === null) return 1;
			const r = await changeAccount(db, cliActor(), user.id, { password });
			if (!r.ok) return problem(r.problem);
			process.stdout.write(t(locale, 'cli.users.password_set', { email: user.email }) + '\n');
			return 0;
		}
		await changeAccount(db, cliActor(), user.id, { unlock: true });
		process.stdout.write(t(locale, 'cli.users.unlocked', { email: user.email }) + '\n');
		return 0;
	} finally {
		db.close();
	}
}

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
