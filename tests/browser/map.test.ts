/**
 * The map page in Chromium against the real server with the whole demo: each layer toggled on
 * its own with its legend, an area picked on the map and in the form with the side-by-side
 * panel, the back button, the page without JavaScript and no console errors.
 * Screenshots go to test-results/map-*.png (looked at when the page changes).
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { launchChromium, recordingPages, type RecordingPages } from '../helpers/browser';

const SCREENSHOTS = fileURLToPath(new URL('../../test-results/', import.meta.url));
const LAYERS = [
	{ id: 'rates', label: 'Incidents par secteur', legend: 'Incidents pour 1 000 résidents' },
	{ id: 'hexagons', label: 'Hexagones de points', legend: 'Lieux signalés insécurisants' },
	{ id: 'audit', label: 'Lieux des marches exploratoires', legend: 'Lieux audités : note moyenne (1 à 5)' }
] as const;

let server: TestServer;
let browser: Browser;
let pages: RecordingPages;

beforeAll(async () => {
	mkdirSync(SCREENSHOTS, { recursive: true });
	[server, browser] = await Promise.all([startTestServer({ env: { VIGIE_DEMO: 'all' } }), launchChromium()]);
	pages = recordingPages(browser);
});
afterAll(async () => {
	await pages?.close();
	await browser?.close();
	await server?.stop();
});

const drawnLayers = (page: Page) => page.locator('[data-testid=map] [data-layer]').evaluateAll((els) => els.map((e) => e.getAttribute('data-layer')).sort());
const legends = (page: Page) => page.locator('[data-testid=legends] [data-legend]').evaluateAll((els) => els.map((e) => e.getAttribute('data-legend')));

describe('with JavaScript', () => {
	test.each(LAYERS)('the $id layer on its own, with its legend', async (layer) => {
		const page = await pages.open();
		await page.goto(`${server.url}/map?layers=`, { waitUntil: 'networkidle' }); // hydrated: a box ticked before would be unticked by hydration
		await expect.poll(() => drawnLayers(page)).toEqual(['areas']);
		expect(await legends(page)).toEqual([]);
		await page.getByLabel(layer.label, { exact: true }).check();
		await page.waitForURL((u) => u.searchParams.getAll('layers').includes(layer.id));
		await expect.poll(() => drawnLayers(page)).toEqual(layer.id === 'rates' ? ['rates'] : ['areas', layer.id]);
		expect(await legends(page)).toEqual([`legend-${layer.id}`]);
		await expect.poll(() => page.locator(`[data-legend=legend-${layer.id}] text`).first().textContent()).toBe(layer.legend);
		await page.locator('.map-and-legends').screenshot({ path: `${SCREENSHOTS}map-${layer.id}.png` });
		// Back to no layer.
		await page.goBack();
		await expect.poll(() => drawnLayers(page)).toEqual(['areas']);
		await expect.poll(() => page.getByLabel(layer.label, { exact: true }).isChecked()).toBe(false);
	});

	test('every layer, then an area picked on the map, then in the form; the back button restores each state', async () => {
		const page = await pages.open();
		// One layer at first.
		await page.goto(`${server.url}/map`);
		expect(await drawnLayers(page)).toEqual(['rates']);
		expect(await legends(page)).toEqual(['legend-rates']);
		await page.goto(`${server.url}/map?layers=rates,hexagons,audit,partners`, { waitUntil: 'networkidle' });
		expect(await drawnLayers(page)).toEqual(['audit', 'hexagons', 'partners', 'rates']);
		expect(await legends(page)).toEqual(['legend-rates', 'legend-hexagons', 'legend-audit']);
		await page.locator('.map-and-legends').screenshot({ path: `${SCREENSHOTS}map-all-layers.png` });
		expect(await page.locator('[data-testid=area-panel]').count()).toBe(0);

		// Only the rates, so that the area's link is not under a hexagon or a site.
		await page.getByLabel('Hexagones de points', { exact: true }).uncheck();
		await page.waitForURL((u) => !u.searchParams.getAll('layers').includes('hexagons'));
		await page.getByLabel('Lieux des marches exploratoires', { exact: true }).uncheck();
		await page.waitForURL((u) => !u.searchParams.getAll('layers').includes('audit'));
		await page.locator('[data-testid=map] a[aria-label^="Anjou"]').click();
		await page.waitForURL((u) => u.searchParams.get('borough') === 'AJ');
		const panel = page.getByTestId('area-panel');
		await expect.poll(() => panel.locator('h2').textContent()).toBe('Anjou : indicateurs d’enquête et de diagnostic côte à côte');
		expect(await page.getByTestId('panel-survey').locator('tr[data-indicator]').count()).toBe(3);
		expect(await page.getByTestId('panel-diagnostic').locator('tr[data-indicator=incident_rate] td').textContent()).toMatch(/\d+,\d \(\d+,\d – \d+,\d\).*× la ville/);

		await page.getByTestId('area-select').selectOption({ label: 'Montréal-Nord' });
		await page.waitForURL((u) => u.searchParams.get('borough') === 'MN');
		await expect.poll(() => panel.locator('h2').textContent()).toMatch(/^Montréal-Nord/);
		await panel.screenshot({ path: `${SCREENSHOTS}map-panel.png` });

		await page.goBack();
		await expect.poll(() => panel.locator('h2').textContent()).toMatch(/^Anjou/);
		expect(await page.getByTestId('area-select').inputValue()).toBe('AJ');
		await page.goBack();
		await expect.poll(() => page.locator('[data-testid=area-panel]').count()).toBe(0);
	});

	test('incidents as hexagons in English; no horizontal scroll on a phone (axe-core: tests/browser/accessibility.test.ts)', async () => {
		const page = await pages.open();
		await page.goto(`${server.url}/map?borough=VS&lang=en&layers=rates,hexagons&hexagons=incidents`);
		expect(await legends(page)).toEqual(['legend-rates', 'legend-hexagons']);
		expect(await page.locator('[data-legend=legend-hexagons] text').first().textContent()).toBe('Incidents per hexagon');
		await page.screenshot({ path: `${SCREENSHOTS}map-en-incident-hexagons.png` });
		await page.setViewportSize({ width: 420, height: 900 });
		await page.goto(`${server.url}/map`);
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(420);
		await page.screenshot({ path: `${SCREENSHOTS}map-narrow.png` });
	});
});

test('without JavaScript: the form toggles layers and picks an area', async () => {
	const page = await pages.open({ javaScriptEnabled: false });
	await page.goto(`${server.url}/`);
	await page.getByRole('navigation', { name: 'Principal' }).getByRole('link', { name: 'Carte' }).click();
	await page.waitForURL(`${server.url}/map`);
	await expect.poll(() => page.getByRole('link', { name: 'Carte' }).getAttribute('aria-current')).toBe('page');
	expect(await page.getByLabel('Hexagones de points', { exact: true }).isChecked()).toBe(false); // one layer at first
	await page.getByLabel('Lieux des marches exploratoires', { exact: true }).check();
	await page.getByTestId('area-select').selectOption({ label: 'Ville-Marie' });
	await page.getByRole('button', { name: 'Afficher' }).click();
	await page.waitForURL((u) => u.searchParams.get('borough') === 'VM');
	await expect.poll(() => drawnLayers(page)).toEqual(['audit', 'rates']);
	expect(await legends(page)).toEqual(['legend-rates', 'legend-audit']);
	expect(await page.getByTestId('area-panel').locator('h2').textContent()).toMatch(/^Ville-Marie/);
	await page.screenshot({ path: `${SCREENSHOTS}map-no-javascript.png`, fullPage: false });
	// Every box unchecked is "no layer", not the default.
	for (const l of LAYERS.filter((x) => x.id !== 'hexagons')) await page.getByLabel(l.label, { exact: true }).uncheck();
	await page.getByLabel('Partenaires', { exact: true }).uncheck();
	await page.getByRole('button', { name: 'Afficher' }).click();
	await page.waitForURL((u) => u.searchParams.getAll('layers').every((v) => v === ''));
	await expect.poll(() => drawnLayers(page)).toEqual(['areas']);
});

test('no console errors, failed requests or dialogs', () => {
	expect(pages.problems).toEqual([]);
	expect(pages.dialogs).toEqual([]);
});
