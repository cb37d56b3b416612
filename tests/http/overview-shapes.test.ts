/**
 * The overview's maps share their area shapes, against the real server: each area's path data is
 * in the page's markup once (one hidden <svg> of shapes) and every map draws each area with one
 * <use> of it, keeping its link, accessible name, hover text and fill; the page data the browser
 * gets holds the shapes once and none of the view's export-only fields, while the exports stay
 * self-contained (their own paths, no <use>).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { call } from '../helpers/auth';

let server: TestServer;
let html = '';

beforeAll(async () => {
	server = await startTestServer({ public: true });
	html = await (await call(server, '/?wave=2024')).text();
}, 120_000);

afterAll(async () => {
	await server?.stop();
});

/** The page's markup, without the scripts (the hydration data is in the last one). */
const markupOf = (page: string) => page.replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, '');
const count = (haystack: string, needle: string) => haystack.split(needle).length - 1;
const mapsOf = (markup: string) => [...markup.matchAll(/<svg class="choropleth[ "][\s\S]*?<\/svg>/g)].map((m) => m[0]);

describe('the overview\'s shared area shapes', () => {
	test('each area\'s path data is in the markup once, and each map draws every area once with <use>', () => {
		const markup = markupOf(html);
		const shapes = /<svg class="area-shapes[^"]*"[^>]*aria-hidden="true"[^>]*>([\s\S]*?)<\/svg>/.exec(markup)?.[1] ?? '';
		const defined = [...shapes.matchAll(/<path id="([^"]+)" d="([^"]+)"/g)].map((m) => ({ id: m[1]!, d: m[2]! }));
		expect(defined.length).toBeGreaterThan(20);
		expect(new Set(defined.map((s) => s.d)).size).toBe(defined.length);
		for (const { d } of defined) expect(count(markup, `d="${d}"`), d.slice(0, 30)).toBe(1);

		const maps = mapsOf(markup);
		expect(maps.length).toBeGreaterThanOrEqual(8);
		const ids = new Set(defined.map((s) => s.id));
		for (const map of maps) {
			expect(map).not.toMatch(/<path class="area/);
			const used = [...map.matchAll(/<use class="area [^"]*" href="#([^"]+)"/g)].map((m) => m[1]!);
			// Every area of the map exactly once, and only shapes the page defines.
			expect(used.length).toBe(defined.length);
			expect(new Set(used)).toEqual(ids);
		}
	});

	test('the maps keep their accessible names, links, hover text and fills', () => {
		for (const map of mapsOf(markupOf(html))) {
			const id = /aria-labelledby="([^" ]+)-title \1-desc"/.exec(map)?.[1];
			expect(id).toMatch(/^map-/);
			expect(map).toMatch(new RegExp(`<title id="${id}-title">[^<]*2024</title>`));
			expect(map).toMatch(new RegExp(`<desc id="${id}-desc">[^<]+</desc>`));
			const areas = [...map.matchAll(/<a href="(\/explorer\?[^"]+)" aria-label="([^"]+)"[^>]*><use class="area (\w+)[^"]*" href="#[^"]+" fill="([^"]+)"[^>]*><title>([^<]+)<\/title><\/use><\/a>/g)];
			expect(areas.length).toBeGreaterThan(20);
			for (const [, href, label, status, fill, title] of areas) {
				expect(href).toContain('borough=');
				expect(title).toBe(label);
				expect(label).toMatch(/^[^·]+ · .+/);
				// Suppressed areas are hatched with this map's own pattern, the others filled with a colour.
				if (status === 'suppressed') expect(fill).toBe(`url(#${id}-hatch)`);
				else expect(fill).toMatch(/^#[0-9a-f]{6}$/);
			}
			for (const m of map.matchAll(/<g class="flagged"[^>]*>([\s\S]*?)<\/g>/g)) expect(count(m[1]!, '<use href="#')).toBe(2);
		}
	});

	test('the page data holds the shapes once and no export-only field; a data request the same', async () => {
		const data = html.slice(html.lastIndexOf('<script'));
		expect(data).toContain('indicators:');
		const d = /<path id="[^"]+" d="([^"]+)"/.exec(html)![1]!;
		expect(count(data, d)).toBe(1);
		// The view's table of the boroughs' values, its description and the areas' centroids are for the exports.
		expect(data).not.toMatch(/boroughs:\[\{code:"\w+",name:"[^"]*",estimate:/);
		for (const field of ['centroid:', 'description:']) expect(data, field).not.toContain(field);

		const json = await (await call(server, '/__data.json?wave=2024&x-sveltekit-invalidated=01')).text();
		expect(json).toContain('feel_safe_after_dark');
		expect(count(json, d)).toBe(1);
		expect(json).not.toContain('"centroid"');
	});

	test('an export of an overview map keeps its own paths', async () => {
		const svg = await (await call(server, '/export/overview/map-feel_safe_after_dark.svg?wave=2024')).text();
		expect(svg).not.toContain('<use');
		expect(count(svg, '<path d="')).toBeGreaterThan(20);
	});
});
