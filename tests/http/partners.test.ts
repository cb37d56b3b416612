/**
 * The partners directory on the real server: contact details never reach an anonymous reader of a
 * public dashboard (pages, the data behind client navigation, the API, the CSV, the printable list,
 * the map, the portrait), and do reach signed-in readers (session or API token). Then FR/EN, the
 * map's layer, the portrait's list, and loading a directory from the upload page, all or nothing.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { startTestServer, type TestServer } from '../helpers/server';
import { runVigie } from '../helpers/cli';
import { ALL_ROLES, call, signIn } from '../helpers/auth';

let server: TestServer;
const cookies = {} as Record<'admin' | 'analyst' | 'viewer', string>;
let viewerToken = '';

/** Every personal contact detail of the demo directory: a named person, a direct phone, an e-mail. */
const CONTACTS = ['Alex Fictif', 'Sam Exemple', 'Dominique Test', 'Charlie Essai', 'Morgan Démo', '514 555-0101', '5145550101', '418 555-0112',
	'direction@mdj-exemple.example.org', 'accueil@cav-exemple.example.org', 'example.org?subject', 'mailto:', 'tel:'];
const NAME = 'Maison des jeunes Exemple-Nord (fictif)';

beforeAll(async () => {
	server = await startTestServer({ users: ALL_ROLES });
	const r = await runVigie(server.dbPath, ['ingest', 'demo/vigie-demo-partners.csv', '--kind', 'partners', '--format', 'json']);
	if (r.code !== 0) throw new Error(r.stdout + r.stderr);
	for (const u of ALL_ROLES) cookies[u.role] = await signIn(server, u);
	const token = await runVigie(server.dbPath, ['users', 'token', 'viewer@vigie.test']);
	viewerToken = token.stdout.trim();
}, 180_000);
afterAll(async () => {
	await server?.stop();
});

const get = async (path: string, c: { cookie?: string; token?: string; accept?: string } = {}) => {
	const res = await call(server, path, { cookie: c.cookie, token: c.token, origin: c.token ? null : undefined, headers: c.accept ? { accept: c.accept } : {} });
	return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text() };
};

const PUBLIC_PATHS = ['/partners', '/partners?view=list', '/partners/print', '/partners/__data.json?x-sveltekit-invalidated=01', '/partners?lang=en&view=list',
	'/api/partners', '/api/partners.csv', '/api/partners?service=street_work', '/map?layers=partners', '/portrait/MN', '/api/datasets'];

describe('who sees the contact details', () => {
	test.each(PUBLIC_PATHS)('an anonymous reader of the public dashboard never gets them: %s', async (path) => {
		const r = await get(path);
		expect(r.status, r.body.slice(0, 300)).toBe(200);
		for (const c of CONTACTS) expect(r.body, `${path} leaks ${c}`).not.toContain(c);
	});

	test('while the organisations, their services and public websites are public', async () => {
		const page = await get('/partners');
		expect(page.body).toContain(NAME);
		expect(page.body).toContain('https://mdj-exemple.example.org');
		expect(page.body).toContain('Travail de rue');
		expect(page.body).toContain('data-testid="contacts-private"');
		const api = JSON.parse((await get('/api/partners')).body) as { contacts: boolean; partners: Record<string, unknown>[] };
		expect(api.contacts).toBe(false);
		for (const p of api.partners) for (const k of ['contact', 'phone', 'email']) expect(p).not.toHaveProperty(k);
		const csv = await call(server, '/api/partners.csv');
		expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
		// Read as bytes: a text decoder drops the BOM that lets Excel read UTF-8.
		const bytes = Buffer.from(await csv.arrayBuffer());
		expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
		expect(bytes.toString('utf8', 3).split('\r\n')[0]).toBe('name,address,borough,latitude,longitude,services,ages,genders,languages,website,hours,member,updated');
	});

	test.each(['viewer', 'analyst', 'admin'] as const)('a signed-in %s gets them on the page, in the API and the CSV', async (role) => {
		const page = await get('/partners', { cookie: cookies[role] });
		expect(page.body).toContain('Alex Fictif');
		expect(page.body).toContain('href="mailto:direction@mdj-exemple.example.org"');
		expect(page.body).not.toContain('data-testid="contacts-private"');
		const api = JSON.parse((await get('/api/partners', { cookie: cookies[role] })).body) as { contacts: boolean; partners: { name: string; phone?: string }[] };
		expect(api.contacts).toBe(true);
		expect(api.partners.find((p) => p.name === NAME)!.phone).toBe('514 555-0101');
		const csv = await get('/api/partners.csv', { cookie: cookies[role] });
		expect(csv.body.split('\r\n')[0]).toMatch(/,contact,phone,email$/);
		expect(csv.body).toContain('Alex Fictif');
		expect((await get('/partners/print', { cookie: cookies[role] })).body).toContain('Morgan Démo');
	});

	test('an API token is a signed-in caller; an anonymous call to a private dashboard is refused', async () => {
		const api = JSON.parse((await get('/api/partners', { token: viewerToken })).body) as { contacts: boolean };
		expect(api.contacts).toBe(true);
		expect((await call(server, '/admin/settings', { cookie: cookies.admin, form: { access: 'private' } })).status).toBe(200);
		try {
			const anon = await get('/api/partners.csv');
			expect(anon.status).toBe(401);
			for (const c of CONTACTS) expect(anon.body).not.toContain(c);
			expect((await get('/partners')).status).toBe(303);
		} finally {
			expect((await call(server, '/admin/settings', { cookie: cookies.admin, form: { access: 'public' } })).status).toBe(200);
		}
	});
});

describe('the directory, the map and the portrait', () => {
	test('search, filters and both languages', async () => {
		const count = async (q: string) => (JSON.parse((await get(`/api/partners${q}`)).body) as { count: number; total: number });
		expect(await count('')).toMatchObject({ count: 12, total: 12 });
		expect((await count('?area=MN')).count).toBe(2);
		// Laval and Québec City lie outside the agglomeration; the helpline has no location at all.
		expect((await count('?area=outside')).count).toBe(3);
		expect((await count('?q=exemple-nord')).count).toBe(1);
		expect((await count('?service=sexual_exploitation&age=15&gender=woman')).count).toBe(3);
		expect((await count('?language=ht')).count).toBe(2);
		expect((await get('/partners?lang=en')).body).toContain('<h1>Partners directory</h1>');
		expect((await get('/partners?lang=fr')).body).toContain('<h1>Répertoire des partenaires</h1>');
		const bad = await get('/api/partners?area=XX&lang=en');
		expect(bad.status).toBe(400);
		expect(bad.body).toContain('XX');
	});

	test('the map draws the partners layer, with the partners outside the city pinned to its edge', async () => {
		const r = await get('/map?layers=partners&lang=en');
		expect(r.body).toContain('data-layer="partners"');
		expect(r.body).toMatch(/data-off-map="true"/);
		expect(r.body).toContain('data-testid="partners-summary"');
		expect(r.body).toMatch(/11 partners with coordinates, drawn as \d+ circles/);
	});

	test('the borough portrait lists who works there and links to the directory filtered to the borough', async () => {
		const r = await get('/portrait/MN?lang=fr');
		expect(r.body).toContain('Qui travaille ici');
		expect(r.body).toContain(NAME);
		expect(r.body).toContain('href="/partners?area=MN"');
		expect((await get('/portrait/MN?lang=en')).body).toContain('Who works here');
	});
});

describe('loading a directory from the upload page', () => {
	const post = (file: string, intent: 'check' | 'load') => {
		const form = new FormData();
		form.set('intent', intent);
		form.set('file', new File([readFileSync(file)], file.split('/').pop()!, { type: 'text/csv' }));
		return fetch(`${server.url}/upload/partners?lang=en`, { method: 'POST', body: form, headers: { cookie: cookies.analyst, origin: server.url, accept: 'text/html' }, redirect: 'manual' });
	};
	const total = async () => (JSON.parse((await get('/api/partners')).body) as { total: number }).total;

	test('a file with errors is reported line by line and changes nothing; a check loads nothing; a load replaces the directory', async () => {
		const bad = await post('fixtures/partners/partners-errors.csv', 'load');
		expect(bad.status).toBe(422);
		const html = await bad.text();
		expect(html).toContain('nothing was loaded and the directory is unchanged');
		expect(html).toMatch(/line 4[^<]*Street wrok/);
		expect(await total()).toBe(12);
		const check = await post('fixtures/partners/partners-quebec.csv', 'check');
		expect(check.status).toBe(200);
		expect(await check.text()).toContain('The file is valid: 4 partners.');
		expect(await total()).toBe(12);
		const load = await post('fixtures/partners/partners-quebec.csv', 'load');
		expect(load.status).toBe(200);
		expect(await load.text()).toContain('Loaded: 4 partners now make up the directory.');
		expect(await total()).toBe(4);
	});
});
