/**
 * Two ways an account could be abused, on the real server (private, behind a pretend trusted
 * proxy so that each sign-in has an address of its own): the sign-in page's `next` sending the
 * reader to another site (or failing after the session was made), and an API token outliving a
 * change of its account (password, disabled, rights taken away). The admin's token page too.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { ADMIN, ALL_ROLES, VIEWER, call, cookieFrom, signIn } from '../helpers/auth';
import { smallSurvey } from './fixtures';

let server: TestServer;
let ipCounter = 10;
const freshIp = () => `198.51.100.${ipCounter++}`;
let admin: string;

beforeAll(async () => {
	server = await startTestServer({ users: ALL_ROLES, public: false, env: { TRUST_PROXY: '1' } });
	admin = await signIn(server, ADMIN, { 'x-forwarded-for': freshIp() });
}, 180_000);

afterAll(async () => {
	await server?.stop();
});

const signInWithNext = (next: string) =>
	call(server, '/login', { form: { email: VIEWER.email, password: VIEWER.password, next }, headers: { 'x-forwarded-for': freshIp() } });

/** Hostile `next` values as the form posts them (the browser sends the hidden field's value as it is). */
const HOSTILE = [
	'/\n/evil.example', '/\t/evil.example', '/\r\n/evil.example', '/%0A/evil.example', '/%09/evil.example', '/%250A/evil.example',
	'//evil.example/', '/\\evil.example', '/%5Cevil.example', '/%2F/evil.example', '/a//evil.example', 'https://evil.example/',
	'javascript:alert(1)', '/ok\r\nSet-Cookie: stolen=1'
];

describe('sign-in redirect', () => {
	test.each(HOSTILE)('the form with next=%j signs in and goes to /, never elsewhere and never a 500', async (next) => {
		const res = await signInWithNext(next);
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toBe('/');
		expect(cookieFrom(res)).not.toBeNull();
		expect(res.headers.getSetCookie().join('\n')).not.toContain('stolen');
	});

	test('a path of this site is kept (non-ASCII characters sent encoded)', async () => {
		expect((await signInWithNext('/explorer?wave=2024#chart')).headers.get('location')).toBe('/explorer?wave=2024#chart');
		expect((await signInWithNext('/portrait/Côte-des-Neiges')).headers.get('location')).toBe('/portrait/C%C3%B4te-des-Neiges');
	});

	test.each(['/%0A/evil.example', '/%09/evil.example', '//evil.example', '/%5Cevil.example'])(
		'GET /login?next=%s offers / in the form, and sends a signed-in reader to /', async (next) => {
			const page = await call(server, `/login?next=${next}`);
			expect(page.status).toBe(200);
			expect(await page.text()).toMatch(/<input type="hidden" name="next" value="\/"/);
			const viewer = await signIn(server, VIEWER, { 'x-forwarded-for': freshIp() });
			const again = await call(server, `/login?next=${next}`, { cookie: viewer });
			expect(again.status).toBe(303);
			expect(again.headers.get('location')).toBe('/');
		}
	);

	test('the guard adds next only for a path of this site', async () => {
		expect((await call(server, '/admin/audit?action=login')).headers.get('location')).toBe(`/login?next=${encodeURIComponent('/admin/audit?action=login')}`);
		for (const path of ['/%0A/evil.example', '/%09/evil.example', '//evil.example/x', '/%5Cevil.example']) {
			const res = await call(server, path);
			expect(res.status, path).toBe(303);
			expect(res.headers.get('location'), path).toBe('/login');
		}
	});
});

/** An account made by the admin through the users page; its id. */
async function account(email: string, role: 'viewer' | 'analyst' | 'admin', password = 'account password 1'): Promise<number> {
	const res = await call(server, '/admin/users?/create', { cookie: admin, form: { email, role, password } });
	expect(res.status).toBe(200);
	const page = await (await call(server, '/admin/users', { cookie: admin })).text();
	return Number(new RegExp(`<tr data-email="${email}">[\\s\\S]*?name="id" value="(\\d+)"`).exec(page)![1]);
}

/** A token the account makes on its own page. */
async function tokenOf(email: string, password = 'account password 1', label = 'script'): Promise<{ token: string; cookie: string }> {
	const cookie = await signIn(server, { email, password }, { 'x-forwarded-for': freshIp() });
	const page = await (await call(server, '/account?/token', { cookie, form: { label } })).text();
	const token = /data-testid="new-token"[\s\S]*?<code class="secret[^"]*">([^<]+)<\/code>/.exec(page)?.[1];
	if (!token) throw new Error(`no token shown: ${page.slice(0, 300)}`);
	return { token, cookie };
}

const api = (token: string, path = '/api/indicators') => call(server, path, { token, origin: null });
const upload = (token: string) => call(server, '/api/datasets?kind=survey&wave=2097&dry_run=1', { token, origin: null, body: smallSurvey(), headers: { 'content-type': 'text/csv' } });

async function expectRevoked(token: string): Promise<void> {
	const res = await api(token);
	expect(res.status).toBe(401);
	expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_token');
}

async function lastAudit(action: string): Promise<string> {
	const page = await (await call(server, `/admin/audit?action=${action}`, { cookie: admin })).text();
	return /<tr data-action="[a-z_]+">([\s\S]*?)<\/tr>/.exec(page)?.[1] ?? '';
}

describe('API tokens follow their account', () => {
	test('the account changes its own password: its tokens stop working', async () => {
		await account('own-password@vigie.test', 'analyst');
		const { token, cookie } = await tokenOf('own-password@vigie.test');
		expect((await api(token)).status).toBe(200);
		const res = await call(server, '/account?/password', { cookie, form: { current: 'account password 1', new: 'a second password', confirm: 'a second password' } });
		expect(res.status).toBe(200);
		await expectRevoked(token);
		expect(await lastAudit('password_change')).toContain('tokens_revoked: 1');
	});

	test('an admin sets its password: its tokens stop working', async () => {
		const id = await account('reset@vigie.test', 'viewer');
		const { token } = await tokenOf('reset@vigie.test');
		expect((await api(token)).status).toBe(200);
		expect((await call(server, '/admin/users?/password', { cookie: admin, form: { id: String(id), password: 'reset by the admin' } })).status).toBe(200);
		await expectRevoked(token);
	});

	test('the account is disabled: its tokens stop working, and stay revoked once it is enabled again', async () => {
		const id = await account('disabled@vigie.test', 'analyst');
		const { token } = await tokenOf('disabled@vigie.test');
		expect((await upload(token)).status).toBe(200);
		expect((await call(server, '/admin/users?/disable', { cookie: admin, form: { id: String(id) } })).status).toBe(200);
		await expectRevoked(token);
		expect((await call(server, '/admin/users?/enable', { cookie: admin, form: { id: String(id) } })).status).toBe(200);
		await expectRevoked(token);
		expect(await lastAudit('user_disable')).toContain('tokens_revoked: 1');
	});

	test('the role loses rights (analyst to viewer, analyst to admin): its tokens stop working', async () => {
		for (const to of ['viewer', 'admin']) {
			const email = `lowered-${to}@vigie.test`;
			const id = await account(email, 'analyst');
			const { token } = await tokenOf(email);
			expect((await upload(token)).status).toBe(200);
			expect((await call(server, '/admin/users?/role', { cookie: admin, form: { id: String(id), role: to } })).status).toBe(200);
			await expectRevoked(token);
			expect((await upload(token)).status).toBe(401);
		}
	});

	test('a viewer made analyst keeps its tokens, with the rights it has now', async () => {
		const id = await account('raised@vigie.test', 'viewer');
		const { token } = await tokenOf('raised@vigie.test');
		expect((await upload(token)).status).toBe(403);
		expect((await call(server, '/admin/users?/role', { cookie: admin, form: { id: String(id), role: 'analyst' } })).status).toBe(200);
		expect((await upload(token)).status).toBe(200);
	});
});

describe('the admin\'s token page', () => {
	test('lists every account\'s tokens without the tokens themselves; the admin revokes one, audited', async () => {
		await account('listed@vigie.test', 'viewer');
		const { token } = await tokenOf('listed@vigie.test', 'account password 1', 'nightly export');
		const page = await (await call(server, '/admin/tokens?lang=en', { cookie: admin })).text();
		expect(page).toContain('API tokens of every account');
		expect(page).not.toContain(token);
		const row = /<tr data-token="(\d+)">([\s\S]*?)<\/tr>/g;
		const found = [...page.matchAll(row)].find((m) => m[2]!.includes('nightly export'))!;
		expect(found[2]).toContain('listed@vigie.test');
		expect(found[2]).toContain(`${token.slice(0, 10)}…`);
		expect(found[2]).toContain('aria-label="Revoke the token “nightly export” of listed@vigie.test"');
		const id = found[1]!;

		const revoked = await call(server, '/admin/tokens?/revoke&lang=fr', { cookie: admin, form: { id } });
		expect(revoked.status).toBe(200);
		expect(await revoked.text()).toContain('Le jeton « nightly export » de listed@vigie.test a été révoqué.');
		await expectRevoked(token);
		expect((await call(server, '/admin/tokens?/revoke', { cookie: admin, form: { id } })).status).toBe(404);
		expect(await lastAudit('token_revoke')).toMatch(/email: listed@vigie\.test[\s\S]*token_id: \d+[\s\S]*label: nightly export/);
	});

	test('filtered to one account; other accounts may not see the page or revoke', async () => {
		const id = await account('filtered@vigie.test', 'viewer');
		await tokenOf('filtered@vigie.test', 'account password 1', 'only mine');
		const page = await (await call(server, `/admin/tokens?user=${id}`, { cookie: admin })).text();
		const rows = [...page.matchAll(/<tr data-token="\d+">([\s\S]*?)<\/tr>/g)].map((m) => m[1]!);
		expect(rows.length).toBe(1);
		expect(rows[0]).toContain('only mine');
		const viewer = await signIn(server, VIEWER, { 'x-forwarded-for': freshIp() });
		expect((await call(server, '/admin/tokens', { cookie: viewer })).status).toBe(403);
		expect((await call(server, '/admin/tokens?/revoke', { cookie: viewer, form: { id: '1' } })).status).toBe(403);
	});
});
