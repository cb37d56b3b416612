/**
 * Who may do what, on the real server: every route (pages, form actions, API, GET and POST) as
 * each of anonymous, viewer, analyst and admin, with a session cookie and (for the API) an API
 * token, in private and then in public mode. Then the disclosure scan:
 * no response to an anonymous visitor, a viewer or an admin carries a suppressed value.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { runVigie } from '../helpers/cli';
import { ADMIN, ALL_ROLES, ANALYST, VIEWER, call, signIn, type Call } from '../helpers/auth';
import { smallSurvey } from './fixtures';

type Who = 'anonymous' | 'viewer' | 'analyst' | 'admin';
type Mode = 'private' | 'public';
/** A status, or a 303 to the sign-in page ('login') or to the home page ('home'). */
type Outcome = number | 'login' | 'home';

interface Case {
	method: 'GET' | 'POST' | 'DELETE';
	path: string;
	/** The request's body and headers (called for each request: a form may need a fresh e-mail). */
	req?: (mode: Mode) => Call;
	anonymous: Record<Mode, Outcome>;
	viewer: Outcome;
	analyst: Outcome;
	admin: Outcome;
	/** An API route: also tried with each role's API token. */
	api?: boolean;
}

let n = 0;
const everyone = (o: Outcome) => ({ anonymous: { private: 'login' as Outcome, public: o }, viewer: o, analyst: o, admin: o });
const apiForAll = (o: number) => ({ anonymous: { private: 401, public: o } as Record<Mode, Outcome>, viewer: o, analyst: o, admin: o, api: true });
const accountsOnly = (o: Outcome) => ({ anonymous: { private: 'login' as Outcome, public: 'login' as Outcome }, viewer: o, analyst: o, admin: o });
const adminOnly = (o: Outcome) => ({ anonymous: { private: 'login' as Outcome, public: 'login' as Outcome }, viewer: 403, analyst: 403, admin: o });
const analystPage = (o: Outcome) => ({ anonymous: { private: 'login' as Outcome, public: 'login' as Outcome }, viewer: 403 as Outcome, analyst: o, admin: 403 as Outcome });
const analystApi = (o: number) => ({ anonymous: { private: 401, public: 401 } as Record<Mode, Outcome>, viewer: 403, analyst: o, admin: 403, api: true });

const CASES: Case[] = [
	// Pages.
	{ method: 'GET', path: '/', ...everyone(200) },
	{ method: 'GET', path: '/map', ...everyone(200) },
	{ method: 'GET', path: '/explorer?borough=MN&indicator=trust_police_mean&wave=2023&lang=en', ...everyone(200) },
	{ method: 'GET', path: '/?suppress=0', anonymous: { private: 'login', public: 'login' }, viewer: 403, analyst: 200, admin: 403 },
	{ method: 'GET', path: '/login', anonymous: { private: 200, public: 200 }, viewer: 'home', analyst: 'home', admin: 'home' },
	{ method: 'GET', path: '/setup', anonymous: { private: 'login', public: 'login' }, viewer: 'home', analyst: 'home', admin: 'home' },
	{ method: 'GET', path: '/account', ...accountsOnly(200) },
	{ method: 'GET', path: '/admin/users', ...adminOnly(200) },
	{ method: 'GET', path: '/admin/audit', ...adminOnly(200) },
	{ method: 'GET', path: '/admin/audit?action=login', ...adminOnly(200) },
	{ method: 'GET', path: '/admin/settings', ...adminOnly(200) },
	// Backups: the page, and the download (a fresh backup of the whole database, microdata included).
	{ method: 'GET', path: '/admin/backup', ...adminOnly(200) },
	{ method: 'POST', path: '/admin/backup/download', req: () => ({ form: {} }), ...adminOnly(200) },
	{ method: 'GET', path: '/admin/tokens', ...adminOnly(200) },
	{ method: 'GET', path: '/admin/tokens?user=1', ...adminOnly(200) },
	{ method: 'GET', path: '/no/such/page', ...everyone(404) },
	// Analysts' pages: loading files and the datasets.
	{ method: 'GET', path: '/upload', ...analystPage(200) },
	{ method: 'GET', path: '/upload/0123456789abcdef0123456789abcdef', ...analystPage(404) },
	{ method: 'GET', path: '/upload/0123456789abcdef0123456789abcdef/errors.csv', ...analystPage(404) },
	{ method: 'GET', path: '/datasets', ...analystPage(200) },
	{ method: 'GET', path: '/datasets/1', ...analystPage(200) },
	{ method: 'GET', path: '/datasets/1/mapping.json', ...analystPage(200) },
	{ method: 'POST', path: '/datasets/999999?/delete', req: () => ({ form: { confirm: 'on' } }), ...analystPage(404) },
	// The catalog and the reliability rules; refused posts change nothing.
	{ method: 'GET', path: '/catalog', ...analystPage(200) },
	{ method: 'GET', path: '/settings', ...analystPage(200) },
	{ method: 'POST', path: '/catalog?/remove', req: () => ({ form: { id: 'no_such_indicator', confirm: 'on' } }), ...analystPage(400) },
	{ method: 'POST', path: '/settings', req: () => ({ form: { 'proportion.minN': 'not a number' } }), ...analystPage(400) },
	// The partners directory: public fields for every reader; its catalog of services and its loading for analysts.
	{ method: 'GET', path: '/partners', ...everyone(200) },
	{ method: 'GET', path: '/partners?view=list&service=prevention', ...everyone(200) },
	{ method: 'GET', path: '/partners/print?area=MN', ...everyone(200) },
	{ method: 'GET', path: '/partners?service=no_such_service', ...everyone(400) },
	{ method: 'GET', path: '/partners/services', ...analystPage(200) },
	{ method: 'POST', path: '/partners/services?/add', req: () => ({ form: { id: 'Not An Id', label_fr: 'x', label_en: 'x' } }), ...analystPage(400) },
	{ method: 'POST', path: '/partners/services?/remove', req: () => ({ form: { id: 'prevention' } }), ...analystPage(400) },
	{ method: 'GET', path: '/upload/partners', ...analystPage(200) },
	{ method: 'POST', path: '/upload/partners', req: () => ({ form: { intent: 'check' } }), ...analystPage(400) },
	// Form actions (as the browser posts them, from the site's own pages).
	{ method: 'POST', path: '/account?/password', req: () => ({ form: { current: 'not my password', new: 'whatever it is 1', confirm: 'whatever it is 1' } }), ...accountsOnly(400) },
	{ method: 'POST', path: '/account?/token', req: () => ({ form: { label: `matrix ${++n}` } }), ...accountsOnly(200) },
	{ method: 'POST', path: '/account?/revoke', req: () => ({ form: { id: '999999' } }), ...accountsOnly(404) },
	{ method: 'POST', path: '/admin/users?/create', req: () => ({ form: { email: `matrix${++n}@vigie.test`, role: 'viewer', password: 'matrix password 1' } }), ...adminOnly(200) },
	{ method: 'POST', path: '/admin/users?/role', req: () => ({ form: { id: '999999', role: 'admin' } }), ...adminOnly(404) },
	{ method: 'POST', path: '/admin/users?/delete', req: () => ({ form: { id: '999999' } }), ...adminOnly(404) },
	{ method: 'POST', path: '/admin/tokens?/revoke', req: () => ({ form: { id: '999999' } }), ...adminOnly(404) },
	{ method: 'POST', path: '/admin/settings', req: (mode) => ({ form: { access: mode } }), ...adminOnly(200) },
	{ method: 'POST', path: '/', req: () => ({ form: { x: '1' } }), anonymous: { private: 'login', public: 405 }, viewer: 405, analyst: 405, admin: 405 },
	// API.
	{ method: 'GET', path: '/api/indicators', ...apiForAll(200) },
	{ method: 'GET', path: '/api/indicators.csv', ...apiForAll(200) },
	{ method: 'GET', path: '/api/indicators/feel_safe_after_dark?wave=2024&by=borough', ...apiForAll(200) },
	{ method: 'GET', path: '/api/indicators/feel_safe_after_dark.csv?by=age_group,gender', ...apiForAll(200) },
	{ method: 'GET', path: '/api/indicators/feel_safe_after_dark?suppress=0', ...analystApi(200) },
	{ method: 'GET', path: '/api/indicators/victim_context.csv?suppress=0&by=borough', ...analystApi(200) },
	{ method: 'GET', path: '/api/datasets', ...apiForAll(200) },
	{ method: 'GET', path: '/api/areas', ...apiForAll(200) },
	{ method: 'GET', path: '/api/partners', ...apiForAll(200) },
	{ method: 'GET', path: '/api/partners.csv?service=prevention', ...apiForAll(200) },
	{ method: 'GET', path: '/api/partners?age=abc', ...apiForAll(400) },
	{ method: 'GET', path: '/api/areas?geometry=1', ...apiForAll(200) },
	{ method: 'POST', path: '/api/datasets?kind=survey&wave=2099&dry_run=1', req: () => ({ body: smallSurvey(), headers: { 'content-type': 'text/csv' } }), ...analystApi(200) },
	{ method: 'DELETE', path: '/api/datasets/999999', ...analystApi(404) },
	{ method: 'POST', path: '/api/uploads?name=matrix.csv', req: () => ({ body: smallSurvey(), headers: { 'content-type': 'application/octet-stream' } }), ...analystApi(201) },
	{ method: 'GET', path: '/healthz', anonymous: { private: 200, public: 200 }, viewer: 200, analyst: 200, admin: 200, api: true }
];

let server: TestServer;
const cookies = {} as Record<Exclude<Who, 'anonymous'>, string>;
const tokens = {} as Record<Exclude<Who, 'anonymous'>, string>;

beforeAll(async () => {
	server = await startTestServer({ users: ALL_ROLES, public: false });
	for (const u of ALL_ROLES) {
		cookies[u.role] = await signIn(server, u);
		const r = await runVigie(server.dbPath, ['users', 'token', u.email]);
		if (r.code !== 0) throw new Error(r.stderr);
		tokens[u.role] = r.stdout.trim();
	}
}, 180_000);

afterAll(async () => {
	await server?.stop();
});

function expectOutcome(res: Response, expected: Outcome, what: string): void {
	if (expected === 'login' || expected === 'home') {
		expect(res.status, what).toBe(303);
		const location = res.headers.get('location') ?? '';
		if (expected === 'login') expect(location, what).toMatch(/^\/login(\?next=|$)/);
		else expect(location, what).toBe('/');
	} else {
		expect(res.status, what).toBe(expected);
	}
}

async function runCase(c: Case, who: Who, mode: Mode, auth: 'cookie' | 'token' = 'cookie'): Promise<void> {
	const req: Call = { method: c.method, ...c.req?.(mode) };
	if (who !== 'anonymous') {
		if (auth === 'cookie') req.cookie = cookies[who];
		else {
			req.token = tokens[who];
			req.origin = null; // a script, not a browser
		}
	}
	const res = await call(server, c.path, req);
	const body = await res.text();
	const expected = who === 'anonymous' ? c.anonymous[mode] : c[who];
	expectOutcome(res, expected, `${mode}: ${c.method} ${c.path} as ${who} (${auth}): ${body.slice(0, 200)}`);
	// API refusals are JSON in the API's error shape; a 401 says how to authenticate.
	if (c.path.startsWith('/api/') && (res.status === 401 || res.status === 403)) {
		expect(res.headers.get('content-type')).toMatch(/application\/json/);
		expect((JSON.parse(body) as { error: { code: string } }).error.code).toBe(res.status === 401 ? 'unauthenticated' : 'forbidden');
		if (res.status === 401) expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
	}
}

const WHO: Who[] = ['anonymous', 'viewer', 'analyst', 'admin'];
const label = (c: Case) => `${c.method} ${c.path}`;

for (const mode of ['private', 'public'] as const) {
	describe(`${mode} dashboard`, () => {
		beforeAll(async () => {
			// The admin switches the mode on the settings page (the server starts private).
			const res = await call(server, '/admin/settings', { cookie: cookies.admin, form: { access: mode } });
			expect(res.status).toBe(200);
			const home = await call(server, '/');
			expect(home.status).toBe(mode === 'public' ? 200 : 303);
		});

		test.each(CASES.map((c) => [label(c), c] as const))('%s, with a session cookie', async (_name, c) => {
			for (const who of WHO) await runCase(c, who, mode);
		});

		test.each(CASES.filter((c) => c.api).map((c) => [label(c), c] as const))('%s, with an API token', async (_name, c) => {
			for (const who of ['viewer', 'analyst', 'admin'] as const) await runCase(c, who, mode, 'token');
		});
	});
}

describe('what each role gets from the same route', () => {
	test('a viewer\'s /api/datasets has provenance without who loaded it, the file name or the mapping; an analyst\'s has everything', async () => {
		const get = async (who: 'viewer' | 'analyst' | 'admin') =>
			((await (await call(server, '/api/datasets', { cookie: cookies[who] })).json()) as { datasets: Record<string, unknown>[] }).datasets;
		for (const who of ['viewer', 'admin'] as const) {
			for (const d of await get(who)) expect(Object.keys(d).sort(), who).toEqual(['created_at', 'id', 'kind', 'rows', 'synthetic', 'title', 'wave']);
		}
		for (const d of await get('analyst')) expect(d).toHaveProperty('file_name');
		for (const d of await get('analyst')) expect(d).toHaveProperty('mapping');
	});

	test('the data requests behind client-side navigation (__data.json) obey the same guard', async () => {
		const path = '/admin/users/__data.json?x-sveltekit-invalidated=01';
		for (const who of ['viewer', 'analyst'] as const) {
			const body = await (await call(server, path, { cookie: cookies[who] })).text();
			expect(body, who).not.toContain(VIEWER.email);
			expect(body, who).not.toContain(ANALYST.email);
		}
		const admin = await (await call(server, path, { cookie: cookies.admin })).text();
		expect(admin).toContain(VIEWER.email);
	});

	test('a revoked session cookie and an unknown token are anonymous', async () => {
		const res = await call(server, '/api/indicators', { cookie: 'vigie_session=forged-or-expired-session-value' });
		expect(res.status).toBe(200); // public mode: an anonymous reader
		expect(res.headers.getSetCookie().join(';')).toMatch(/vigie_session=;/);
		const token = await call(server, '/api/indicators', { token: 'vigie_not-a-real-token-aaaaaaaaaaaaaaaaaaaaaaaaaaaaa', origin: null });
		expect(token.status).toBe(401);
		expect(((await token.json()) as { error: { code: string } }).error.code).toBe('invalid_token');
	});

	test('the header shows who is signed in, and administration links to admins only', async () => {
		const page = async (who: 'viewer' | 'admin') => (await call(server, '/', { cookie: cookies[who] })).text();
		const viewer = await page('viewer');
		expect(viewer).toContain(VIEWER.email);
		expect(viewer).not.toContain('href="/admin/users"');
		expect(await page('admin')).toContain('href="/admin/users"');
		expect(ADMIN.role).toBe('admin');
	});
});

// The disclosure scan lives in its own file (tests/http/disclosure.test.ts).
