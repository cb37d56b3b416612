/**
 * Map text a reader can read, in Chromium against the real server with the whole demo: at a
 * phone's width (390 px) and on a laptop (1366 px), no text of a map or of its legend is drawn
 * under 11 px, the names on the map do not overlap, and a legend never overlaps its map. Sizes
 * are as rendered: the font size times the scale the page draws the <svg> at.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { launchChromium, recordingPages, type RecordingPages } from '../helpers/browser';

let server: TestServer;
let browser: Browser;
let pages: RecordingPages;

beforeAll(async () => {
	[server, browser] = await Promise.all([startTestServer({ env: { VIGIE_DEMO: 'all' } }), launchChromium()]);
	pages = recordingPages(browser);
}, 180_000);
afterAll(async () => {
	await pages?.close();
	await browser?.close();
	await server?.stop();
});

interface Measured {
	/** Rendered size in px of every visible text of the maps and their legends, with its words. */
	texts: { size: number; text: string }[];
	/** Pairs of visible names on a map whose boxes overlap. */
	overlappingNames: string[];
	/** Legends whose box overlaps their map's. */
	overlappingLegends: number;
}

/** Everything is measured in the page (a string, so that no bundler helper leaks into it). */
const MEASURE = `(() => {
	const svgs = [...document.querySelectorAll('svg.choropleth, svg.layered-map, svg.choropleth-legend, svg.map-legend')];
	const texts = [];
	for (const svg of svgs) {
		const scale = svg.getBoundingClientRect().width / (svg.viewBox.baseVal.width || svg.getBoundingClientRect().width);
		for (const t of svg.querySelectorAll('text')) {
			if (!t.getClientRects().length || getComputedStyle(t).display === 'none' || getComputedStyle(t.parentElement).display === 'none') continue;
			texts.push({ size: Math.round(parseFloat(getComputedStyle(t).fontSize) * scale * 100) / 100, text: t.textContent });
		}
	}
	const overlappingNames = [];
	for (const svg of document.querySelectorAll('svg.choropleth, svg.layered-map')) {
		const names = [...svg.querySelectorAll('text[data-name]')].filter((t) => t.getClientRects().length && getComputedStyle(t.parentElement).display !== 'none');
		const boxes = names.map((t) => [t.textContent, t.getBoundingClientRect()]);
		for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
			const [a, r] = boxes[i], [b, s] = boxes[j];
			// 1 px of slack: the halos may touch.
			if (r.left < s.right - 1 && s.left < r.right - 1 && r.top < s.bottom - 1 && s.top < r.bottom - 1) overlappingNames.push(a + ' / ' + b);
		}
	}
	let overlappingLegends = 0;
	for (const legend of document.querySelectorAll('svg.choropleth-legend, svg.map-legend')) {
		const l = legend.getBoundingClientRect();
		for (const map of document.querySelectorAll('svg.choropleth, svg.layered-map')) {
			const m = map.getBoundingClientRect();
			if (l.left < m.right && m.left < l.right && l.top < m.bottom && m.top < l.bottom) overlappingLegends++;
		}
	}
	return { texts, overlappingNames, overlappingLegends };
})()`;

async function measure(page: Page, path: string): Promise<Measured> {
	await page.goto(`${server.url}${path}`);
	return (await page.evaluate(MEASURE)) as Measured;
}

describe.each([
	{ width: 390, height: 844 },
	{ width: 1366, height: 768 }
])('at $width px', (viewport) => {
	test.each([
		'/map?borough=MN',
		'/map?layers=rates,hexagons,audit&borough=MN&lang=en',
		'/explorer?borough=MN',
		'/portrait',
		'/'
	])('%s: map text at least 11 px, names apart, legends beside or under the map', async (path) => {
		const page = await pages.open({ viewport });
		const m = await measure(page, path);
		expect(m.texts.length).toBeGreaterThan(5);
		const small = m.texts.filter((t) => t.size < 11);
		expect(small, JSON.stringify(small.slice(0, 5))).toEqual([]);
		expect(m.overlappingNames).toEqual([]);
		expect(m.overlappingLegends).toBe(0);
	});
});

test('no console errors, failed requests or dialogs', () => {
	expect(pages.problems).toEqual([]);
	expect(pages.dialogs).toEqual([]);
});
