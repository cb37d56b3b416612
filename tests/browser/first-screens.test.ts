/**
 * The first screens in Chromium against the real server, as a borough official meets them: the
 * overview in French and English at a desktop's and a phone's width, a borough picked, a key
 * finding followed to its chart, the two-borough comparison opened and changed; then axe-core on
 * every new or changed page, and the coarser tables where a breakdown is mostly suppressed.
 * Screenshots go to test-results/.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { axeViolations } from '../helpers/axe';
import { launchChromium, recordingPages, type RecordingPages } from '../helpers/browser';
import { startTestServer, type TestServer } from '../helpers/server';

const SCREENSHOTS = fileURLToPath(new URL('../../test-results/', import.meta.url));
const SIZES = { desktop: { width: 1366, height: 768 }, phone: { width: 390, height: 844 } } as const;
const WORDS = {
	fr: { findings: 'Faits saillants', compare: /^Comparer Montréal-Nord à l’ensemble de la ville$/,
		city: 'Ensemble de la ville', title: 'Montréal-Nord et Ahuntsic-Cartierville, 2024' },
	en: { findings: 'Key findings', compare: /^Compare Montréal-Nord with the whole city$/,
		city: 'Whole city', title: 'Montréal-Nord and Ahuntsic-Cartierville, 2024' }
} as const;

let server: TestServer;
let browser: Browser;
let pages: RecordingPages;

beforeAll(async () => {
	mkdirSync(SCREENSHOTS, { recursive: true });
	[server, browser] = await Promise.all([startTestServer(), launchChromium()]);
	pages = recordingPages(browser);
}, 120_000);

afterAll(async () => {
	await pages?.close();
	await browser?.close();
	await server?.stop();
});

const findingLinks = (page: Page) => page.getByTestId('key-findings').locator('ol > li a');

describe.each(['fr', 'en'] as const)('the first screens in %s', (lang) => {
	const w = WORDS[lang];
	test.each(Object.keys(SIZES) as (keyof typeof SIZES)[])('at %s width: a borough picked, a finding followed, two boroughs compared', async (size) => {
		const page = await pages.open({ locale: lang === 'fr' ? 'fr-CA' : 'en-CA', viewport: SIZES[size] });
		await page.goto(`${server.url}/?lang=${lang}`, { waitUntil: 'networkidle' });
		// The whole city's findings: three to five sentences, each a link to an explorer chart.
		const cityCount = await findingLinks(page).count();
		expect(cityCount).toBeGreaterThanOrEqual(3);
		expect(cityCount).toBeLessThanOrEqual(5);
		await page.screenshot({ path: `${SCREENSHOTS}first-overview-${lang}-${size}.png` });

		await page.locator('select[name=borough]').selectOption('MN');
		await page.waitForURL(/[?&]borough=MN/);
		await expect.poll(() => page.locator('h1').innerText()).toContain('Montréal-Nord');
		expect(await page.getByTestId('key-findings').locator('h2').innerText()).toContain(`${w.findings}`);
		const sentences = await findingLinks(page).allInnerTexts();
		expect(sentences.length).toBeGreaterThanOrEqual(1);
		for (const s of sentences) expect(s.startsWith('Montréal-Nord')).toBe(true);
		await page.screenshot({ path: `${SCREENSHOTS}first-overview-MN-${lang}-${size}.png`, fullPage: size === 'phone' });

		// The first finding opens its chart: the explorer for that indicator and borough, at the chart.
		const href = (await findingLinks(page).first().getAttribute('href'))!;
		const target = href.split('#')[1]!;
		await findingLinks(page).first().click();
		await page.waitForURL(/\/explorer\?.*borough=MN.*#(boroughs|trend)-title$/);
		// The router shows the new address before the page (it fetches the charts' code first), then
		// scrolls to the chart.
		await expect.poll(() => page.locator(`#${target}`).evaluate((el) => {
			const r = el.getBoundingClientRect();
			return r.height > 0 && r.bottom > 0 && r.top < innerHeight;
		}).catch(() => false)).toBe(true);
		await page.goBack();
		await page.waitForURL(/[?&]borough=MN/);

		// The comparison with the whole city, then with another borough: the address keeps the choice.
		await page.getByRole('link', { name: w.compare }).click();
		await page.waitForURL(/\/compare\?a=MN&b=city/);
		await expect.poll(() => page.getByTestId('place-b').locator('h2').innerText()).toBe(w.city);
		await page.locator('select[name=b]').selectOption('AC');
		await page.waitForURL(/\/compare\?a=MN&b=AC/);
		await expect.poll(() => page.locator('h1').innerText()).toBe(w.title);
		expect(await page.getByTestId('place-a').locator('svg.dot-interval').count()).toBeGreaterThanOrEqual(1);
		expect(await page.getByTestId('side-shares').locator('tbody tr').count()).toBeGreaterThanOrEqual(3);
		// Nothing is wider than the screen: the charts and the table fit (the table scrolls in its own box).
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(SIZES[size].width);
		await page.screenshot({ path: `${SCREENSHOTS}first-compare-${lang}-${size}.png`, fullPage: true });
		expect(pages.problems).toEqual([]);
		expect(pages.dialogs).toEqual([]);
	}, 90_000);
});

describe('accessibility and fallbacks', () => {
	test.each([
		'/?borough=MN', '/?borough=IS&lang=en', '/portrait', '/portrait?lang=en', '/compare?a=MN&b=AC', '/compare?a=IS&b=city&lang=en',
		'/explorer?borough=IS', '/portrait/IS?lang=en'
	])('axe-core finds no violation on %s, at both widths', async (path) => {
		for (const viewport of Object.values(SIZES)) {
			const page = await pages.open({ bypassCSP: true, viewport });
			await page.goto(`${server.url}${path}`);
			expect(await axeViolations(page), `${path} at ${viewport.width}px`).toEqual([]);
		}
		expect(pages.problems).toEqual([]);
	}, 90_000);

	test('the portraits\' index: a map whose boroughs open their portraits, and a card per borough with its headline value', async () => {
		const page = await pages.open({ viewport: SIZES.desktop });
		await page.goto(`${server.url}/portrait`);
		const cards = page.locator('li.card');
		expect(await cards.count()).toBe(19);
		expect(await cards.filter({ hasText: /\d+,\d\s%/ }).count()).toBeGreaterThanOrEqual(15);
		await page.screenshot({ path: `${SCREENSHOTS}first-portrait-index-fr-desktop.png` });
		await page.locator('svg.choropleth a').first().click();
		await page.waitForURL(/\/portrait\/[A-Z]+\?wave=2024$/);
		expect(pages.problems).toEqual([]);
	}, 60_000);

	test('a borough whose age group × gender table is mostly suppressed shows what can be published, and says why', async () => {
		const page = await pages.open({ viewport: SIZES.desktop });
		await page.goto(`${server.url}/explorer?borough=IS`);
		const chart = page.getByTestId('chart');
		expect(await chart.getByTestId('fallback-note').innerText()).toMatch(/^La plupart des cases du tableau groupe d’âge × genre ne peuvent pas être publiées pour L'Île-Bizard–Sainte-Geneviève/);
		// One bar per category of the coarser table, each with a value or a cross, never a number in a suppressed one.
		expect(await chart.locator('svg.grouped-bars').count()).toBeGreaterThanOrEqual(1);
		await chart.screenshot({ path: `${SCREENSHOTS}first-fallback-explorer-fr.png` });
		await page.goto(`${server.url}/portrait/IS?lang=en`);
		const note = page.getByTestId('fallback-note').first();
		expect(await note.innerText()).toBe('Most cells by the victim’s gender cannot be published for L\'Île-Bizard–Sainte-Geneviève, so the table shows all victims together.');
		expect(await page.locator('.matrix th', { hasText: 'All victims' }).count()).toBeGreaterThanOrEqual(1);
		expect(pages.problems).toEqual([]);
	}, 60_000);
});
