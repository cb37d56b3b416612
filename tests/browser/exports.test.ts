/**
 * Chart exports from the real pages in Chromium: each chart's export menu on the
 * explorer and the portrait is opened, each link clicked, the download received and checked —
 * PNG dimensions (2×, 4×) and drawn pixels, the SVG parses with its title and source, the CSV
 * parses back to the numbers of the page's table, and the suppressed value of the disclosure
 * tests is in none of them. Then the menu from the keyboard, without JavaScript, at a phone's
 * width, and axe-core. Screenshots go to test-results/.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { PNG } from 'pngjs';
import { XMLValidator } from 'fast-xml-parser';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { axeViolations } from '../helpers/axe';
import { ALL_ROLES, call, signIn } from '../helpers/auth';
import { launchChromium, recordingPages, type RecordingPages } from '../helpers/browser';
import { readPptx } from '../helpers/pptx';
import { startTestServer, type TestServer } from '../helpers/server';

const SCREENSHOTS = fileURLToPath(new URL('../../test-results/', import.meta.url));
let server: TestServer;
let browser: Browser;
let pages: RecordingPages;
/**
 * The suppressed cell's numbers (Ahuntsic-Cartierville, 12–17, women, 2024) as an export would write them (in percent to
 * 4 decimals, or as a fraction); rounded to 1 decimal they are not unique (another borough may show the same).
 */
let secrets: string[] = [];

beforeAll(async () => {
	mkdirSync(SCREENSHOTS, { recursive: true });
	[server, browser] = await Promise.all([startTestServer({ users: ALL_ROLES }), launchChromium()]);
	pages = recordingPages(browser);
	const analyst = await signIn(server, ALL_ROLES.find((u) => u.role === 'analyst')!);
	const res = await call(server, '/api/indicators/feel_safe_after_dark?wave=2024&by=borough,age_group,gender&suppress=0', { cookie: analyst });
	const row = ((await res.json()) as { rows: { domain: Record<string, string>; estimate: number; ci: [number, number]; reliability: string }[] }).rows
		.find((r) => r.domain.borough === 'Ahuntsic-Cartierville' && r.domain.age_group === '12-17' && r.domain.gender === 'woman')!;
	expect(row.reliability).toBe('suppressed');
	for (const v of [row.estimate, ...row.ci]) {
		const p = String(Number((v * 100).toFixed(4)));
		secrets.push(p, p.replace('.', ','), String(v));
	}
	secrets = secrets.filter((s) => s.replace(/\D/g, '').length >= 3);
}, 180_000);

afterAll(async () => {
	await pages?.close();
	await browser?.close();
	await server?.stop();
});

interface Download {
	name: string;
	bytes: Buffer;
}

/** Opens the chart's export menu and clicks each link; returns the downloads by kind (png2, png4, png4t, svg, csv, csv-en / csv-fr). */
async function downloadAll(page: Page, chart: string): Promise<Record<string, Download>> {
	const menu = page.locator(`details.export[data-export="${chart}"]:visible`);
	await menu.locator('summary').click();
	const out: Record<string, Download> = {};
	for (const link of await menu.locator('a[download]').all()) {
		const [dl] = await Promise.all([page.waitForEvent('download'), link.click()]);
		expect(await dl.failure()).toBeNull();
		out[(await link.getAttribute('data-kind'))!] = { name: dl.suggestedFilename(), bytes: readFileSync((await dl.path())!) };
	}
	return out;
}

/** The numbers of the page's table behind a chart, as `category|series` → the value shown (null for "—"). */
function pageTable(page: Page, chart: string): Promise<Record<string, number | null>> {
	return page.evaluate((chart) => {
		const num = (s: string | null | undefined) => {
			const t = (s ?? '').replace(/\s*E$/, '').replace(/[\s\u00a0\u202f%]/g, '').replace(',', '.');
			return t === '—' || t === '' ? null : Number(t);
		};
		const text = (e: Element | null) => (e?.childNodes[0]?.textContent ?? '').trim();
		const out: Record<string, number | null> = {};
		const rows = (sel: string) => [...document.querySelectorAll(sel)];
		if (chart === 'age-gender') for (const r of rows('tr[data-age-group]')) out[`${text(r.querySelector('th'))}|${text(r.querySelectorAll('td')[0]!)}`] = num(r.querySelectorAll('td')[1]!.textContent);
		if (chart === 'boroughs') for (const r of rows('tr[data-borough]')) out[`${text(r.querySelector('th'))}|`] = num(r.querySelectorAll('td')[0]!.textContent);
		if (chart === 'trend') for (const r of rows('tr[data-wave]')) out[`${text(r.querySelector('th'))}|`] = num(r.querySelectorAll('td')[0]!.textContent);
		if (chart === 'all') for (const r of rows('[data-testid="all-table"] tr[data-indicator]')) {
			out[`${text(r.querySelector('th'))}|borough`] = num(r.querySelectorAll('td')[0]!.textContent);
			out[`${text(r.querySelector('th'))}|city`] = num(r.querySelectorAll('td')[2]!.textContent);
		}
		if (chart === 'youth') for (const r of rows('[data-testid="youth-table"] tr[data-gender="woman"]')) {
			out[`${text(r.querySelector('th[scope="rowgroup"]'))}|borough`] = num(r.querySelectorAll('td')[0]!.textContent);
			out[`${text(r.querySelector('th[scope="rowgroup"]'))}|city`] = num(r.querySelectorAll('td')[2]!.textContent);
		}
		const matrix = document.querySelector(`[data-testid="matrix-${chart}"] table`);
		if (matrix) {
			const genders = [...matrix.querySelectorAll('thead th')].slice(1).map((th) => th.textContent!.trim());
			for (const r of matrix.querySelectorAll('tbody tr'))
				[...r.querySelectorAll('td')].forEach((td, k) => (out[`${text(r.querySelector('th'))}|${genders[k]}`] = num(td.childNodes[0]?.textContent)));
		}
		return out;
	}, chart);
}

/** Checks every download of one chart; returns how many CSV values were compared with the page. */
async function checkChart(page: Page, chart: string, files: Record<string, Download>, seriesKey: (series: string) => string): Promise<number> {
	expect(Object.keys(files).sort()).toEqual(['csv', 'csv-en', 'png2', 'png4', 'png4t', 'pptx', 'svg']);
	const svg = files.svg!.bytes.toString('utf8');
	expect(XMLValidator.validate(svg)).toBe(true);
	expect(svg).toMatch(/<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
	expect(svg).toMatch(/<title>[^<]{10,}<\/title>/);
	// One footer paragraph: the notes about what is drawn, then the source and the method.
	expect(svg).toMatch(/<text [^>]*>[^<]*Sources? :/);
	const parsedInChromium = await page.evaluate((s) => new DOMParser().parseFromString(s, 'image/svg+xml').querySelector('parsererror') === null, svg);
	expect(parsedInChromium).toBe(true);
	const [w, h] = [/ width="(\d+)"/, / height="(\d+)"/].map((re) => Number(re.exec(svg)![1]));
	for (const [kind, scale, transparent] of [['png2', 2, false], ['png4', 4, false], ['png4t', 4, true]] as const) {
		const png = PNG.sync.read(files[kind]!.bytes);
		expect([png.width, png.height], kind).toEqual([w! * scale, h! * scale]);
		expect(png.data[3]).toBe(transparent ? 0 : 255);
		let drawn = 0;
		for (let i = 0; i < png.data.length; i += 4) if (png.data[i + 3]! > 200 && png.data[i]! < 120) drawn++;
		expect(drawn, kind).toBeGreaterThan(2000 * scale * scale);
	}
	const table = await pageTable(page, chart);
	let compared = 0;
	for (const [kind, delimiter] of [['csv', ';'], ['csv-en', ',']] as const) {
		const text = files[kind]!.bytes.toString('utf8');
		expect(text.startsWith('\uFEFF')).toBe(true);
		const parsed = Papa.parse<string[]>(text.slice(1), { delimiter, comments: '#', skipEmptyLines: true });
		expect(parsed.errors).toEqual([]);
		for (const row of parsed.data.slice(1)) {
			const key = `${row[0]}|${seriesKey(row[1]!)}`;
			if (!(key in table)) continue;
			const shown = table[key]!;
			const value = row[2] === '' ? null : Number(row[2]!.replace(',', '.'));
			if (shown === null) expect(value, `${chart} ${key}`).toBeNull();
			else {
				expect(value, `${chart} ${key}`).not.toBeNull();
				expect(Math.abs(value! - shown), `${chart} ${key}: CSV ${value}, page ${shown}`).toBeLessThanOrEqual(0.0500001);
			}
			compared++;
		}
	}
	// The PowerPoint slide: a native chart whose points are the CSV's values (a heat map is a table).
	const pptx = await readPptx(files.pptx!.bytes);
	// A map's file shows the map as drawn first, then its areas as a native chart.
	expect(pptx.slides, chart).toHaveLength(chart === 'map' ? 2 : 1);
	expect(pptx.slideText.at(-1)).toMatch(/Sources? : /);
	const csvValues = Papa.parse<string[]>(files.csv!.bytes.toString('utf8').slice(1), { delimiter: ';', comments: '#', skipEmptyLines: true }).data
		.slice(1).map((r) => r[2]!).filter((v) => v !== '').map((v) => Number(v.replace(',', '.')));
	for (const c of pptx.charts) {
		const points = c.series.flatMap((x) => x.values).filter((v): v is number => v !== undefined);
		expect(points.length, chart).toBeGreaterThan(0);
		const percent = /Estimation \(%\)/.test(files.csv!.bytes.toString('utf8'));
		for (const v of points) expect(csvValues.some((x) => Math.abs(x - (percent ? v * 100 : v)) < 1e-3), `${chart}: ${v} not in the CSV`).toBe(true);
	}
	for (const s of secrets) expect(pptx.everything.includes(s), `${files.pptx!.name} carries ${s}`).toBe(false);
	for (const f of Object.values(files)) {
		const body = f.bytes.toString('utf8');
		for (const s of secrets) expect(body.includes(s), `${f.name} carries ${s}`).toBe(false);
	}
	return compared;
}

describe('downloads from the page', () => {
	test('the explorer (Ahuntsic-Cartierville, 2024): the four charts in every format', async () => {
		const page = await pages.open();
		await page.goto(`${server.url}/explorer?indicator=feel_safe_after_dark&wave=2024&borough=AC`);
		const counts: Record<string, number> = {};
		for (const chart of ['map', 'age-gender', 'boroughs', 'trend']) {
			const files = await downloadAll(page, chart);
			expect(files.csv!.name).toBe(`vigie-explorer-feel_safe_after_dark-${chart}-${chart === 'trend' ? 'AC' : chart === 'age-gender' ? '2024-AC' : '2024'}-fr.csv`);
			expect(files.png4t!.name).toMatch(/-4x-transparent\.png$/);
			counts[chart] = await checkChart(page, chart, files, (s) => (['Femmes', 'Hommes', 'Personnes non binaires', 'Femmes+', 'Hommes+'].includes(s) ? s : ''));
			if (chart === 'age-gender') writeFileSync(`${SCREENSHOTS}export-explorer-age-gender.png`, files.png2!.bytes);
		}
		// age-gender: a borough's 10 cells (5 age groups × Women+ and Men+) × 2 variants; trend: the waves × 2; the boroughs chart's table is the boroughs.
		expect(counts['age-gender']).toBe(20);
		expect(counts.boroughs).toBe(38);
		expect(counts.trend).toBeGreaterThanOrEqual(4);
		expect(pages.problems).toEqual([]);
	}, 180_000);

	test('the portrait (Ahuntsic-Cartierville): every share against the city, the young women, the heat maps', async () => {
		const page = await pages.open();
		await page.goto(`${server.url}/portrait/AC`);
		const charts = await page.locator('details.export:visible').evaluateAll((els) => els.map((e) => e.getAttribute('data-export')!));
		expect(charts.slice(0, 2)).toEqual(['all', 'youth']);
		expect(charts.length).toBeGreaterThanOrEqual(3);
		for (const chart of charts) {
			const files = await downloadAll(page, chart);
			const n = await checkChart(page, chart, files, (s) => (s === 'Ensemble de la ville' ? 'city' : s === 'Ahuntsic-Cartierville' ? 'borough' : s));
			expect(n, chart).toBeGreaterThanOrEqual(6);
			if (chart === charts[2]) writeFileSync(`${SCREENSHOTS}export-portrait-heatmap.png`, files.png2!.bytes);
		}
		expect(pages.problems).toEqual([]);
	}, 240_000);
});

describe('the export menu', () => {
	test('from the keyboard: the summary opens it, the links follow with names that say which chart', async () => {
		const page = await pages.open();
		await page.goto(`${server.url}/explorer?borough=AC&lang=en`);
		const summary = page.locator('details.export[data-export="trend"] summary');
		await summary.focus();
		await page.keyboard.press('Enter');
		await page.keyboard.press('Tab');
		const name = await page.evaluate(() => document.activeElement?.textContent ?? '');
		expect(name).toMatch(/^PNG 2× — Feel safe walking alone after dark across waves: Ahuntsic-Cartierville$/);
		const [dl] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
		expect(dl.suggestedFilename()).toBe('vigie-explorer-feel_safe_after_dark-trend-AC-en-2x.png');
		expect(pages.problems).toEqual([]);
	});

	test('without JavaScript the links download the same files', async () => {
		const page = await pages.open({ javaScriptEnabled: false });
		await page.goto(`${server.url}/portrait/AC`);
		const menu = page.locator('details.export[data-export="all"]');
		await menu.locator('summary').click();
		const [dl] = await Promise.all([page.waitForEvent('download'), menu.locator('a[data-kind="csv"]').click()]);
		expect(dl.suggestedFilename()).toBe('vigie-portrait-AC-all-2024-fr.csv');
		expect(readFileSync((await dl.path())!, 'utf8')).toContain('Ahuntsic-Cartierville');
	});

	test('at a phone\'s width (420 px) nothing overflows; axe finds no violation with the menus open', async () => {
		for (const path of ['/explorer?borough=AC', '/portrait/AC', '/overview', '/?lang=en']) {
			const page = await pages.open({ viewport: { width: 420, height: 900 }, bypassCSP: true });
			await page.goto(server.url + path);
			for (const s of await page.locator('details.export:visible summary').all()) await s.click();
			expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(420);
			expect(await axeViolations(page), path).toEqual([]);
			if (path !== '/overview') await page.screenshot({ path: `${SCREENSHOTS}export-menu-${path.replace(/\W+/g, '-')}-420.png`, fullPage: true });
		}
		expect(pages.problems).toEqual([]);
	}, 120_000);
});
