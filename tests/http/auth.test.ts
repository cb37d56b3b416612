/**
 * Accounts and hardening on the real server, started private behind a (pretend) trusted proxy
 * (TRUST_PROXY=1) with a 256 KiB upload limit: security headers and the Content-Security-Policy,
 * session cookies (HttpOnly, SameSite=Lax, Secure only over HTTPS), sign-out, CSRF refusals for
 * form actions, the API and Express's own routes, the sign-in lockout, password changes, API
 * tokens (shown once, revocable), uploads and deletions, user management, and the audit log.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { ADMIN, ALL_ROLES, ANALYST, VIEWER, call, cookieFrom, signIn } from '../helpers/auth';
import { smallSurvey } from './fixtures';
import { inBothLanguages } from '../../app/lib/i18n';

let server: TestServer;
const EVIL = 'https://evil.example';
let ipCounter = 10;
/** A client address of its own for each test (X-Forwarded-For is believed: TRUST_PROXY=1), so lockouts stay apart. */
const freshIp = () => `203.0.113.${ipCounter++}`;

beforeAll(async () => {
	server = await startTestServer({ users: ALL_ROLES, public: false, env: { TRUST_PROXY: '1', BODY_SIZE_LIMIT: '256K' } });
}, 180_000);

afterAll(async () => {
	await server?.stop();
});

const html = async (res: Response) => res.text();
/** The API token shown once on the account page after it was created. */
const shownToken = (page: string) => /data-testid="new-token"[\s\S]*?<code class="secret[^"]*">([^<]+)<\/code>/.exec(page)?.[1] ?? null;

async function createToken(cookie: string, label: string): Promise<string> {
	const page = await html(await call(server, '/account?/token', { cookie, form: { label } }));
	const token = shownToken(page);
	if (!token) throw new Error(`no token shown: ${page.slice(0, 500)}`);
	return token;
}

async function auditActions(filter = ''): Promise<{ action: string; row: string }[]> {
	const cookie = await signIn(server, ADMIN, { 'x-forwarded-for': freshIp() });
	const page = await html(await call(server, `/admin/audit${filter}`, { cookie }));
	return [...page.matchAll(/<tr data-action="([a-z_]+)">([\s\S]*?)<\/tr>/g)].map((m) => ({ action: m[1]!, row: m[2]! }));
}

describe('security headers', () => {
	test('pages: a strict Content-Security-Policy with a nonce on every inline script', async () => {
		const res = await call(server, '/login');
		expect(res.status).toBe(200);
		const csp = res.headers.get('content-security-policy') ?? '';
		const scriptSrc = /script-src ([^;]+)/.exec(csp)?.[1] ?? '';
		expect(scriptSrc).toMatch(/'self' 'nonce-[A-Za-z0-9+/=]+'/);
		expect(csp).not.toContain('unsafe-inline');
		expect(csp).not.toContain('unsafe-eval');
		expect(csp).toContain("frame-ancestors 'none'");
		expect(csp).toContain("default-src 'none'");
		expect(csp).toContain("object-src 'none'");
		expect(csp).toContain("form-action 'self'");
		const nonce = /'nonce-([^']+)'/.exec(csp)![1];
		const page = await res.text();
		const scripts = [...page.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]!);
		expect(scripts.length).toBeGreaterThan(0);
		for (const attrs of scripts) if (!/\bsrc=/.test(attrs)) expect(attrs).toContain(`nonce="${nonce}"`);
		// No inline style attribute or event handler anywhere in the page.
		expect(page).not.toMatch(/\sstyle="/);
		expect(page).not.toMatch(/\son[a-z]+="/);
	});

	test.each(['/login', '/healthz', '/api/indicators', '/_app/version.json', '/favicon.svg'])('%s has the other headers', async (path) => {
		const res = await call(server, path);
		expect(res.headers.get('x-content-type-options')).toBe('nosniff');
		expect(res.headers.get('referrer-policy')).toBe('same-origin');
		expect(res.headers.get('x-frame-options')).toBe('DENY');
		expect(res.headers.get('permissions-policy')).toContain('camera=()');
		expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
		if (path !== '/login') expect(res.headers.get('content-security-policy')).toMatch(/^default-src 'none'; frame-ancestors 'none'/);
		// Plain http without a proxy saying HTTPS: no HSTS.
		expect(res.headers.get('strict-transport-security')).toBeNull();
	});

	test('what an account sees is not cached', async () => {
		const cookie = await signIn(server, VIEWER, { 'x-forwarded-for': freshIp() });
		const res = await call(server, '/api/indicators', { cookie });
		expect(res.status).toBe(200);
		expect(res.headers.get('cache-control')).toBe('private, no-store');
	});
});

describe('session cookies', () => {
	test('HttpOnly, SameSite=Lax, Path=/, with an expiry; not Secure over plain http', async () => {
		const res = await call(server, '/login', { form: { email: VIEWER.email, password: VIEWER.password }, headers: { 'x-forwarded-for': freshIp() } });
		expect(res.status).toBe(303);
		const set = res.headers.getSetCookie().find((c) => c.startsWith('vigie_session='))!;
		expect(set).toMatch(/; HttpOnly/i);
		expect(set).toMatch(/; SameSite=Lax/i);
		expect(set).toMatch(/; Path=\//i);
		expect(set).toMatch(/; Expires=/i);
		expect(set).not.toMatch(/; Secure/i);
		expect(set.split(';')[0]!.length).toBeGreaterThan('vigie_session='.length + 40);
	});

	test('Secure, with HSTS, when the trusted proxy says the browser used HTTPS', async () => {
		const res = await call(server, '/login?lang=en', {
			form: { email: VIEWER.email, password: VIEWER.password },
			headers: { 'x-forwarded-for': freshIp(), 'x-forwarded-proto': 'https' }
		});
		expect(res.status).toBe(303);
		for (const c of res.headers.getSetCookie()) expect(c).toMatch(/; Secure/i);
		expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
	});

	test('signing out ends the session on the server, not only in the browser', async () => {
		const cookie = await signIn(server, VIEWER, { 'x-forwarded-for': freshIp() });
		expect((await call(server, '/account', { cookie })).status).toBe(200);
		const out = await call(server, '/logout', { cookie, method: 'POST' });
		expect(out.status).toBe(303);
		expect(out.headers.get('location')).toBe('/login');
		expect(out.headers.getSetCookie().join(';')).toMatch(/vigie_session=;/);
		// The old cookie, replayed, is nobody's.
		const replay = await call(server, '/account', { cookie });
		expect(replay.status).toBe(303);
		expect(replay.headers.get('location')).toMatch(/^\/login/);
	});

	test('signing in sends the reader back where they were going, never to another site', async () => {
		const next = await call(server, '/login', { form: { email: VIEWER.email, password: VIEWER.password, next: '/account?x=1' }, headers: { 'x-forwarded-for': freshIp() } });
		expect(next.headers.get('location')).toBe('/account?x=1');
		const evil = await call(server, '/login', { form: { email: VIEWER.email, password: VIEWER.password, next: '//evil.example/' }, headers: { 'x-forwarded-for': freshIp() } });
		expect(evil.headers.get('location')).toBe('/');
		const redirected = await call(server, '/admin/audit?action=login');
		expect(redirected.headers.get('location')).toBe(`/login?next=${encodeURIComponent('/admin/audit?action=login')}`);
	});
});

describe('CSRF: state-changing requests from another site are refused', () => {
	test('a form posted to the sign-in page from another site', async () => {
		const res = await call(server, '/login', { form: { email: VIEWER.email, password: VIEWER.password }, origin: EVIL, headers: { 'x-forwarded-for': freshIp() } });
		expect(res.status).toBe(403);
		expect(cookieFrom(res)).toBeNull();
	});

	test('a form action with the victim\'s cookie (Origin of another site, or only Sec-Fetch-Site: cross-site)', async () => {
		const cookie = await signIn(server, VIEWER, { 'x-forwarded-for': freshIp() });
		const a = await call(server, '/account?/token', { cookie, form: { label: 'forged one' }, origin: EVIL });
		expect(a.status).toBe(403);
		const b = await call(server, '/account?/token', { cookie, form: { label: 'forged two' }, origin: null, headers: { 'sec-fetch-site': 'cross-site' } });
		expect(b.status).toBe(403);
		const page = await html(await call(server, '/account', { cookie }));
		expect(page).not.toContain('forged');
	});

	test('API writes with the victim\'s cookie: DELETE and a JSON or CSV POST', async () => {
		const cookie = await signIn(server, ANALYST, { 'x-forwarded-for': freshIp() });
		const del = await call(server, '/api/datasets/1', { cookie, method: 'DELETE', origin: EVIL });
		expect(del.status).toBe(403);
		expect(((await del.json()) as { error: { code: string } }).error.code).toBe('cross_origin');
		const post = await call(server, '/api/datasets?kind=survey&wave=2098', { cookie, body: smallSurvey(), headers: { 'content-type': 'text/csv' }, origin: EVIL });
		expect(post.status).toBe(403);
		const datasets = (await (await call(server, '/api/datasets', { cookie })).json()) as { datasets: { id: number; wave: string }[] };
		expect(datasets.datasets.map((d) => d.id)).toContain(1);
		expect(datasets.datasets.map((d) => d.wave)).not.toContain('2098');
	});

	test('Express\'s own routes refuse cross-origin writes too', async () => {
		const res = await call(server, '/healthz', { method: 'POST', origin: EVIL });
		expect(res.status).toBe(403);
		// Before the request's language is known: both languages, from the catalogs.
		expect((await res.json()) as { error: { code: string; message: string } }).toStrictEqual({ error: { code: 'cross_origin', message: inBothLanguages('auth.cross_origin') } });
	});

	test('a script with an API token (no Origin, no cookie) is not a forged request', async () => {
		const cookie = await signIn(server, ANALYST, { 'x-forwarded-for': freshIp() });
		const token = await createToken(cookie, 'csrf script');
		const res = await call(server, '/api/datasets?kind=survey&wave=2097&dry_run=1', { token, origin: null, body: smallSurvey(), headers: { 'content-type': 'text/csv' } });
		expect(res.status).toBe(200);
	});
});

describe('sign-in lockout', () => {
	test('5 wrong passwords lock the account for 15 minutes, even with the right password; an admin unlocks it', async () => {
		const ip = freshIp();
		for (let i = 0; i < 5; i++) {
			const res = await call(server, '/login', { form: { email: VIEWER.email, password: `wrong password ${i}` }, headers: { 'x-forwarded-for': ip } });
			expect(res.status).toBe(400);
			expect(await res.text()).toMatch(/Adresse courriel ou mot de passe erroné/);
		}
		// From another address too: the account is locked, not only the address.
		const locked = await call(server, '/login', { form: { email: VIEWER.email, password: VIEWER.password }, headers: { 'x-forwarded-for': freshIp() } });
		expect(locked.status).toBe(429);
		expect(cookieFrom(locked)).toBeNull();
		expect(await locked.text()).toMatch(/Trop d’essais infructueux : la connexion est bloquée pendant 1[45] min/);

		const admin = await signIn(server, ADMIN, { 'x-forwarded-for': freshIp() });
		const users = await html(await call(server, '/admin/users', { cookie: admin }));
		const row = new RegExp(`<tr data-email="${VIEWER.email}">[\\s\\S]*?</tr>`).exec(users)![0];
		expect(row).toMatch(/bloqué/);
		const id = /name="id" value="(\d+)"/.exec(row)![1]!;
		expect((await call(server, '/admin/users?/unlock', { cookie: admin, form: { id } })).status).toBe(200);
		await signIn(server, VIEWER, { 'x-forwarded-for': freshIp() });
	});

	test('20 failures from one address lock that address for every account', async () => {
		const ip = freshIp();
		for (let i = 0; i < 20; i++) {
			const res = await call(server, '/login', { form: { email: `nobody${i}@vigie.test`, password: 'not a password' }, headers: { 'x-forwarded-for': ip } });
			expect(res.status).toBe(400);
		}
		const fromThere = await call(server, '/login', { form: { email: ANALYST.email, password: ANALYST.password }, headers: { 'x-forwarded-for': ip } });
		expect(fromThere.status).toBe(429);
		await signIn(server, ANALYST, { 'x-forwarded-for': freshIp() });
	}, 60_000);
});

describe('passwords', () => {
	test('changing one\'s password needs the current one, signs out the other sessions, and the new one works', async () => {
		const user = { email: 'changer@vigie.test', password: 'first pass phrase', role: 'viewer' as const };
		const admin = await signIn(server, ADMIN, { 'x-forwarded-for': freshIp() });
		expect((await call(server, '/admin/users?/create', { cookie: admin, form: { ...user } })).status).toBe(200);
		const here = await signIn(server, user, { 'x-forwarded-for': freshIp() });
		const elsewhere = await signIn(server, user, { 'x-forwarded-for': freshIp() });
		const wrong = await call(server, '/account?/password', { cookie: here, form: { current: 'not it at all', new: 'second pass phrase', confirm: 'second pass phrase' } });
		expect(wrong.status).toBe(400);
		expect(await wrong.text()).toMatch(/Le mot de passe actuel est erroné/);
		const short = await call(server, '/account?/password', { cookie: here, form: { current: user.password, new: 'short', confirm: 'short' } });
		expect(short.status).toBe(400);
		expect(await short.text()).toMatch(/au moins 12 caractères/);
		const ok = await call(server, '/account?/password', { cookie: here, form: { current: user.password, new: 'second pass phrase', confirm: 'second pass phrase' } });
		expect(ok.status).toBe(200);
		expect((await call(server, '/account', { cookie: here })).status).toBe(200);
		expect((await call(server, '/account', { cookie: elsewhere })).status).toBe(303);
		const old = await call(server, '/login', { form: { email: user.email, password: user.password }, headers: { 'x-forwarded-for': freshIp() } });
		expect(old.status).toBe(400);
		await signIn(server, { email: user.email, password: 'second pass phrase' }, { 'x-forwarded-for': freshIp() });
	});
});

describe('API tokens, uploads and deletions', () => {
	let analystCookie: string;
	let token: string;
	let datasetId: number;

	beforeAll(async () => {
		analystCookie = await signIn(server, ANALYST, { 'x-forwarded-for': freshIp() });
	});

	test('a token is shown once, on the page that created it', async () => {
		token = await createToken(analystCookie, 'nightly upload');
		expect(token).toMatch(/^vigie_[A-Za-z0-9_-]{43}$/);
		const again = await html(await call(server, '/account', { cookie: analystCookie }));
		expect(again).not.toContain(token);
		expect(again).toContain('nightly upload');
		expect(again).toContain(token.slice(0, 10));
	});

	test('an analyst\'s token uploads a survey file (Authorization: Bearer); the file name is cleaned', async () => {
		const res = await call(server, `/api/datasets?kind=survey&wave=2096&title=${encodeURIComponent('Enquête test')}&filename=${encodeURIComponent('../../"><svg onload=alert(1)>.csv')}`, {
			token, origin: null, body: smallSurvey(60), headers: { 'content-type': 'text/csv' }
		});
		const body = (await res.json()) as { ok: boolean; dataset_id: number; rows: number };
		expect(res.status, JSON.stringify(body)).toBe(201);
		expect(body).toMatchObject({ ok: true, rows: 60 });
		datasetId = body.dataset_id;
		const list = (await (await call(server, '/api/datasets', { token, origin: null })).json()) as { datasets: { id: number; file_name: string; created_by: string }[] };
		expect(list.datasets.find((d) => d.id === datasetId)).toMatchObject({ file_name: '_svg onload_alert(1)_.csv', created_by: ANALYST.email });
	});

	test('an invalid file is refused with the error report, and nothing is stored', async () => {
		const bad = smallSurvey(10).replace('Anjou', 'Nowhere Town');
		const res = await call(server, '/api/datasets?kind=survey&wave=2095', { token, origin: null, body: bad, headers: { 'content-type': 'text/csv' } });
		expect(res.status).toBe(422);
		const report = (await res.json()) as { ok: boolean; errors: { line: number; column: string; value: string; message: string }[] };
		expect(report.ok).toBe(false);
		expect(report.errors[0]).toMatchObject({ line: 2, column: 'borough', value: 'Nowhere Town' });
		const list = (await (await call(server, '/api/datasets', { token, origin: null })).json()) as { datasets: { wave: string }[] };
		expect(list.datasets.map((d) => d.wave)).not.toContain('2095');
	});

	test('uploads above BODY_SIZE_LIMIT are refused with 413; other requests above 64 KiB too', async () => {
		const big = smallSurvey(12_000);
		expect(big.length).toBeGreaterThan(256 * 1024);
		const res = await call(server, '/api/datasets?kind=survey&wave=2094', { token, origin: null, body: big, headers: { 'content-type': 'text/csv' } });
		expect(res.status).toBe(413);
		const form = await call(server, '/login', { form: { email: 'x@vigie.test', password: 'p'.repeat(100_000) }, headers: { 'x-forwarded-for': freshIp() } });
		expect(form.status).toBe(413);
		expect(((await form.json()) as { error: { message: string } }).error.message).toBe(inBothLanguages('http.body_too_large'));
	});

	test('a viewer\'s token can read but not upload, delete or see suppressed values', async () => {
		const viewer = await signIn(server, VIEWER, { 'x-forwarded-for': freshIp() });
		const vt = await createToken(viewer, 'viewer script');
		expect((await call(server, '/api/indicators/feel_safe_after_dark', { token: vt, origin: null })).status).toBe(200);
		expect((await call(server, '/api/indicators/feel_safe_after_dark?suppress=0', { token: vt, origin: null })).status).toBe(403);
		expect((await call(server, '/api/datasets?kind=survey&wave=2093', { token: vt, origin: null, body: smallSurvey(), headers: { 'content-type': 'text/csv' } })).status).toBe(403);
		expect((await call(server, `/api/datasets/${datasetId}`, { token: vt, origin: null, method: 'DELETE' })).status).toBe(403);
	});

	test('the analyst deletes the dataset; a revoked token no longer works', async () => {
		const del = await call(server, `/api/datasets/${datasetId}`, { token, origin: null, method: 'DELETE' });
		expect(del.status).toBe(200);
		expect((await call(server, `/api/datasets/${datasetId}`, { token, origin: null, method: 'DELETE' })).status).toBe(404);
		const page = await html(await call(server, '/account', { cookie: analystCookie }));
		const id = new RegExp(`nightly upload[\\s\\S]*?name="id" value="(\\d+)"`).exec(page)![1]!;
		const revoked = await call(server, '/account?/revoke', { cookie: analystCookie, form: { id } });
		expect(revoked.status).toBe(200);
		const res = await call(server, '/api/indicators', { token, origin: null });
		expect(res.status).toBe(401);
		expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_token');
	});
});

describe('user management', () => {
	test('an admin adds an account, changes its role, disables, enables and deletes it; the last admin stays', async () => {
		const admin = await signIn(server, ADMIN, { 'x-forwarded-for': freshIp() });
		const email = 'managed@vigie.test';
		const created = await call(server, '/admin/users?/create', { cookie: admin, form: { email, role: 'viewer', password: 'managed password' } });
		expect(created.status).toBe(200);
		expect(await created.text()).toContain(`Compte ${email} ajouté.`);
		const dup = await call(server, '/admin/users?/create', { cookie: admin, form: { email, role: 'viewer', password: 'managed password' } });
		expect(dup.status).toBe(400);
		const page = await html(await call(server, '/admin/users', { cookie: admin }));
		const id = new RegExp(`<tr data-email="${email}">[\\s\\S]*?name="id" value="(\\d+)"`).exec(page)![1]!;
		const managed = await signIn(server, { email, password: 'managed password' }, { 'x-forwarded-for': freshIp() });
		expect((await call(server, '/admin/users?/role', { cookie: admin, form: { id, role: 'analyst' } })).status).toBe(200);
		// A role change signs the account out: it signs in again under its new role.
		expect((await call(server, '/account', { cookie: managed })).status).toBe(303);
		const analyst = await signIn(server, { email, password: 'managed password' }, { 'x-forwarded-for': freshIp() });
		expect((await call(server, '/?suppress=0', { cookie: analyst })).status).toBe(200);
		expect((await call(server, '/admin/users?/disable', { cookie: admin, form: { id } })).status).toBe(200);
		expect((await call(server, '/login', { form: { email, password: 'managed password' }, headers: { 'x-forwarded-for': freshIp() } })).status).toBe(400);
		expect((await call(server, '/admin/users?/enable', { cookie: admin, form: { id } })).status).toBe(200);
		await signIn(server, { email, password: 'managed password' }, { 'x-forwarded-for': freshIp() });
		expect((await call(server, '/admin/users?/password', { cookie: admin, form: { id, password: 'reset by the admin' } })).status).toBe(200);
		await signIn(server, { email, password: 'reset by the admin' }, { 'x-forwarded-for': freshIp() });
		expect((await call(server, '/admin/users?/delete', { cookie: admin, form: { id } })).status).toBe(200);
		expect(await html(await call(server, '/admin/users', { cookie: admin }))).not.toContain(email);

		const me = /<tr data-email="admin@vigie.test">[\s\S]*?name="id" value="(\d+)"/.exec(page)![1]!;
		const demote = await call(server, '/admin/users?/role', { cookie: admin, form: { id: me, role: 'viewer' } });
		expect(demote.status).toBe(400);
		expect(await demote.text()).toMatch(/dernier administrateur actif/);
		expect((await call(server, '/admin/users?/delete', { cookie: admin, form: { id: me } })).status).toBe(400);
	});

	test('the admin switches the dashboard public and back; anonymous readers follow', async () => {
		const admin = await signIn(server, ADMIN, { 'x-forwarded-for': freshIp() });
		expect((await call(server, '/api/indicators')).status).toBe(401);
		expect((await call(server, '/admin/settings', { cookie: admin, form: { access: 'public' } })).status).toBe(200);
		expect((await call(server, '/api/indicators')).status).toBe(200);
		expect((await call(server, '/admin/settings', { cookie: admin, form: { access: 'nonsense' } })).status).toBe(400);
		expect((await call(server, '/admin/settings', { cookie: admin, form: { access: 'private' } })).status).toBe(200);
		expect((await call(server, '/api/indicators')).status).toBe(401);
	});

	test('the admin chooses the house geography among those with areas; another is refused with its reason', async () => {
		const admin = await signIn(server, ADMIN, { 'x-forwarded-for': freshIp() });
		const page = await (await call(server, '/admin/settings', { cookie: admin })).text();
		expect(page).toMatch(/<option value="montreal" selected[^>]*>Montréal, (boroughs and related cities|arrondissements et villes liées)<\/option>/);
		const refused = await call(server, '/admin/settings', { cookie: admin, form: { geography: 'atlantis' } });
		expect(refused.status).toBe(400);
		expect(await refused.text()).toMatch(/only a geography with areas|seule une géographie qui a des secteurs/);
		expect((await call(server, '/admin/settings', { cookie: admin, form: { geography: 'montreal' } })).status).toBe(200);
	});
});

describe('audit log', () => {
	test('records sign-ins, failures, lockouts, sign-outs, passwords, tokens, uploads, deletions, settings and user changes', async () => {
		const seen = new Set((await auditActions()).map((e) => e.action));
		// The page shows 100 entries; older ones are on the next pages: look at each action's own list.
		for (const action of ['login', 'login_failed', 'login_locked', 'logout', 'password_change', 'token_create', 'token_revoke', 'dataset_upload',
			'dataset_delete', 'user_create', 'user_role', 'user_disable', 'user_enable', 'user_password', 'user_unlock', 'user_delete', 'settings_change']) {
			if (seen.has(action)) continue;
			const only = await auditActions(`?action=${action}`);
			expect(only.length, action).toBeGreaterThan(0);
			expect(new Set(only.map((e) => e.action)), action).toEqual(new Set([action]));
		}
	});

	test('each entry says who, from where, and the details', async () => {
		const uploads = await auditActions('?action=dataset_upload');
		expect(uploads[0]!.row).toContain(ANALYST.email);
		expect(uploads[0]!.row).toMatch(/file_name: _svg onload_alert\(1\)_\.csv/);
		// The script sent no X-Forwarded-For: the connection's address; sign-ins came through the "proxy".
		expect(uploads[0]!.row).toContain('<td>127.0.0.1</td>');
		expect((await auditActions('?action=login'))[0]!.row).toMatch(/<td>203\.0\.113\.\d+<\/td>/);
		const roles = await auditActions('?action=user_role');
		expect(roles[0]!.row).toMatch(/from: viewer[\s\S]*to: analyst/);
		const settings = await auditActions('?action=settings_change');
		expect(settings.length).toBeGreaterThanOrEqual(2);
	});
});
