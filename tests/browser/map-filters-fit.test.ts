/**
 * The map's filter form fits the screen, in Chromium against the real server with the whole demo:
 * at a phone's width (390 px) and on a laptop (1366 px), in French and in English, every select
 * and checkbox of the form lies inside the viewport's width once the page is hydrated, each closed
 * select shows its whole choice (its text is not cut at the select's right edge), and the page
 * does not scroll sideways. Screenshots go to test-results/map-filters-*.png.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { launchChromium, recordingPages, type RecordingPages } from '../helpers/browser';

const SCREENSHOTS = fileURLToPath(new URL('../../test-results/', import.meta.url));

let server: TestServer;
let browser: Browser;
let pages: RecordingPages;

beforeAll(async () => {
	mkdirSync(SCREENSHOTS, { recursive: true });
	[server, browser] = await Promise.all([startTestServer({ env: { VIGIE_DEMO: 'all' } }), launchChromium()]);
	pages = recordingPages(browser);
}, 180_000);
afterAll(async () => {
	await pages?.close();
	await browser?.close();
	await server?.stop();
});

/** Each select's chosen text, its width as drawn in the select's font, and the room its box leaves for it (left of the chevron). Measured in the page (a string: no bundler helper leaks into it). */
const CHOSEN_TEXT = `(() => {
	const ctx = document.createElement('canvas').getContext('2d');
	return [...document.querySelectorAll('[data-testid=map-filters] select')].map((s) => {
		const css = getComputedStyle(s);
		ctx.font = css.font;
		const text = s.selectedOptions[0] ? s.selectedOptions[0].textContent : '';
		return { name: s.name, text, width: Math.ceil(ctx.measureText(text).width),
			room: Math.floor(s.clientWidth - parseFloat(css.paddingLeft) - parseFloat(css.paddingRight)) };
	});
})()`;

describe.each([
	{ width: 390, height: 844 },
	{ width: 1366, height: 768 }
])('at $width px', (viewport) => {
	test.each(['fr-CA', 'en-CA'])('every control of the form is inside the screen (%s)', async (locale) => {
		const page = await pages.open({ viewport, locale });
		await page.goto(`${server.url}/map?layers=rates,hexagons,audit,partners`);
		await page.locator('html.hydrated').waitFor({ state: 'attached' });
		const form = page.getByTestId('map-filters');
		const boxes = await form.locator('select, input:not([type=hidden])').evaluateAll((els) =>
			els.map((e) => {
				const r = e.getBoundingClientRect();
				return { name: e.getAttribute('name') ?? '', left: Math.round(r.left), right: Math.round(r.right), width: Math.round(r.width) };
			}));
		// Indicator, wave, category, hexagon source, area; then the four layers' boxes.
		expect(boxes.filter((b) => b.name !== 'layers').length).toBeGreaterThanOrEqual(5);
		const outside = boxes.filter((b) => b.left < 0 || b.right > viewport.width || b.width <= 0);
		expect(outside, `controls outside ${viewport.width} px`).toEqual([]);
		const chosen = (await page.evaluate(CHOSEN_TEXT)) as { name: string; text: string; width: number; room: number }[];
		expect(chosen.filter((c) => c.width > c.room), 'selects whose chosen text is cut').toEqual([]);
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
		await form.screenshot({ path: `${SCREENSHOTS}map-filters-${viewport.width}-${locale.slice(0, 2)}.png` });
		expect(pages.problems).toEqual([]);
	});
});
