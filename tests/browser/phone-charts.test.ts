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
import { axeViolations } from '../helpers/axe';
import { PNG } from 'pngjs';

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

	test('the header\'s sections scroll sideways with a visible shade at each edge beyond which links are hidden; axe stays clean', async () => {
		const page = await pages.open({ viewport: PHONE, locale: 'fr-CA', bypassCSP: true });
		await page.goto(`${server.url}/explorer`);
		const nav = page.locator('header nav.sections');
		const { scrollWidth, clientWidth } = await nav.evaluate((el) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth }));
		expect(scrollWidth, 'the sections overflow at 390 px').toBeGreaterThan(clientWidth);
		const box = (await nav.boundingBox())!;
		/** The brightness of the nav's top padding (no text there) 2 px inside its left and right edges. */
		const edges = async () => {
			const shot = PNG.sync.read(await page.screenshot({ clip: { x: box.x, y: box.y, width: box.width, height: 3 } }));
			const at = (x: number) => { const i = (shot.width * 1 + x) * 4; return shot.data[i]! + shot.data[i + 1]! + shot.data[i + 2]!; };
			const dpr = shot.width / box.width;
			return { left: at(Math.round(2 * dpr)), right: at(shot.width - Math.round(2 * dpr) - 1), middle: at(Math.round(shot.width / 2)) };
		};
		const start = await edges();
		expect(start.right, 'links hidden to the right: a shade').toBeLessThan(start.middle - 15);
		expect(start.left, 'nothing hidden to the left: no shade').toBe(start.middle);
		await nav.evaluate((el) => { el.scrollLeft = el.scrollWidth; });
		const end = await edges();
		expect(end.left, 'links hidden to the left: a shade').toBeLessThan(end.middle - 15);
		expect(end.right, 'nothing hidden to the right: no shade').toBe(end.middle);
		// Every link stays in the accessibility tree, and axe-core finds nothing.
		expect(await page.getByRole('navigation', { name: /./ }).first().getByRole('link').count()).toBeGreaterThanOrEqual(6);
		expect(await axeViolations(page)).toEqual([]);
		await page.context().close();
	}, 60_000);
});
