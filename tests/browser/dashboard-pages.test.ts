/**
 * The borough portrait and the indicator explorer in Chromium against the real server, in French and English: the answer to
 * the portrait's question, the chooser and the back button, the page without JavaScript, a
 * phone's width and print (axe-core: tests/browser/accessibility.test.ts). Screenshots go to test-results/.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium, recordingPages, type RecordingPages } from '../helpers/browser';
import { startTestServer, type TestServer } from '../helpers/server';

const SCREENSHOTS = fileURLToPath(new URL('../../test-results/', import.meta.url));
let server: TestServer;
let browser: Browser;
let pages: RecordingPages;

beforeAll(async () => {
	mkdirSync(SCREENSHOTS, { recursive: true });
	[server, browser] = await Promise.all([startTestServer(), launchChromium()]);
	pages = recordingPages(browser);
});

afterAll(async () => {
	if (process.env.VIGIE_TEST_LOGS) console.log(server?.logs());
	await pages?.close();
	await browser?.close();
	await server?.stop();
});

describe('the borough portrait', () => {
	test('in French: "In brief" leads with Montréal-Nord\'s most important finding for everyone, against the rest of the city', async () => {
		const page = await pages.open();
		await page.goto(`${server.url}/portrait/MN`);
		await expect.poll(() => page.title()).toContain('Portrait de Montréal-Nord');
		const key = (await page.getByTestId('key-finding').innerText()).replace(/\s+/g, ' ');
		expect(key).toMatch(/^En bref Montréal-Nord : « [^»]+ » atteint \d+,\d+( %)?, significativement (moins|plus) que dans le reste de la ville/);
		expect(await page.getByTestId('key-finding').locator('p.lead').getAttribute('data-group')).toBe('all');
		expect(await page.locator('svg.dot-interval').first().isVisible()).toBe(true);
		expect(await page.locator('svg.heatmap').first().isVisible()).toBe(true);
		await page.screenshot({ path: `${SCREENSHOTS}portrait-fr.png`, fullPage: true });
		expect(pages.problems).toEqual([]);
	});

	test('in English, by the URL; the language is remembered', async () => {
		const page = await pages.open();
		await page.goto(`${server.url}/portrait/MN?lang=en`);
		expect(await page.getByTestId('key-finding').innerText()).toMatch(/^In brief\s+Montréal-Nord: “[^”]+” is \d+\.\d+%?, significantly (lower|higher) than in the rest of the city/);
		await page.goto(`${server.url}/portrait/AC`);
		expect(await page.locator('h1').innerText()).toBe('Portrait of Ahuntsic-Cartierville, 2024');
		await page.screenshot({ path: `${SCREENSHOTS}portrait-en.png`, fullPage: true });
		expect(pages.problems).toEqual([]);
	});

	test('choosing a borough and a wave changes the address; the back button returns to the previous portrait', async () => {
		const page = await pages.open();
		await page.goto(`${server.url}/portrait/MN`);
		// Changing a select submits once the page is hydrated; before, only the form's button does.
		await page.locator('html.hydrated').waitFor({ state: 'attached' });
		await page.getByLabel('Arrondissement').selectOption('AC');
		await page.waitForURL(/\/portrait\/AC\?wave=2024$/);
		await expect.poll(() => page.locator('h1').innerText()).toContain('Ahuntsic-Cartierville');
		await page.getByLabel('Vague').selectOption('2023');
		await page.waitForURL(/\/portrait\/AC\?wave=2023$/);
		await expect.poll(() => page.locator('h1').innerText()).toBe('Portrait de Ahuntsic-Cartierville, 2023');
		await page.goBack();
		await page.waitForURL(/\/portrait\/AC\?wave=2024$/);
		await expect.poll(() => page.locator('h1').innerText()).toBe('Portrait de Ahuntsic-Cartierville, 2024');
		await page.goBack();
		await page.waitForURL(/\/portrait\/MN$/);
		await expect.poll(() => page.locator('h1').innerText()).toContain('Montréal-Nord');
		expect(pages.problems).toEqual([]);
	});

	test('without JavaScript: readable, and the chooser works from the keyboard', async () => {
		const page = await pages.open({ javaScriptEnabled: false });
		await page.goto(`${server.url}/portrait/MN`);
		expect(await page.getByTestId('key-finding').innerText()).toMatch(/Montréal-Nord/);
		await page.getByLabel('Arrondissement').focus();
		await page.keyboard.press('Home');
		await page.getByLabel('Arrondissement').selectOption('VD');
		await page.getByRole('button', { name: 'Afficher' }).press('Enter');
		await page.waitForURL(/\/portrait\/VD\?wave=2024$/);
		await expect.poll(() => page.locator('h1').innerText()).toBe('Portrait de Verdun, 2024');
		expect(pages.problems).toEqual([]);
	});

	test('at a phone’s width: no sideways scrolling of the page, the narrow charts shown', async () => {
		const page = await pages.open({ viewport: { width: 375, height: 800 } });
		await page.goto(`${server.url}/portrait/MN`);
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
		expect(await page.locator('#all-chart-narrow-title').count()).toBe(1);
		expect(await page.locator('.narrow svg.dot-interval').first().isVisible()).toBe(true);
		expect(await page.locator('.wide svg.dot-interval').first().isVisible()).toBe(false);
		await page.screenshot({ path: `${SCREENSHOTS}portrait-phone.png`, fullPage: true });
		await page.emulateMedia({ media: 'print' });
		expect(await page.locator('form.filters').isVisible()).toBe(false);
		expect(pages.problems).toEqual([]);
	});
});

describe('the indicator explorer', () => {
	test('choices go to the address; the back button returns to the previous view; screenshots in both languages and on a phone', async () => {
		const page = await pages.open();
		await page.goto(`${server.url}/explorer`);
		// Changing a select submits once the page is hydrated; before, only the form's button does.
		await page.locator('html.hydrated').waitFor({ state: 'attached' });
		await page.locator('select[name=borough]').selectOption('MN');
		await page.waitForURL(/borough=MN/);
		await expect.poll(() => page.locator('h1').innerText()).toContain('Montréal-Nord');
		await page.locator('select[name=indicator]').selectOption('trust_police_mean');
		await page.waitForURL(/indicator=trust_police_mean/);
		await expect.poll(() => page.locator('h1').innerText()).toContain('Confiance envers la police');
		expect(await page.getByTestId('trend').locator('tr[data-wave]').count()).toBe(2);
		await page.screenshot({ path: `${SCREENSHOTS}explorer-fr.png`, fullPage: true });
		await page.goBack();
		await page.waitForURL((u) => !u.search.includes('trust_police_mean'));
		await expect.poll(() => page.locator('h1').innerText()).toContain('Se sentent en sécurité');
		const en = await pages.open();
		await en.goto(`${server.url}/explorer?borough=AC&lang=en`);
		expect(await en.locator('h1').innerText()).toMatch(/^Explorer: .*Ahuntsic-Cartierville, 2024$/);
		await en.screenshot({ path: `${SCREENSHOTS}explorer-en.png`, fullPage: true });
		const phone = await pages.open({ viewport: { width: 375, height: 800 }, javaScriptEnabled: false });
		await phone.goto(`${server.url}/explorer?borough=MN`);
		expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
		expect(await phone.locator('.narrow svg.dot-interval').isVisible()).toBe(true);
		await phone.screenshot({ path: `${SCREENSHOTS}explorer-phone.png`, fullPage: true });
		await phone.goto(`${server.url}/`);
		expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
		await phone.screenshot({ path: `${SCREENSHOTS}overview-phone.png`, fullPage: true });
		await en.goto(`${server.url}/`);
		await en.screenshot({ path: `${SCREENSHOTS}overview-en.png`, fullPage: true });
		expect(pages.problems).toEqual([]);
	});
});
