/**
 * The portrait taken away, in Chromium against the real server: the "Download the portrait
 * (PowerPoint)" link gives the deck whose charts hold the page's numbers, the link works without
 * JavaScript, and the print stylesheet makes a PDF (page.pdf, A4) with the borough, the key
 * finding, the banners, the notes and the source, and no navigation, filters or export links.
 * The PDF and the deck go to test-results/ to be looked at.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium, recordingPages, type RecordingPages } from '../helpers/browser';
import { readPptx } from '../helpers/pptx';
import { startTestServer, type TestServer } from '../helpers/server';

const OUT = fileURLToPath(new URL('../../test-results/', import.meta.url));
let server: TestServer;
let browser: Browser;
let pages: RecordingPages;

beforeAll(async () => {
	mkdirSync(OUT, { recursive: true });
	[server, browser] = await Promise.all([startTestServer(), launchChromium()]);
	pages = recordingPages(browser);
}, 180_000);

afterAll(async () => {
	await pages?.close();
	await browser?.close();
	await server?.stop();
});

const percent = (s: string) => Number(s.replace(/\s|\u00a0|\u202f|%/g, '').replace(',', '.')) / 100;

describe('the PowerPoint deck from the portrait page', () => {
	test.each([{ js: true }, { js: false }])('clicking the link downloads the deck with the page\'s numbers (JavaScript: $js)', async ({ js }) => {
		const page = await pages.open({ acceptDownloads: true, javaScriptEnabled: js });
		await page.goto(`${server.url}/portrait/MN?wave=2024`, { waitUntil: 'networkidle' }); // the print button is the script's
		const link = page.getByTestId('deck-link');
		expect(await link.textContent()).toBe('Télécharger le portrait (PowerPoint)');
		expect(await page.getByTestId('print').count()).toBe(js ? 1 : 0);
		// The page's numbers: the borough's value of the first indicator of the table.
		const first = page.locator('[data-testid="all-table"] tbody tr').first();
		const label = (await first.locator('th').evaluate((th) => th.firstChild!.textContent))!.trim();
		const shown = (await first.locator('td').first().textContent())!.trim();
		const key = (await page.getByTestId('key-finding').locator('p').first().textContent())!.trim();

		const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
		expect(download.suggestedFilename()).toBe('vigie-portrait-MN-2024-fr.pptx');
		const path = `${OUT}portrait-MN-2024-fr${js ? '' : '-nojs'}.pptx`;
		await download.saveAs(path);
		const p = await readPptx(readFileSync(path));
		expect(p.slideText[0]).toContain(key);
		const all = p.charts[0]!;
		expect(all.xml).toContain(label.replace(/&/g, '&amp;'));
		expect(all.series[0]!.name).toBe('Montréal-Nord');
		expect(all.series[0]!.values[0]).toBeCloseTo(percent(shown.replace(/ E$/, '')), 3);
		expect(pages.problems).toEqual([]);
	});
});

describe('printing the portrait', () => {
	test('page.pdf() with the print stylesheet: a valid A4 PDF with the borough, the key finding, the banners, the notes and the source, and no filters, menus or export links', async () => {
		const page = await pages.open();
		await page.goto(`${server.url}/portrait/MN?wave=2024`);
		await page.emulateMedia({ media: 'print' });
		for (const sel of ['form.filters', 'header.top', '[data-testid="portrait-exports"]', 'a.skip'])
			expect(await page.locator(sel).first().isVisible(), sel).toBe(false);
		for (const sel of ['.banner.synthetic', '[data-testid="key-finding"]', 'svg:has(#all-chart-title)', '.notes .source'])
			expect(await page.locator(sel).first().isVisible(), sel).toBe(true);
		const after = await page.evaluate(() => [...document.querySelectorAll('main a[href]')].map((a) => getComputedStyle(a, '::after').content));
		expect(after.every((c) => c === 'none' || c === 'normal')).toBe(true);
		const key = (await page.getByTestId('key-finding').locator('p').first().textContent())!.replace(/\s+/g, ' ').trim();
		const source = (await page.locator('.notes .source').textContent())!.replace(/\s+/g, ' ').trim();
		// The list of marked and suppressed values (a closed <details> on screen) is printed.
		const noteItem = (await page.getByTestId('notes').locator('li').last().textContent())!.replace(/\s+/g, ' ').trim();
		expect(await page.getByTestId('notes').locator('li').last().isVisible()).toBe(true);

		const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
		writeFileSync(`${OUT}portrait-MN-2024-fr.pdf`, pdf);
		expect(Buffer.from(pdf.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
		const doc = await getDocumentProxy(new Uint8Array(pdf));
		expect(doc.numPages).toBeGreaterThanOrEqual(2);
		const first = await doc.getPage(1);
		const [, , w, h] = first.view;
		expect([Math.round(w!), Math.round(h!)]).toEqual([595, 842]); // A4 in points
		const { text } = await extractText(doc, { mergePages: true });
		const flat = text.replace(/\s+/g, ' ');
		expect(flat).toContain('Portrait de Montréal-Nord, 2024');
		expect(flat).toContain(key.slice(0, 60));
		expect(flat).toContain(source.slice(0, 60));
		expect(flat).toContain('Données de démonstration');
		expect(flat).toContain('Notes');
		expect(flat).toContain(noteItem.slice(0, 50));
		// No filter form, menu, export link or printed address.
		for (const absent of ['Afficher', 'Choisir le portrait', 'Télécharger le portrait', 'Imprimer / PDF', 'Explorateur', server.url, '/export/'])
			expect(flat, absent).not.toContain(absent);
	});
});
