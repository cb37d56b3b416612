/**
 * The analysts' catalog and reliability-rules pages in Chromium, as an analyst uses them: the
 * header links, a definition file chosen and added, a bad one refused with the problem next to
 * the form, a removal confirmed, a rule changed with a French decimal comma. Screenshots of both
 * pages in both languages at a desktop's and a phone's width go to test-results/analyst-*.png.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium, recordingPages, type RecordingPages } from '../helpers/browser';
import { startTestServer, type TestServer } from '../helpers/server';
import { ALL_ROLES, signIn, type TestUser } from '../helpers/auth';

const SCREENSHOTS = fileURLToPath(new URL('../../test-results/', import.meta.url));
let server: TestServer;
let browser: Browser;
let pages: RecordingPages;
let dir: string;

beforeAll(async () => {
	mkdirSync(SCREENSHOTS, { recursive: true });
	dir = mkdtempSync(join(tmpdir(), 'vigie-analyst-pages-'));
	[server, browser] = await Promise.all([startTestServer({ users: ALL_ROLES }), launchChromium()]);
	pages = recordingPages(browser, (status, url) => status === 400 && /\/(catalog|settings)\?/.test(url));
}, 120_000);
afterAll(async () => {
	await pages?.close();
	await browser?.close();
	await server?.stop();
	rmSync(dir, { recursive: true, force: true });
});

async function as(role: TestUser['role'], width = 1280, options: BrowserContextOptions = {}): Promise<Page> {
	const user = ALL_ROLES.find((u) => u.role === role)!;
	const cookie = await signIn(server, user);
	const page = await pages.open({ viewport: { width, height: 900 }, ...options });
	const [name, value] = cookie.split('=') as [string, string];
	await page.context().addCookies([{ name, value, url: server.url }]);
	return page;
}

const definition = {
	id: 'very_unsafe_after_dark',
	type: 'proportion',
	recode: { kind: 'codes', item: 'safe_after_dark', success: ['4'], valid: ['1', '2', '3', '4'] },
	label: { en: 'Feel very unsafe after dark', fr: 'Très en insécurité le soir' },
	description: { en: 'Share of residents who feel very unsafe walking alone after dark.', fr: 'Part des résidents très en insécurité seuls le soir.' },
	unit: 'percent',
	standard: 'local'
};

describe('the header', () => {
	test('analysts see Catalogue and Règles de fiabilité; viewers and admins do not', async () => {
		const analyst = await as('analyst');
		await analyst.goto(server.url + '/');
		const nav = analyst.getByRole('navigation', { name: 'Principal' });
		await expect.poll(() => nav.getByRole('link', { name: 'Catalogue' }).count()).toBe(1);
		expect(await nav.getByRole('link', { name: 'Règles de fiabilité' }).count()).toBe(1);
		await analyst.goto(server.url + '/?lang=en');
		expect(await analyst.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Catalog' }).count()).toBe(1);
		expect(await analyst.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reliability rules' }).count()).toBe(1);
		for (const role of ['viewer', 'admin'] as const) {
			const page = await as(role);
			await page.goto(server.url + '/?lang=en');
			expect(await page.getByRole('link', { name: 'Catalog' }).count(), role).toBe(0);
			expect(await page.getByRole('link', { name: 'Reliability rules' }).count(), role).toBe(0);
		}
	});
});

describe('the header', () => {
	test('every reader finds the comparison in the main navigation, in both languages', async () => {
		for (const [lang, name, label] of [['fr', 'Principal', 'Comparer'], ['en', 'Main', 'Compare']] as const) {
			const page = await as('viewer');
			await page.goto(`${server.url}/?lang=${lang}`);
			await page.getByRole('navigation', { name }).getByRole('link', { name: label }).click();
			await page.waitForURL(/\/compare/);
			// The router shows the new address before the page (it fetches the charts' code first).
			await expect.poll(() => page.getByRole('navigation', { name }).getByRole('link', { name: label }).getAttribute('aria-current')).toBe('page');
		}
	});
});

describe('the datasets page', () => {
	test('newest first, waves in words, load times in the reader\'s time zone (the server\'s, named, without JavaScript)', async () => {
		const page = await as('analyst', 1280, { timezoneId: 'America/Toronto' });
		await page.goto(`${server.url}/datasets`, { waitUntil: 'networkidle' });
		const rows = page.locator('table.data-table tbody tr');
		expect(await rows.locator('td:first-child').allInnerTexts()).toEqual(['2', '1']);
		expect(await rows.locator('td:nth-child(4)').allInnerTexts()).toEqual(['2024', '2023']);
		// Loaded a moment ago: written in Montréal's zone (HNE or HAE, never UTC).
		const loaded = await rows.first().locator('time').innerText();
		expect(loaded).toMatch(/\b(HNE|HAE)\b/);
		expect(loaded).not.toMatch(/UTC/);
		const plain = await as('analyst', 1280, { timezoneId: 'America/Toronto', javaScriptEnabled: false });
		await plain.goto(`${server.url}/datasets`);
		const serverZone = new Intl.DateTimeFormat('fr-CA', { timeZoneName: 'short' }).formatToParts(new Date()).find((p) => p.type === 'timeZoneName')!.value;
		expect(await plain.locator('table.data-table tbody tr').first().locator('time').innerText()).toContain(serverZone);
	});
});

describe('the catalog page', () => {
	test('a .json file is added; a bad definition is refused next to the form; the added one is removed after confirmation', async () => {
		const page = await as('analyst');
		await page.goto(server.url + '/catalog?lang=fr', { waitUntil: 'networkidle' });
		const file = join(dir, 'very_unsafe.json');
		writeFileSync(file, JSON.stringify(definition, null, 2));
		await page.setInputFiles('input[type=file]', file);
		await page.click('#add ~ form button[type=submit]');
		await expect.poll(() => page.getByRole('status').textContent()).toContain('Ajouté\u00a0: very_unsafe_after_dark.');
		await page.goto(server.url + '/catalog?lang=fr', { waitUntil: 'networkidle' });
		const card = page.locator('article', { has: page.getByRole('heading', { name: 'Très en insécurité le soir' }) });
		expect(await card.textContent()).toContain('2024\u00a0: oui');

		// A definition with two problems: both named, in French, next to the form; nothing added.
		await page.fill('textarea[name=definition]', JSON.stringify({ ...definition, id: 'Not An Id', unit: 'furlongs' }));
		await page.setInputFiles('input[type=file]', []);
		await page.click('#add ~ form button[type=submit]');
		const problems = page.locator('#add-problems');
		await expect.poll(() => problems.textContent()).toContain('un identifiant s’écrit en minuscules, chiffres et _');
		expect(await problems.textContent()).toContain('unit');
		expect(await page.getAttribute('textarea[name=definition]', 'aria-describedby')).toContain('add-problems');
		await page.screenshot({ path: `${SCREENSHOTS}analyst-catalog-problem-fr.png`, fullPage: false, clip: await problems.boundingBox().then((b) => ({ x: 0, y: Math.max(0, b!.y - 420), width: 1280, height: 620 })) });

		await card.getByRole('link', { name: /Retirer/ }).click();
		await page.waitForURL(/remove=very_unsafe_after_dark/);
		await page.getByRole('button', { name: 'Retirer very_unsafe_after_dark' }).click();
		await expect.poll(() => page.getByRole('status').textContent()).toContain('Indicateur very_unsafe_after_dark retiré.');
		await page.goto(server.url + '/catalog?lang=fr');
		expect(await page.getByRole('heading', { name: 'Très en insécurité le soir' }).count()).toBe(0);
	});
});

describe('the reliability rules page', () => {
	test('a rule changed with a decimal comma; a refused value keeps what was typed and says why', async () => {
		const page = await as('analyst');
		await page.goto(server.url + '/settings?lang=fr', { waitUntil: 'networkidle' });
		await page.fill('input[name="mean.flagCv"]', '0,5');
		await page.click('#content form button[type=submit]');
		const error = page.locator('#rule-mean-flagCv-error');
		await expect.poll(() => error.textContent()).toContain('ne doit pas dépasser le CV au-delà duquel une moyenne est supprimée');
		expect(await page.inputValue('input[name="mean.flagCv"]')).toBe('0,5');
		await page.fill('input[name="mean.flagCv"]', '0,2');
		await page.click('#content form button[type=submit]');
		await expect.poll(() => page.getByRole('status').textContent()).toContain('Enregistré\u00a0: mean.flagCv.');
		await page.goto(server.url + '/settings?lang=fr');
		expect(await page.inputValue('input[name="mean.flagCv"]')).toBe('0,2');
		// Back to the default, for the screenshots.
		await page.fill('input[name="mean.flagCv"]', '0,166');
		await page.click('#content form button[type=submit]');
		await expect.poll(() => page.getByRole('status').textContent()).toContain('mean.flagCv');
	});
});

describe('screenshots', () => {
	test.each([
		['fr', 1280], ['en', 1280], ['fr', 420], ['en', 420]
	] as const)('catalog and rules, %s, %d px wide: no sideways scrolling', async (lang, width) => {
		const page = await as('analyst', width);
		for (const name of ['catalog', 'settings']) {
			await page.goto(`${server.url}/${name}?lang=${lang}`, { waitUntil: 'networkidle' });
			expect(await page.evaluate(() => document.documentElement.scrollWidth), name).toBeLessThanOrEqual(width);
			await page.screenshot({ path: `${SCREENSHOTS}analyst-${name}-${lang}-${width}.png` });
			// Further down: an indicator's card, a group of rules.
			await page.locator(name === 'catalog' ? 'article' : 'fieldset').nth(1).evaluate((el) => el.scrollIntoView());
			await page.screenshot({ path: `${SCREENSHOTS}analyst-${name}-${lang}-${width}-more.png` });
		}
		const admin = await as('admin', width);
		await admin.goto(`${server.url}/admin/settings?lang=${lang}`, { waitUntil: 'networkidle' });
		await admin.screenshot({ path: `${SCREENSHOTS}analyst-admin-settings-${lang}-${width}.png` });
	});

	test('no console error, failed request or dialog', () => {
		expect(pages.problems.filter((p) => !/Failed to load resource: the server responded with a status of 400/.test(p))).toEqual([]);
		expect(pages.dialogs).toEqual([]);
	});
});
