/**
 * Accounts and hostile input in a real browser (Debian's Chromium) against the real server,
 * started fresh and private with no account: the setup page creates the admin, sign-in and
 * sign-out (keyboard only, and without JavaScript), the users, audit and account pages, an
 * analyst's unsuppressed view, and hostile text (HTML, SVG, script) from an uploaded file and
 * the catalog shown as text everywhere, with no dialog ever opening. Screenshots go to test-results/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { runVigie } from '../helpers/cli';
import { ADMIN, ANALYST, VIEWER, call } from '../helpers/auth';
import { smallSurvey } from '../http/fixtures';

const SCREENSHOTS = fileURLToPath(new URL('../../test-results/', import.meta.url));
const SCRIPT = '<script>alert(1)</script>';
const SVG = '"><svg onload=alert(1)>';
const IMG = '<img src=x onerror=alert(1)>';
const FORMULA = '=HYPERLINK("https://evil.example","click")';

let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
/** Console errors (CSP violations among them), uncaught exceptions, failed requests, and any dialog. */
const problems: string[] = [];

beforeAll(async () => {
	mkdirSync(SCREENSHOTS, { recursive: true });
	[server, browser] = await Promise.all([
		startTestServer({ users: [], public: false }),
		chromium.launch({
			executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
			args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']
		})
	]);
}, 180_000);

afterAll(async () => {
	for (const c of contexts) await c.close().catch(() => {});
	await browser?.close();
	await server?.stop();
});

async function openPage(options: BrowserContextOptions = {}): Promise<Page> {
	const context = await browser.newContext({ locale: 'fr-CA', viewport: { width: 1280, height: 900 }, ...options });
	contexts.push(context);
	const page = await context.newPage();
	page.setDefaultTimeout(15_000);
	page.on('dialog', (d) => {
		problems.push(`a ${d.type()} dialog opened on ${page.url()}: ${d.message()}`);
		void d.dismiss();
	});
	page.on('console', (m) => {
		// A form refused (wrong password, too short) answers 400 or 429 on purpose; Chromium logs it.
		if (m.type() === 'error' && !/the server responded with a status of (400|429)/.test(m.text())) problems.push(`console error on ${page.url()}: ${m.text()}`);
	});
	page.on('pageerror', (err) => problems.push(`uncaught exception on ${page.url()}: ${err.message}`));
	page.on('requestfailed', (r) => {
		const why = r.failure()?.errorText ?? '?';
		if (why === 'net::ERR_ABORTED' || (options.javaScriptEnabled === false && why === 'csp' && r.resourceType() === 'script')) return;
		problems.push(`request failed: ${r.url()} (${why}) on ${page.url()}`);
	});
	return page;
}

const path = (page: Page) => new URL(page.url()).pathname;

async function signInWithKeyboard(page: Page, user: { email: string; password: string }): Promise<void> {
	await page.goto(`${server.url}/login`, { waitUntil: 'networkidle' });
	await page.focus('#email');
	await page.keyboard.type(user.email);
	await page.keyboard.press('Tab');
	await page.keyboard.type(user.password);
	await Promise.all([page.waitForURL((u) => u.pathname !== '/login'), page.keyboard.press('Enter')]);
}

describe('first run', () => {
	test('until an admin exists, every page leads to setup and the API says so; a wrong setup code is refused', async () => {
		const home = await call(server, '/');
		expect(home.status).toBe(303);
		expect(home.headers.get('location')).toBe('/setup');
		expect((await call(server, '/login')).headers.get('location')).toBe('/setup');
		const api = await call(server, '/api/indicators');
		expect(api.status).toBe(503);
		expect(((await api.json()) as { error: { code: string } }).error.code).toBe('setup_required');
		const wrong = await call(server, '/setup', { form: { code: 'not-the-code', email: ADMIN.email, password: ADMIN.password, confirm: ADMIN.password } });
		expect(wrong.status).toBe(400);
		expect(await wrong.text()).toContain('Ce n’est pas le code de configuration affiché par le serveur');
		expect(server.logs()).toMatch(/No administrator yet\. Create one at http:\/\/127\.0\.0\.1:\d+\/setup\?code=/);
	});

	test('the printed setup link opens the setup page, which creates the admin and signs them in', async () => {
		const link = /Create one at (\S+)/.exec(server.logs())![1]!;
		const page = await openPage();
		await page.goto(link, { waitUntil: 'networkidle' });
		expect(await page.locator('h1').innerText()).toBe('Configurer Vigie');
		expect(await page.inputValue('#code')).toBe(new URL(link).searchParams.get('code'));
		await page.getByLabel('Adresse courriel de l’administrateur').fill(ADMIN.email);
		await page.getByLabel('Mot de passe', { exact: true }).fill('too short');
		await page.getByLabel('Mot de passe (de nouveau)').fill('too short');
		await page.screenshot({ path: join(SCREENSHOTS, 'setup-fr.png'), fullPage: true });
		await Promise.all([page.waitForLoadState('networkidle'), page.click('button[type="submit"]')]);
		expect(await page.locator('[role="alert"]').innerText()).toContain('au moins 12 caractères');
		await page.getByLabel('Mot de passe', { exact: true }).fill(ADMIN.password);
		await page.getByLabel('Mot de passe (de nouveau)').fill(ADMIN.password);
		await Promise.all([page.waitForURL((u) => u.pathname === '/'), page.click('button[type="submit"]')]);
		await page.waitForLoadState('networkidle');
		expect(await page.locator('.who').innerText()).toBe(`${ADMIN.email} (administrateur)`);
		expect(await page.locator('h1').innerText()).toContain('Vue d’ensemble');
		// Setup is over: the page now sends everyone elsewhere.
		expect((await call(server, '/setup')).headers.get('location')).toBe('/login');
	});
});

describe('signing in and out', () => {
	test('the admin adds an analyst and a viewer on the users page', async () => {
		const page = await openPage();
		await signInWithKeyboard(page, ADMIN);
		await page.goto(`${server.url}/admin/users`, { waitUntil: 'networkidle' });
		for (const u of [ANALYST, VIEWER]) {
			await page.getByLabel('Adresse courriel', { exact: true }).fill(u.email);
			await page.getByLabel('Rôle', { exact: true }).selectOption(u.role);
			await page.getByLabel('Mot de passe initial').fill(u.password);
			await Promise.all([page.waitForLoadState('networkidle'), page.getByRole('button', { name: 'Ajouter le compte' }).click()]);
			expect(await page.locator('[role="status"]').innerText()).toBe(`Compte ${u.email} ajouté.`);
		}
		expect(await page.locator('tbody tr').count()).toBe(3);
		await page.screenshot({ path: join(SCREENSHOTS, 'admin-users-fr.png'), fullPage: true });
	});

	test('a wrong password says so; the keyboard signs in; the header button signs out', async () => {
		const page = await openPage({ locale: 'en-CA' });
		await page.goto(`${server.url}/account`, { waitUntil: 'networkidle' });
		expect(path(page)).toBe('/login');
		expect(await page.getAttribute('html', 'lang')).toBe('en');
		await page.getByLabel('E-mail address').fill(VIEWER.email);
		await page.getByLabel('Password').fill('not the password');
		await Promise.all([page.waitForLoadState('networkidle'), page.getByRole('button', { name: 'Sign in' }).click()]);
		expect(await page.locator('[role="alert"]').innerText()).toBe('Wrong e-mail address or password.');
		expect(await page.inputValue('#email')).toBe(VIEWER.email);
		await page.screenshot({ path: join(SCREENSHOTS, 'login-en-error.png'), fullPage: true });

		await page.focus('#password');
		await page.keyboard.type(VIEWER.password);
		await Promise.all([page.waitForURL((u) => u.pathname === '/account'), page.keyboard.press('Enter')]);
		expect(await page.locator('h1').innerText()).toBe('Your account');
		expect(await page.locator('.who').innerText()).toBe(`${VIEWER.email} (viewer)`);
		// A viewer has no administration links.
		expect(await page.locator('a[href="/admin/users"]').count()).toBe(0);
		await Promise.all([page.waitForURL((u) => u.pathname === '/login'), page.getByRole('button', { name: 'Sign out' }).click()]);
		await page.goto(`${server.url}/account`, { waitUntil: 'networkidle' });
		expect(path(page)).toBe('/login');
	});

	test('without JavaScript: sign in, create an API token (shown once), sign out', async () => {
		const page = await openPage({ javaScriptEnabled: false });
		await page.goto(`${server.url}/login`);
		await page.screenshot({ path: join(SCREENSHOTS, 'login-fr.png'), fullPage: true });
		await page.getByLabel('Adresse courriel').fill(ANALYST.email);
		await page.getByLabel('Mot de passe').fill(ANALYST.password);
		await Promise.all([page.waitForURL((u) => u.pathname === '/'), page.getByRole('button', { name: 'Se connecter' }).click()]);
		await page.goto(`${server.url}/account`);
		await page.getByLabel('Nom du nouveau jeton').fill('script de nuit');
		await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Créer un jeton' }).click()]);
		const token = await page.locator('[data-testid="new-token"] code').innerText();
		expect(token).toMatch(/^vigie_[A-Za-z0-9_-]{43}$/);
		await page.screenshot({ path: join(SCREENSHOTS, 'account-token-fr.png'), fullPage: true });
		expect((await call(server, '/api/indicators', { token, origin: null })).status).toBe(200);
		await page.goto(`${server.url}/account`);
		expect(await page.content()).not.toContain(token);
		await Promise.all([page.waitForURL((u) => u.pathname === '/login'), page.getByRole('button', { name: 'Se déconnecter' }).click()]);
	});

	test('an analyst shows the suppressed values, marked not for publication; the chart still hides them', async () => {
		const page = await openPage();
		await signInWithKeyboard(page, ANALYST);
		await page.goto(`${server.url}/explorer?borough=AC`, { waitUntil: 'networkidle' });
		expect(await page.locator('[data-testid="table"] tr[data-status="suppressed"] td.num').first().innerText()).toBe('—');
		await Promise.all([page.waitForURL((u) => u.searchParams.get('suppress') === '0'), page.getByLabel('Montrer les valeurs supprimées (non publiables)').check()]);
		// The router shows the new address before the page (it fetches the charts' code first).
		await expect.poll(() => page.locator('[data-testid="not-for-publication"]').isVisible()).toBe(true);
		const cell = page.locator('[data-testid="table"] tr[data-status="suppressed"]').first();
		expect(await cell.locator('td.num').first().innerText()).toMatch(/^\d{1,3},\d\s%$/);
		expect(await cell.innerText()).toContain('non publiable');
		for (const title of await page.locator('svg.grouped-bars rect.stub.suppressed title').allTextContents()) expect(title).not.toMatch(/\d,\d\s?%/);
		await page.screenshot({ path: join(SCREENSHOTS, 'home-analyst-not-for-publication.png'), fullPage: true });
	});
});

describe('hostile input is shown as text, everywhere', () => {
	beforeAll(async () => {
		// A file whose title, item names and values carry markup, loaded by an analyst's script…
		const token = (await runVigie(server.dbPath, ['users', 'token', ANALYST.email])).stdout.trim();
		const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
		const csv = smallSurvey(45, [SCRIPT, quote(SVG)], (i) => [String(i % 2), i % 3 === 0 ? quote(IMG) : quote(SVG)]);
		const title = `${SCRIPT} ${SVG}`;
		const up = await call(server, `/api/datasets?kind=survey&wave=2031&title=${encodeURIComponent(title)}&filename=${encodeURIComponent(`${SVG}.csv`)}`, {
			token, origin: null, body: csv, headers: { 'content-type': 'text/csv' }
		});
		expect(up.status, await up.clone().text()).toBe(201);
		// …and an indicator on the hostile item, with hostile labels, added to the catalog.
		const file = join(server.dbPath, '..', 'hostile-indicator.json');
		writeFileSync(file, JSON.stringify({
			id: 'hostile', type: 'proportion',
			recode: { kind: 'codes', item: SCRIPT, success: ['1'], valid: ['0', '1'] },
			label: { fr: `${SCRIPT} ${SVG}`, en: FORMULA }, description: { fr: `${IMG} description`, en: `${IMG} description` }, unit: 'percent'
		}));
		const added = await runVigie(server.dbPath, ['catalog', 'add', file]);
		expect(added.code, added.stderr).toBe(0);
		// A failed sign-in with a hostile e-mail address goes to the audit log.
		await call(server, '/login', { form: { email: SVG, password: 'whatever it is' } });
	}, 60_000);

	test('the dashboard shows the hostile labels and title as text, and no dialog opens', async () => {
		const page = await openPage();
		await signInWithKeyboard(page, VIEWER);
		await page.goto(`${server.url}/explorer?indicator=hostile&wave=2031`, { waitUntil: 'networkidle' });
		expect(await page.locator('h1').innerText()).toContain(`${SCRIPT} ${SVG}`);
		expect(await page.title()).toContain(SCRIPT);
		expect(await page.locator('.lede:not(.intro)').innerText()).toContain(IMG);
		expect(await page.locator('select[name="indicator"] option:checked').innerText()).toBe(`${SCRIPT} ${SVG}`);
		expect(await page.locator('figcaption').first().innerText()).toContain(`${SCRIPT} ${SVG}`);
		// Nothing of it became markup.
		expect(await page.evaluate(() => document.querySelectorAll('svg[onload], img[onerror], script:not([src]):not([nonce])').length)).toBe(0);
		await page.screenshot({ path: join(SCREENSHOTS, 'hostile-home.png'), fullPage: true });
		// Other pages and languages carry the labels too.
		await page.goto(`${server.url}/explorer?indicator=hostile&wave=2031&borough=MN&lang=en`, { waitUntil: 'networkidle' });
		expect(await page.locator('h1').innerText()).toContain(FORMULA);
		expect(problems.filter((p) => p.includes('dialog'))).toEqual([]);
	});

	test('the audit log shows the hostile title and e-mail address as text', async () => {
		const page = await openPage();
		await signInWithKeyboard(page, ADMIN);
		await page.goto(`${server.url}/admin/audit`, { waitUntil: 'networkidle' });
		const upload = page.locator('tr[data-action="dataset_upload"]').first();
		expect(await upload.innerText()).toContain(`title: ${SCRIPT} ${SVG}`);
		expect(await upload.innerText()).toContain('file_name: _svg onload_alert(1)_.csv');
		expect(await page.locator('tr[data-action="login_failed"]').first().innerText()).toContain(`email: ${SVG}`);
		expect(await page.evaluate(() => document.querySelectorAll('svg[onload], img[onerror]').length)).toBe(0);
		await page.screenshot({ path: join(SCREENSHOTS, 'admin-audit-fr.png'), fullPage: true });
		await page.goto(`${server.url}/admin/settings`, { waitUntil: 'networkidle' });
		await page.screenshot({ path: join(SCREENSHOTS, 'admin-settings-fr.png'), fullPage: true });
	});

	test('CSV exports neutralise spreadsheet formulas; the JSON API keeps the text as it is', async () => {
		const cookie = (await call(server, '/login', { form: { email: VIEWER.email, password: VIEWER.password } })).headers.getSetCookie()[0]!.split(';')[0]!;
		const csv = await (await call(server, '/api/indicators.csv', { cookie })).text();
		const line = csv.split('\r\n').find((l) => l.startsWith('hostile,'))!;
		expect(line).toContain(`"'=HYPERLINK(""https://evil.example"",""click"")"`);
		const json = (await (await call(server, '/api/indicators', { cookie })).json()) as { indicators: { id: string; label: { fr: string } }[] };
		expect(json.indicators.find((d) => d.id === 'hostile')!.label.fr).toBe(`${SCRIPT} ${SVG}`);
	});

	test('no dialog, console error (CSP violations included) or failed request on any page these tests opened', () => {
		expect(problems).toEqual([]);
	});
});
