/**
 * Charts kept out of hydration (StaticChart) in Chromium against the real server: the server's
 * markup stays as it was sent and carries no hydration markers, the page has no error, and the
 * charts are drawn again in the browser when a choice changes them (a new wave) or a link leads
 * to another page (an area of the overview's map to the explorer), and back; without JavaScript
 * the maps are there and their links work.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium, recordingPages, type RecordingPages } from '../helpers/browser';
import { startTestServer, type TestServer } from '../helpers/server';

let server: TestServer;
let browser: Browser;
let pages: RecordingPages;

beforeAll(async () => {
	[server, browser] = await Promise.all([startTestServer(), launchChromium()]);
	pages = recordingPages(browser);
}, 120_000);

afterAll(async () => {
	await pages?.close();
	await browser?.close();
	await server?.stop();
});

/**
 * The maps' titles, how many comment nodes their SVGs hold (hydration markers are comments), how
 * many linked areas they draw and how many of these have a size on screen (the overview's areas
 * are <use> of shapes defined once on the page: one whose shape is missing draws nothing).
 */
const maps = (page: Page) => page.evaluate(() => [...document.querySelectorAll('svg.choropleth')].map((svg) => {
	const walker = document.createTreeWalker(svg, NodeFilter.SHOW_COMMENT);
	let comments = 0;
	while (walker.nextNode()) comments++;
	const areas = [...svg.querySelectorAll<SVGGraphicsElement>('a .area')];
	const drawn = areas.filter((a) => { const r = a.getBoundingClientRect(); return r.width > 0 && r.height > 0; }).length;
	return { title: svg.querySelector('title')?.textContent ?? '', comments, areas: areas.length, drawn };
}));

describe('charts kept out of hydration', () => {
	test('the overview keeps the server\'s maps, redraws them for another wave, and its links lead to the explorer and back', async () => {
		const page = await pages.open();
		await page.goto(`${server.url}/?wave=2024`, { waitUntil: 'networkidle' });
		const cards = await page.locator('section.card[data-indicator]').count();
		const first = await maps(page);
		expect(first).toHaveLength(cards);
		for (const m of first) {
			expect(m.title).toContain('2024');
			expect(m.comments).toBe(0);
			expect(m.areas).toBeGreaterThan(10);
			expect(m.drawn).toBe(m.areas);
		}
		// A hovered area takes the dark outline through its <use>.
		const area = page.locator('svg.choropleth a .area').first();
		await area.hover({ force: true });
		expect(await area.evaluate((el) => getComputedStyle(el).stroke)).toBe('rgb(17, 17, 17)');

		// Drawn in the browser: the same maps for 2023.
		await page.getByLabel('Vague').selectOption('2023');
		await page.waitForURL(/wave=2023/);
		await expect.poll(async () => (await maps(page)).map((m) => m.title.includes('2023'))).toEqual(first.map(() => true));
		expect((await maps(page)).map((m) => [m.areas, m.drawn])).toEqual(first.map((m) => [m.areas, m.areas]));

		// An area's link, followed by the router, opens the explorer for that borough, drawn in the browser.
		await page.locator('svg.choropleth a').first().click();
		await page.waitForURL(/\/explorer\?.*borough=/);
		await expect.poll(() => page.locator('svg.choropleth a path.area').count()).toBeGreaterThan(10);
		await expect.poll(() => page.locator('svg.grouped-bars rect.bar, svg.grouped-bars rect.stub').count()).toBeGreaterThan(0);
		await page.goBack();
		await page.waitForURL(/wave=2023/);
		await expect.poll(async () => (await maps(page)).length).toBe(cards);
		expect(pages.problems).toEqual([]);
	}, 120_000);

	test('the portrait, the explorer and the comparison hydrate without an error and keep their charts', async () => {
		const page = await pages.open();
		for (const path of ['/portrait/MN', '/explorer?borough=MN', '/compare?a=MN&b=AC']) {
			const html = await (await fetch(server.url + path)).text();
			const served = (html.match(/<svg /g) ?? []).length;
			await page.goto(server.url + path, { waitUntil: 'networkidle' });
			expect(await page.locator('svg').count(), path).toBe(served);
			expect(served, path).toBeGreaterThan(0);
		}
		// The comparison's two places and its side-by-side tables are kept as sent: no hydration markers.
		const markers = await page.evaluate(() => [...document.querySelectorAll('[data-testid^="place-"], [data-testid^="side-"]')].map((el) => {
			const walker = document.createTreeWalker(el, NodeFilter.SHOW_COMMENT);
			let comments = 0;
			while (walker.nextNode()) comments++;
			return comments;
		}));
		expect(markers.length).toBeGreaterThanOrEqual(3);
		expect(markers.every((n) => n === 0), String(markers)).toBe(true);
		expect(pages.problems).toEqual([]);
	}, 120_000);

	test('the portrait keeps the server\'s sections below its exports, and draws them for another borough', async () => {
		const page = await pages.open();
		await page.goto(`${server.url}/portrait/MN`, { waitUntil: 'networkidle' });
		await page.locator('html.hydrated').waitFor({ state: 'attached' });
		// Kept as sent: no hydration markers (comments) in the sections, every indicator row there.
		const sections = () => page.evaluate(() => {
			const table = document.querySelector('[data-testid="all-table"]')!;
			const walker = document.createTreeWalker(table.closest('section')!, NodeFilter.SHOW_COMMENT);
			let comments = 0;
			while (walker.nextNode()) comments++;
			return { comments, rows: table.querySelectorAll('tbody tr').length, title: document.getElementById('all-title')?.textContent ?? '' };
		});
		const first = await sections();
		expect(first.comments).toBe(0);
		expect(first.rows).toBeGreaterThan(5);
		expect(first.title).toContain('Montréal-Nord');
		// Another borough, chosen in the form: the router's page, drawn in the browser.
		await page.getByLabel('Arrondissement').selectOption('AC');
		await page.waitForURL(/\/portrait\/AC|borough=AC/);
		await expect.poll(async () => (await sections()).title).toContain('Ahuntsic-Cartierville');
		expect((await sections()).rows).toBe(first.rows);
		expect(pages.problems).toEqual([]);
	}, 120_000);

	test('the explorer keeps the server\'s comparison charts and table, and draws them for another borough', async () => {
		const page = await pages.open();
		const scripts: string[] = [];
		page.on('response', (r) => { if (r.request().resourceType() === 'script') scripts.push(new URL(r.url()).pathname); });
		await page.goto(`${server.url}/explorer?borough=MN`, { waitUntil: 'networkidle' });
		await page.locator('html.hydrated').waitFor({ state: 'attached' });
		const kept = () => page.evaluate(() => ['table-title', 'boroughs-title', 'trend-title'].map((id) => {
			const section = document.getElementById(id)!.closest('section, figure, div')!;
			const walker = document.createTreeWalker(section, NodeFilter.SHOW_COMMENT);
			let comments = 0;
			while (walker.nextNode()) comments++;
			return comments;
		}));
		expect(await kept()).toEqual([0, 0, 0]);
		const rows = () => page.locator('[data-testid="table"] tbody tr').count();
		const before = await rows();
		expect(before).toBeGreaterThan(3);
		// The first page runs none of its charts' code: the charts' modules arrive with the first choice.
		const loaded = new Set(scripts);
		await page.locator('form select[name="borough"]').selectOption('AC');
		await page.waitForURL(/borough=AC/);
		await expect.poll(() => page.locator('[data-testid="summary"]').innerText()).toContain('Ahuntsic-Cartierville');
		expect(await rows()).toBe(before);
		expect(scripts.filter((s) => !loaded.has(s)).length).toBeGreaterThan(0);
		await expect.poll(() => page.locator('#trend-title').innerText()).toContain('Ahuntsic-Cartierville');
		expect(await page.locator('[data-testid="trend"] svg').count()).toBeGreaterThan(0);
		expect(pages.problems).toEqual([]);
	}, 120_000);

	test('without JavaScript the overview\'s maps are there and an area\'s link opens the explorer', async () => {
		const page = await pages.open({ javaScriptEnabled: false });
		await page.goto(`${server.url}/`);
		expect((await maps(page)).length).toBe(await page.locator('section.card[data-indicator]').count());
		await page.locator('svg.choropleth a').first().click();
		await page.waitForURL(/\/explorer\?.*borough=/);
		expect(await page.locator('svg.choropleth a path.area').count()).toBeGreaterThan(10);
		expect(pages.problems).toEqual([]);
	}, 120_000);
});
