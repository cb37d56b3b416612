/**
 * Charts on a phone (390 × 844, Chromium, real server with the survey and diagnostic demo data):
 * on every dashboard page no chart text is drawn under 11 px once its SVG is fitted to the
 * screen, and no legend lies over its chart's drawing. The first screen of the overview and of a
 * portrait shows data (a finding with its number), not only headers and filters.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium, recordingPages, type RecordingPages } from '../helpers/browser';
import { measureChartText } from '../helpers/chart-text';
import { startTestServer, type TestServer } from '../helpers/server';

const PHONE = { width: 390, height: 844 };
const MIN_PX = 11;
/**
 * The maps (the overview's and explorer's choropleths, /map's layers and legends) have their own
 * test of the same sizes (map-text.test.ts), with the rules of their names (a name that does not
 * fit is left out); this one guards every other chart.
 */
const MAPS = 'svg.choropleth, svg.layered-map, svg.map-legend';

let server: TestServer;
let browser: Browser;
let pages: RecordingPages;

beforeAll(async () => {
	[server, browser] = await Promise.all([startTestServer({ env: { VIGIE_DEMO: 'all' } }), launchChromium()]);
	pages = recordingPages(browser);
}, 120_000);

afterAll(async () => {
	await pages?.close();
	await browser?.close();
	await server?.stop();
});

describe('at 390 px', () => {
	test.each([
		'/', '/?borough=MN&lang=en', '/portrait/MN', '/portrait/IS?lang=en', '/portrait', '/explorer?borough=MN', '/explorer?indicator=trust_police_mean&lang=en',
		'/compare?a=MN&b=AC', '/compare?a=MN&b=city&lang=en', '/map', '/map?borough=MN', '/partners'
	])('%s: no chart text under 11 px, no legend over a drawing', async (path) => {
		const page = await pages.open({ viewport: PHONE });
		await page.goto(`${server.url}${path}`, { waitUntil: 'networkidle' });
		const r = await measureChartText(page, MIN_PX, MAPS);
		expect(r.small, `${path}: ${r.small.length} of ${r.texts} texts under ${MIN_PX} px`).toEqual([]);
		expect(r.overlaps, path).toEqual([]);
		await page.context().close();
		expect(pages.problems).toEqual([]);
	}, 60_000);

	test('the measure sees small text: a chart squeezed to 130 px fails it', async () => {
		const page = await pages.open({ viewport: PHONE });
		await page.goto(`${server.url}/compare?a=MN&b=AC`, { waitUntil: 'networkidle' });
		await page.locator('main .narrow svg.dot-interval').first().evaluate((svg) => (svg as SVGSVGElement).style.setProperty('width', '130px'));
		const r = await measureChartText(page, MIN_PX, MAPS);
		expect(r.texts).toBeGreaterThan(10);
		expect(r.small.length).toBeGreaterThan(0);
		await page.context().close();
	}, 60_000);

	test('the measure sees a legend over a drawing: the bar chart\'s legend moved onto its bars fails it', async () => {
		const page = await pages.open({ viewport: PHONE });
		await page.goto(`${server.url}/explorer?borough=MN`, { waitUntil: 'networkidle' });
		const before = await measureChartText(page, MIN_PX, MAPS);
		expect(before.legends).toBeGreaterThanOrEqual(2);
		expect(before.overlaps).toEqual([]);
		await page.locator('[data-testid="chart"] .narrow-only svg.grouped-bars .series-legend').evaluate((g) => g.setAttribute('transform', 'translate(30,-120)'));
		const after = await measureChartText(page, MIN_PX, MAPS);
		expect(after.overlaps.map((o) => o.chart)).toEqual([expect.stringContaining('grouped-bars')]);
		await page.context().close();
	}, 60_000);

	test.each([
		['/?borough=MN', 'key-findings', /\d+,\d\s%/],
		['/?lang=en', 'key-findings', /\d+\.\d%/],
		['/portrait/MN', 'key-finding', /\d+,\d\s%/],
		['/portrait/AC?lang=en', 'key-finding', /\d+\.\d%/]
	])('%s: the first screen shows a finding with its number', async (path, testId, number) => {
		const page = await pages.open({ viewport: PHONE, locale: path.includes('lang=en') ? 'en-CA' : 'fr-CA' });
		await page.goto(`${server.url}${path}`);
		const finding = page.getByTestId(testId);
		// The first sentence that carries a number ends inside the first screen.
		const line = finding.locator('li, p').filter({ hasText: number }).first();
		const box = (await line.boundingBox())!;
		expect(box.y + box.height, `${path}: the finding ends at ${Math.round(box.y + box.height)} px`).toBeLessThanOrEqual(PHONE.height);
		await page.context().close();
	}, 60_000);
});
