/**
 * The indicator explorer (map, age group × gender chart, table) in a real browser (Debian's Chromium through playwright-core) against the real
 * server: filters, the map's links, the chart agreeing with the table, history, the page without
 * JavaScript, the language switch, and no console errors. Screenshots go to test-results/.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';

const SCREENSHOTS = fileURLToPath(new URL('../../test-results/', import.meta.url));
const CITY_FR = 'Ensemble de la ville';

let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
/** Console errors, uncaught exceptions and failed requests of every page the tests open. */
const problems: string[] = [];
/** Console warnings: reported, and checked for SvelteKit's development-only warnings. */
const warnings: string[] = [];

beforeAll(async () => {
	mkdirSync(SCREENSHOTS, { recursive: true });
	[server, browser] = await Promise.all([
		startTestServer(),
		chromium.launch({
			executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
			args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']
		})
	]);
});

afterAll(async () => {
	for (const c of contexts) await c.close().catch(() => {});
	await browser?.close();
	await server?.stop();
});

/** A page in a fresh context (French-speaking Montreal reader by default) that records its problems. */
async function openPage(options: BrowserContextOptions = {}): Promise<Page> {
	const context = await browser.newContext({ locale: 'fr-CA', viewport: { width: 1280, height: 900 }, ...options });
	contexts.push(context);
	const page = await context.newPage();
	page.setDefaultTimeout(15_000);
	page.on('console', (m) => {
		if (m.type() === 'error') problems.push(`console error on ${page.url()}: ${m.text()}`);
		else if (m.type() === 'warning') warnings.push(`console warning on ${page.url()}: ${m.text()}`);
	});
	page.on('pageerror', (err) => problems.push(`uncaught exception on ${page.url()}: ${err.message}`));
	page.on('requestfailed', (r) => {
		const why = r.failure()?.errorText ?? '?';
		// Cancelled requests are not failures: Chromium sometimes reports SvelteKit's __data.json
		// fetch as ERR_ABORTED although it got its whole 200 response; without JavaScript, the
		// page's scripts are blocked (reported as "csp").
		if (why === 'net::ERR_ABORTED' || (options.javaScriptEnabled === false && why === 'csp' && r.resourceType() === 'script')) return;
		problems.push(`request failed: ${r.url()} (${why}) on ${page.url()}`);
	});
	page.on('response', (r) => {
		if (r.status() >= 400) problems.push(`HTTP ${r.status()} for ${r.url()}`);
	});
	return page;
}

/** Opens a path and waits until the app has loaded its scripts (and so has hydrated). */
async function visit(page: Page, path: string): Promise<void> {
	const res = await page.goto(server.url + path, { waitUntil: 'networkidle' });
	expect(res?.status()).toBe(200);
}

const h1 = (page: Page) => page.locator('h1').innerText();
const boroughParam = (page: Page) => new URL(page.url()).searchParams.get('borough');

interface TableRow {
	ageGroup: string;
	gender: string;
	status: string;
	ageText: string;
	genderText: string;
	estimate: string;
	ci: string;
}
interface Bar {
	cls: string;
	title: string;
	height: number;
}

async function readTable(page: Page): Promise<TableRow[]> {
	return page.$$eval('[data-testid="table"] tbody tr', (trs) =>
		trs.map((tr) => {
			const el = tr as HTMLElement;
			const tds = el.querySelectorAll('td');
			const text = (e: Element | null | undefined) => (e?.textContent ?? '').trim();
			return {
				ageGroup: el.dataset.ageGroup ?? '',
				gender: el.dataset.gender ?? '',
				status: el.dataset.status ?? '',
				ageText: text(el.querySelector('th')),
				genderText: text(tds[0]),
				estimate: text(tds[1]),
				ci: text(tds[2])
			};
		})
	);
}

async function readBars(page: Page): Promise<Bar[]> {
	// The chart a desktop shows (a phone's narrower copy of it is hidden at this width).
	return page.$$eval('[data-testid="chart"] .wide-only svg.grouped-bars :is(rect.bar, rect.stub)', (rects) =>
		rects.map((r) => ({
			cls: r.getAttribute('class') ?? '',
			title: r.querySelector('title')?.textContent ?? '',
			height: Number(r.getAttribute('height'))
		}))
	);
}

/**
 * The chart shows what the table says: one bar per age group × gender, whose hover text has the
 * table's value and interval; a cell without a value is a stub with no number, never a zero bar.
 */
async function expectChartMatchesTable(page: Page): Promise<{ values: number; missing: number }> {
	const rows = await readTable(page);
	const bars = await readBars(page);
	// 5 age groups × 3 genders for the city; a borough's published table has Women+ and Men+ (too few non-binary people by borough).
	expect(rows.length).toBe(new URL(page.url()).searchParams.get('borough') ? 10 : 15);
	expect(bars).toHaveLength(rows.length);
	let values = 0;
	let missing = 0;
	for (const row of rows) {
		const where = `${row.ageGroup} × ${row.gender}`;
		expect(row.ageGroup, where).not.toBe('');
		expect(row.gender, where).not.toBe('');
		const prefix = `${row.ageText} · ${row.genderText} · `;
		const matching = bars.filter((b) => b.title.startsWith(prefix));
		expect(matching, `bars for ${where} (hover text starting "${prefix}")`).toHaveLength(1);
		const bar = matching[0]!;
		if (row.estimate !== '—') {
			values++;
			expect(row.status, where).toMatch(/^(ok|flag)$/);
			expect(bar.cls.split(/\s+/), where).toContain('bar');
			expect(bar.cls.split(/\s+/), where).toContain(row.status);
			expect(bar.title, where).toContain(row.estimate);
			if (row.ci !== '—') expect(bar.title, where).toContain(`[${row.ci}]`);
			expect(bar.height, where).toBeGreaterThan(0);
		} else {
			missing++;
			expect(row.status, where).toMatch(/^(suppressed|no_data)$/);
			expect(bar.cls.split(/\s+/), where).toContain('stub');
			expect(bar.cls.split(/\s+/), where).toContain(row.status);
			expect(bar.cls.split(/\s+/), where).not.toContain('bar');
			// The hover text says why (the reason may hold a threshold, e.g. "fewer than 30") but shows no estimate.
			expect(bar.title.slice(prefix.length), where).not.toMatch(/\d[.,]\d\s?%/);
		}
	}
	return { values, missing };
}

/** Picks a borough in the filters; the select submits the form itself when JavaScript runs. */
async function chooseBorough(page: Page, code: string, { clickIfNeeded = true } = {}): Promise<'auto' | 'button'> {
	await page.selectOption('select[name="borough"]', code);
	try {
		await page.waitForURL((u) => u.searchParams.get('borough') === code, { timeout: 10_000 });
		return 'auto';
	} catch (err) {
		if (!clickIfNeeded) throw err;
		console.warn(`the borough select did not submit on change; clicking the submit button (${page.url()})`);
		await Promise.all([page.waitForURL((u) => u.searchParams.get('borough') === code), page.click('form.filters button[type="submit"]')]);
		return 'button';
	}
}

describe('the explorer in Chromium (one indicator: map, chart, table)', () => {
	test('choosing Montréal-Nord: the chart agrees with the table, the URL has borough=MN, Back returns', async () => {
		const page = await openPage();
		await visit(page, '/explorer');
		expect(await page.getAttribute('html', 'lang')).toBe('fr');
		expect(await h1(page)).toContain(CITY_FR);
		const cityTable = await readTable(page);
		const city = await expectChartMatchesTable(page);
		expect(city.values).toBeGreaterThan(0);

		await chooseBorough(page, 'MN');
		await expect.poll(() => h1(page)).toContain('Montréal-Nord');
		expect(boroughParam(page)).toBe('MN');
		expect(await page.inputValue('select[name="borough"]')).toBe('MN');
		const mn = await expectChartMatchesTable(page);
		// Montréal-Nord has too few non-binary respondents: suppressed cells are stubs, not zero bars.
		expect(mn.values).toBeGreaterThan(0);
		expect(mn.missing).toBeGreaterThan(0);
		expect(await readTable(page)).not.toEqual(cityTable);
		// The map outlines the chosen borough.
		expect(await page.locator('svg.choropleth a[aria-current="true"]').getAttribute('aria-label')).toMatch(/^Montréal-Nord · /);
		await page.screenshot({ path: `${SCREENSHOTS}explorer-fr-montreal-nord.png`, fullPage: true });

		await page.goBack();
		await page.waitForURL((u) => !u.searchParams.has('borough'));
		await expect.poll(() => h1(page)).toContain(CITY_FR);
		expect(await page.inputValue('select[name="borough"]')).toBe('');
		expect(await readTable(page)).toEqual(cityTable);
		await expectChartMatchesTable(page);

		await page.goForward();
		await page.waitForURL((u) => u.searchParams.get('borough') === 'MN');
		await expect.poll(() => h1(page)).toContain('Montréal-Nord');
	});

	test('the borough select submits the form on change (with JavaScript)', async () => {
		const page = await openPage();
		await visit(page, '/explorer');
		expect(await chooseBorough(page, 'AC', { clickIfNeeded: false })).toBe('auto');
		await expect.poll(() => h1(page)).toContain('Ahuntsic-Cartierville');
	});

	test('clicking a borough on the map opens it', async () => {
		const page = await openPage();
		await visit(page, '/explorer');
		// Verdun: its age group × gender table is published whole (Anjou's is mostly hidden, and the
		// page shows the coarser tables instead).
		const verdun = page.locator('svg.choropleth a[aria-label^="Verdun"]');
		expect(await verdun.count()).toBe(1);
		await verdun.click();
		await page.waitForURL((u) => u.searchParams.get('borough') === 'VD');
		await expect.poll(() => h1(page)).toContain('Verdun');
		expect(await page.inputValue('select[name="borough"]')).toBe('VD');
		expect(await page.locator('svg.choropleth a[aria-current="true"]').getAttribute('aria-label')).toMatch(/^Verdun · /);
		await expectChartMatchesTable(page);
	});

	test('without JavaScript, the submit button changes the borough', async () => {
		const page = await openPage({ javaScriptEnabled: false });
		await visit(page, '/explorer');
		expect(await h1(page)).toContain(CITY_FR);
		await page.selectOption('select[name="borough"]', 'MN');
		expect(await page.locator('form.filters button[type="submit"]').isVisible()).toBe(true);
		await Promise.all([page.waitForURL((u) => u.searchParams.get('borough') === 'MN'), page.click('form.filters button[type="submit"]')]);
		await expect.poll(() => h1(page)).toContain('Montréal-Nord');
		const mn = await expectChartMatchesTable(page);
		expect(mn.missing).toBeGreaterThan(0);
		// The map's links work without JavaScript too.
		await Promise.all([page.waitForURL((u) => u.searchParams.get('borough') === 'AJ'), page.locator('svg.choropleth a[aria-label^="Anjou"]').click()]);
		await expect.poll(() => h1(page)).toContain('Anjou');
	});

	test('before the script has loaded, the submit button is shown and a click on it changes the borough', async () => {
		const page = await openPage();
		// The app's scripts are held back: the page is the server's HTML, not yet hydrated.
		let release = () => {};
		const held = new Promise<void>((resolve) => (release = resolve));
		await page.route('**/_app/immutable/**', async (route) => {
			await held;
			await route.continue().catch(() => {}); // the page may have moved on
		});
		try {
			await page.goto(server.url + '/explorer', { waitUntil: 'commit' });
			const button = page.locator('form.filters button[type="submit"]');
			await button.waitFor({ state: 'visible' });
			await page.selectOption('select[name="borough"]', 'MN');
			await Promise.all([page.waitForURL((u) => u.searchParams.get('borough') === 'MN', { waitUntil: 'commit' }), button.click()]);
		} finally {
			release();
		}
		await expect.poll(() => h1(page)).toContain('Montréal-Nord');
		await page.waitForLoadState('networkidle');
		// Once hydrated, the selects submit the form themselves and the button is hidden.
		await expect.poll(() => page.locator('form.filters button[type="submit"]').isVisible()).toBe(false);
	});

	test('the language link switches to English, with English numbers, and is remembered', async () => {
		const api = (await (await fetch(`${server.url}/api/indicators/feel_safe_after_dark?wave=2024&by=`)).json()) as { rows: { estimate: number }[] };
		const overall = api.rows[0]!.estimate;
		const pct = (locale: string) => new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(overall);

		const page = await openPage();
		await visit(page, '/explorer');
		expect(await page.locator('[data-testid="summary"]').innerText()).toContain(pct('fr-CA'));
		await page.screenshot({ path: `${SCREENSHOTS}explorer-city-fr.png`, fullPage: true });

		await Promise.all([page.waitForURL((u) => u.searchParams.get('lang') === 'en'), page.click('a[hreflang="en"]')]);
		await page.waitForLoadState('networkidle');
		expect(await page.getAttribute('html', 'lang')).toBe('en');
		const title = await h1(page);
		expect(title).toContain('Feel safe walking alone after dark');
		expect(title).toContain('Whole city');
		// The filter button is named, but shown only without JavaScript: here each list submits the form itself.
		expect(await page.locator('form.filters button[type="submit"]').textContent()).toBe('Show');
		expect(await page.locator('form.filters button[type="submit"]').isVisible()).toBe(false);
		expect(await page.locator('a[hreflang="fr"]').innerText()).toBe('Français');
		const summary = await page.locator('[data-testid="summary"]').innerText();
		expect(pct('en-CA')).toMatch(/^\d{1,3}\.\d%$/);
		expect(summary).toContain(pct('en-CA'));
		const estimates = (await readTable(page)).map((r) => r.estimate).filter((e) => e !== '—');
		expect(estimates.length).toBeGreaterThan(0);
		for (const e of estimates) expect(e).toMatch(/^\d{1,3}\.\d%$/);
		await expectChartMatchesTable(page);
		await page.screenshot({ path: `${SCREENSHOTS}explorer-city-en.png`, fullPage: true });

		// The choice is remembered (cookie) on the next visit without ?lang.
		await visit(page, '/explorer');
		expect(await page.getAttribute('html', 'lang')).toBe('en');
		// And the filters keep English.
		await chooseBorough(page, 'MN');
		await expect.poll(() => h1(page)).toContain('Montréal-Nord');
		expect(await h1(page)).toContain('Feel safe walking alone after dark');
		expect(await page.getAttribute('html', 'lang')).toBe('en');
	});

	test('no console errors or warnings, uncaught exceptions or failed requests', async () => {
		const page = await openPage();
		await visit(page, '/explorer');
		await chooseBorough(page, 'MN');
		await expect.poll(() => h1(page)).toContain('Montréal-Nord');
		await page.selectOption('select[name="indicator"]', 'trust_police_mean');
		await page.waitForURL((u) => u.searchParams.get('indicator') === 'trust_police_mean');
		await page.selectOption('select[name="wave"]', '2023');
		await page.waitForURL((u) => u.searchParams.get('wave') === '2023');
		await expect.poll(() => h1(page)).toContain('2023');
		await page.waitForLoadState('networkidle');
		// Every page opened by the tests of this file, this one included.
		expect(problems).toEqual([]);
		// A production build does not warn either (SvelteKit's development build warns about history.pushState).
		expect(warnings).toEqual([]);
	});
});
