/**
 * Dashboard pages are rendered once per version of the database and reader (rendered-pages.ts): a
 * load, a deletion or a catalog change, from the server or another process, shows on the next
 * request; each reply has its own CSP nonce; a signed-in viewer's page is their own.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer, type TestServer } from '../helpers/server';
import { ADMIN, ANALYST, VIEWER, call, signIn } from '../helpers/auth';
import { runVigie } from '../helpers/cli';
import { smallSurvey } from './fixtures';

const OTHER_VIEWER = { email: 'reader2@vigie.test', password: 'second reader passphrase', role: 'viewer' as const };
let server: TestServer;
let analyst: string;
const dir = mkdtempSync(join(tmpdir(), 'vigie-page-cache-'));

beforeAll(async () => {
	server = await startTestServer({ users: [ADMIN, ANALYST, VIEWER, OTHER_VIEWER] });
	analyst = await signIn(server, ANALYST);
});
afterAll(async () => {
	await server?.stop();
	rmSync(dir, { recursive: true, force: true });
});

const page = async (path: string, cookie = 'vigie_lang=fr') => {
	const res = await call(server, path, { cookie });
	expect(res.status, path).toBe(200);
	return { res, body: await res.text() };
};
const nonceOf = (res: Response) => /'nonce-([^']+)'/.exec(res.headers.get('content-security-policy') ?? '')?.[1];

describe('kept pages', () => {
	test('each reply has a fresh CSP nonce, the same in the header and the page, and otherwise the same page', async () => {
		const a = await page('/'), b = await page('/');
		const na = nonceOf(a.res)!, nb = nonceOf(b.res)!;
		expect(na).toBeTruthy();
		expect(nb).not.toBe(na);
		expect(a.body).toContain(`nonce="${na}"`);
		expect(b.body).toContain(`nonce="${nb}"`);
		expect(b.body.replaceAll(nb, 'N')).toBe(a.body.replaceAll(na, 'N'));
		expect(a.res.headers.get('set-cookie')).toBeNull();
	});

	test('a browser revalidating a kept page gets the page again, never a 304 under another nonce', async () => {
		const a = await page('/explorer?borough=MN');
		const etag = a.res.headers.get('etag');
		const again = await call(server, '/explorer?borough=MN', { cookie: 'vigie_lang=fr', headers: etag ? { 'if-none-match': etag } : {} });
		expect(again.status).toBe(200);
		const body = await again.text();
		expect(body).toContain(`nonce="${nonceOf(again)}"`);
	});

	test('a navigation\'s data request gets data, the page gets the page, whichever came first', async () => {
		for (const path of ['/portrait/VD', '/explorer?borough=VD']) {
			const [p, q = ''] = path.split('?');
			const data = `${p}/__data.json?${q ? `${q}&` : ''}x-sveltekit-invalidated=01`;
			// Nothing kept yet for these pages in either language: data first in English, page first in French.
			for (const [lang, order] of [['en', [data, path]], ['fr', [path, data]]] as const) {
				for (const u of order) {
					const res = await call(server, u, { cookie: `vigie_lang=${lang}` });
					expect(res.status, u).toBe(200);
					const body = await res.text();
					if (u === data) expect(() => JSON.parse(body), u).not.toThrow();
					else expect(body.startsWith('<!doctype html>'), u).toBe(true);
				}
			}
		}
	});

	test('each language has its own page', async () => {
		expect((await page('/', 'vigie_lang=fr')).body).toContain('<html lang="fr"');
		expect((await page('/', 'vigie_lang=en')).body).toContain('<html lang="en"');
		expect((await page('/', 'vigie_lang=fr')).body).toContain('<html lang="fr"');
	});

	test('a signed-in viewer sees their own name in the header, not the last viewer\'s', async () => {
		const one = await signIn(server, VIEWER), two = await signIn(server, OTHER_VIEWER);
		for (let i = 0; i < 2; i++) {
			const a = await page('/portrait/MN', one), b = await page('/portrait/MN', two);
			// Booleans: a failure need not print the whole page.
			expect(a.body.includes(`${VIEWER.email} (`), 'first viewer').toBe(true);
			expect(a.body.includes(OTHER_VIEWER.email), 'first viewer').toBe(false);
			expect(b.body.includes(`${OTHER_VIEWER.email} (`), 'second viewer').toBe(true);
			expect(b.body.includes(`${VIEWER.email} (`), 'second viewer').toBe(false);
		}
	});
});

describe('a change of the data shows on the next request', () => {
	test('a wave uploaded to the server, then deleted', async () => {
		expect((await page('/')).body).not.toContain('value="2030"');
		const res = await call(server, '/api/datasets?kind=survey&wave=2030&filename=w2030.csv', { cookie: analyst, body: smallSurvey(80), headers: { 'content-type': 'text/csv' } });
		expect(res.status, await res.clone().text()).toBe(201);
		const { dataset_id: id } = (await res.json()) as { dataset_id: number };
		expect((await page('/')).body).toContain('value="2030"');
		expect((await page('/')).body).toContain('2030');
		const del = await call(server, `/api/datasets/${id}`, { method: 'DELETE', cookie: analyst });
		expect(del.status).toBeLessThan(300);
		expect((await page('/')).body).not.toContain('value="2030"');
	});

	test('a wave loaded by `vigie ingest` in another process', async () => {
		expect((await page('/', 'vigie_lang=en')).body).not.toContain('value="2031"');
		const file = join(dir, 'w2031.csv');
		writeFileSync(file, smallSurvey(80));
		const r = await runVigie(server.dbPath, ['ingest', file, '--kind', 'survey', '--wave', '2031']);
		expect(r.code, r.stderr).toBe(0);
		expect((await page('/', 'vigie_lang=en')).body).toContain('value="2031"');
	});

	test('an indicator added to the catalog by another process', async () => {
		const before = await page('/', 'vigie_lang=en');
		expect(before.body).not.toContain('Test indicator for the page cache');
		const def = join(dir, 'indicator.json');
		writeFileSync(def, JSON.stringify({
			id: 'page_cache_probe', type: 'proportion', unit: 'percent',
			label: { fr: 'Indicateur d’essai du cache', en: 'Test indicator for the page cache' },
			description: { fr: 'Sert aux tests.', en: 'For the tests.' },
			recode: { kind: 'codes', item: 'safe_after_dark', success: ['1'], valid: ['1', '2', '3', '4'] }
		}));
		const r = await runVigie(server.dbPath, ['catalog', 'add', def]);
		expect(r.code, r.stderr).toBe(0);
		expect((await page('/', 'vigie_lang=en')).body).toContain('Test indicator for the page cache');
	});
});
