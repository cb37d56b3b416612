/**
 * The command line in pipes and with bad input, through the real `vigie` process: a reader that
 * closes the pipe early (`vigie … | head`) ends the command quietly with its own exit code, and
 * no user error (missing or unreadable files, an unusable database, bad JSON, bad flags, unknown
 * ids) shows a stack trace. Exit codes: 0 success, 1 invalid input, 2 usage error.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { tempDb } from '../helpers/temp-db';
import { runVigie, runVigieClosing } from '../helpers/cli';
import { REF } from '../helpers/survey-csv';
import { loadSurvey } from '../../ingest/survey/load-survey';
import { findUserCredentials } from '../../db/users';
import { createApiToken } from '../../app/lib/server/auth/tokens';

let env: ReturnType<typeof tempDb>;

beforeAll(async () => {
	env = tempDb();
	const r = await loadSurvey(env.db, REF, { wave: '2024' });
	if (!r.ok) throw new Error(JSON.stringify(r.errors.slice(0, 3)));
	const add = await runVigie(env.path, ['users', 'add', 'pipe@x.test', '--role', 'analyst'], {}, 'a long enough password\n');
	if (add.code !== 0) throw new Error(add.stderr);
	// Enough tokens that listing them is far more than a pipe holds (64 KiB): the writer must meet the closed pipe.
	const user = findUserCredentials(env.db, 'pipe@x.test')!.user;
	env.db.transaction(() => { for (let i = 0; i < 5000; i++) createApiToken(env.db, user.id, `token number ${i} for the pipe tests`); })();
}, 120_000);
afterAll(() => env?.cleanup());

/** Nothing of Node's own error report: no stack frame, no "Error:" line, no unforeseen error. */
function expectNoStackTrace(stderr: string): void {
	expect(stderr).not.toMatch(/^\s+at /m);
	expect(stderr).not.toMatch(/\b(Error|EPIPE|node:internal)\b.*\n|Node\.js v\d+/);
	expect(stderr).not.toMatch(/unexpected error/);
}

const ESTIMATE = ['estimate', '--indicator', 'feel_safe_after_dark', '--wave', '2024'];

describe('a reader that closes the pipe early', () => {
	test.each([
		['help'], ['datasets'], ['datasets', 'show', '1', '--format', 'json'], ['users', 'list'], ['users', 'tokens'], ['catalog', 'list'],
		['settings', 'show'], [...ESTIMATE, '--format', 'csv'], [...ESTIMATE, '--by', 'borough,age_group,gender', '--format', 'json']
	])('stdout closed before a byte: vigie %s exits 0 in silence', async (...args) => {
		const r = await runVigieClosing(env.path, args, 'stdout');
		expectNoStackTrace(r.stderr);
		expect(r.stderr).toBe('');
		expect(r.code).toBe(0);
	}, 60_000);

	test('stdout closed in the middle of a large answer (well over what a pipe holds)', async () => {
		const full = await runVigie(env.path, ['users', 'tokens', '--format', 'json']);
		expect(full.stdout.length).toBeGreaterThan(1_000_000);
		const r = await runVigieClosing(env.path, ['users', 'tokens', '--format', 'json'], 'stdout', 1000);
		expect(r.read).toBeGreaterThanOrEqual(1000);
		expect(r.read).toBeLessThan(full.stdout.length);
		expect(r.stderr).toBe('');
		expect(r.code).toBe(0);
	}, 60_000);

	test('stderr closed: a user error still exits 1, a usage error 2, without crashing', async () => {
		expect((await runVigieClosing(env.path, ['estimate', '--indicator', 'no_such_indicator', '--wave', '2024'], 'stderr')).code).toBe(1);
		expect((await runVigieClosing(env.path, ['estimate', '--bogus'], 'stderr')).code).toBe(2);
		expect((await runVigieClosing(env.path, ['users', 'token', 'pipe@x.test'], 'stderr')).code).toBe(0);
	}, 60_000);

	test('in a shell, with pipefail: vigie users tokens | head -1', () => {
		const r = spawnSync('bash', ['-o', 'pipefail', '-c', 'node bin/vigie.js users tokens | head -1'], { env: { ...process.env, VIGIE_DB: env.path }, encoding: 'utf8' });
		expect(r.stdout).toMatch(/^\d+\tpipe@x\.test\t[^\t]+\tvigie_/);
		expect(r.stdout.trim().split('\n')).toHaveLength(1);
		expectNoStackTrace(r.stderr);
		expect(r.stderr).toBe('');
		expect(r.status).toBe(0);
	}, 60_000);
});

describe('bad input: one clear line, the right exit code, never a stack trace', () => {
	let dir: string;
	beforeAll(() => {
		dir = join(env.dir, 'bad');
		mkdirSync(dir);
		writeFileSync(join(dir, 'not-json.json'), '{ "id": ');
		writeFileSync(join(dir, 'not-a-db.db'), 'hello, this is text\n'.repeat(100));
		writeFileSync(join(dir, 'a-file'), 'x');
		writeFileSync(join(dir, 'two-cols.csv'), 'a,b\n1,2\n');
	});
	const p = (f: string) => join(dir, f);

	type Case = { args: string[]; db?: string; input?: string; code: number; says: RegExp };
	const cases: () => Case[] = () => [
		// The database file itself.
		{ args: ['datasets'], db: dir, code: 1, says: /database .* cannot be used: it cannot be opened or created there\. Check VIGIE_DB/ },
		{ args: ['datasets'], db: p('not-a-db.db'), code: 1, says: /database .*not-a-db\.db cannot be used: it is not a database/ },
		{ args: ['users', 'list'], db: join(p('a-file'), 'vigie.db'), code: 1, says: /database .* cannot be used: a part of the path is not a folder/ },
		{ args: ['datasets', '--lang', 'fr'], db: p('not-a-db.db'), code: 1, says: /La base de données .* est inutilisable : ce n’est pas une base de données/ },
		// Files given to a command.
		{ args: ['ingest', p('missing.csv'), '--kind', 'survey'], code: 1, says: /cannot be read \(ENOENT\)/ },
		{ args: ['ingest', dir, '--kind', 'survey'], code: 1, says: /cannot be read \(not a file\)/ },
		{ args: ['ingest', p('missing.csv'), '--kind', 'incidents'], code: 1, says: /cannot be read/ },
		{ args: ['ingest', REF, '--kind', 'survey', '--mapping', p('not-json.json')], code: 1, says: /mapping is not valid/ },
		{ args: ['ingest', REF, '--kind', 'survey', '--mapping', p('missing.json')], code: 1, says: /mapping is not valid/ },
		{ args: ['ingest', REF, '--kind', 'survey', '--wave', '2031', '--save-mapping', join(p('no-folder'), 'm.json')], code: 1, says: /no-folder: no such file or folder\./ },
		{ args: ['ingest', REF, '--kind', 'survey', '--wave', '2031', '--save-mapping', dir], code: 1, says: /this is a folder, not a file/ },
		{ args: ['ingest', p('not-json.json'), '--kind', 'areas', '--geography', 'x'], code: 1, says: /not valid JSON/ },
		{ args: ['ingest', p('two-cols.csv'), '--kind', 'survey'], code: 1, says: /required column/ },
		{ args: ['catalog', 'add', p('not-json.json')], code: 1, says: /not a readable JSON file/ },
		{ args: ['catalog', 'add', p('missing.json')], code: 1, says: /not a readable JSON file/ },
		// Ids and names that do not exist, values that are not allowed.
		{ args: ['estimate', '--indicator', 'no_such_indicator', '--wave', '2024'], code: 1, says: /no_such_indicator/ },
		{ args: ['estimate', '--indicator', 'feel_safe_after_dark', '--wave', '1999'], code: 1, says: /1999/ },
		{ args: ['estimate', '--indicator', 'incident_count'], code: 1, says: /No incidents data/ },
		{ args: ['datasets', 'show', '999'], code: 1, says: /No dataset 999/ },
		{ args: ['datasets', 'delete', '999'], code: 1, says: /No dataset 999/ },
		{ args: ['comments', '1'], code: 1, says: /no audit or mapping dataset 1/ },
		{ args: ['settings', 'set', 'reliability.proportion.minN', 'thirty'], code: 1, says: /is not a number/ },
		{ args: ['users', 'token', 'nobody@x.test'], code: 1, says: /no account nobody@x\.test/ },
		{ args: ['users', 'add', 'new@x.test', '--role', 'viewer'], input: '', code: 1, says: /No password on standard input/ },
		{ args: ['users', 'revoke-token', '999999'], code: 1, says: /no active API token 999999/ },
		// Command lines that cannot be run as given.
		{ args: ['estimate', '--bogus'], code: 2, says: /Unknown option '--bogus'[\s\S]*Usage: vigie/ },
		{ args: ['estimate', '--indicator', 'feel_safe_after_dark', '--by', 'planet'], code: 2, says: /--by/ },
		{ args: ['datasets', 'show', 'abc'], code: 2, says: /needs a dataset id/ },
		{ args: ['ingest', REF], code: 2, says: /--kind is required/ },
		{ args: ['frobnicate'], code: 2, says: /unknown command "frobnicate"/ },
		{ args: ['datasets', '--lang', 'de'], code: 2, says: /--lang must be fr or en/ }
	];

	test('every case', async () => {
		for (const c of cases()) {
			const r = await runVigie(c.db ?? env.path, c.args, {}, c.input);
			const what = `vigie ${c.args.join(' ')}${c.db ? ` (VIGIE_DB=${c.db})` : ''}\n${r.stderr}`;
			expectNoStackTrace(r.stderr);
			expect(r.stderr, what).toMatch(c.says);
			expect(r.code, what).toBe(c.code);
		}
		// Nothing of the refused loads was stored.
		expect((await runVigie(env.path, ['datasets', '--format', 'json'])).stdout).not.toContain('2031');
	}, 300_000);
});
