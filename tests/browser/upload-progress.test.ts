/**
 * The check of an upload runs in the ingestion worker, not in the page request: the check page
 * opens at once and shows the check's progress as the worker reports it (bytes read, rows
 * checked, errors so far), can stop it, then shows the result. Real server, real Chromium.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { launchChromium, recordingPages, type RecordingPages } from '../helpers/browser';
import { writeBigSurvey } from '../helpers/survey-csv';
import { ADMIN, ANALYST, signIn } from '../helpers/auth';
import { axeViolations } from '../helpers/axe';

const SCREENSHOTS = fileURLToPath(new URL('../../test-results/', import.meta.url));
let server: TestServer;
let browser: Browser;
let pages: RecordingPages;
let dir: string;
let session: string;
let big: string;

const ROWS = 150_000;

beforeAll(async () => {
	mkdirSync(SCREENSHOTS, { recursive: true });
	dir = mkdtempSync(join(tmpdir(), 'vigie-upload-progress-'));
	// About 60 MB; every 5,000th row has a gender the check refuses, so errors come in as it goes.
	big = join(dir, 'big-with-errors.csv');
	writeBigSurvey(big, ROWS, '2040');
	const lines = readFileSync(big, 'utf8').split('\n');
	for (let i = 5000; i < lines.length - 1; i += 5000) lines[i] = lines[i]!.replace(/,(woman|man|non-binary|femme|homme|F|M|H),/, ',banana,');
	writeFileSync(big, lines.join('\n'));
	[server, browser] = await Promise.all([startTestServer({ users: [ADMIN, ANALYST] }), launchChromium()]);
	pages = recordingPages(browser);
	session = (await signIn(server, ANALYST)).split('=')[1]!;
}, 180_000);
afterAll(async () => {
	await pages?.close();
	await browser?.close();
	await server?.stop();
	rmSync(dir, { recursive: true, force: true });
});

async function analystPage(): Promise<Page> {
	const page = await pages.open({ bypassCSP: true });
	await page.context().addCookies([{ name: 'vigie_session', value: session, url: server.url }]);
	return page;
}

/** The numbers a progress display's text shows: rows checked and errors so far (French: "12 345 lignes vérifiées"). */
function countsOf(text: string): { rows: number; errors: number } {
	const num = (re: RegExp) => Number((re.exec(text)?.[1] ?? '-1').replace(/\D/g, ''));
	return { rows: num(/([\d\s\u202f\u00a0]+) lignes? vérifiées?/), errors: num(/([\d\s\u202f\u00a0]+) erreurs? jusqu/) };
}

/** Records, in the page, the progress display's text every 50 ms, from now on (the check may be quick). */
function recordProgress(page: Page): Promise<void> {
	return page.evaluate(() => {
		const w = window as unknown as { seen: string[] };
		w.seen = [];
		setInterval(() => {
			const text = document.querySelector('.job .counts')?.textContent;
			if (text && text !== w.seen.at(-1)) w.seen.push(text);
		}, 50);
	});
}

describe('the check of a large upload', () => {
	test('shows its progress on the page (bytes read, rows checked, errors so far), then its result', async () => {
		const page = await analystPage();
		await page.goto(server.url + '/upload', { waitUntil: 'networkidle' });
		await page.setInputFiles('input[type=file]', big);
		await page.click('form.upload button[type=submit]');
		await page.waitForURL(/\/upload\/[a-f0-9]{32}$/, { timeout: 120_000 });
		// The page answered before the check ended: it shows the check running.
		await page.waitForSelector('.job h2:has-text("Vérification du fichier")');
		await recordProgress(page);
		expect(await page.locator('.job progress').count()).toBe(1);
		expect(await axeViolations(page)).toEqual([]);

		// The counts move while the check runs: some rows checked and some errors, before the end.
		// The recorder has kept them since the page opened; on a fast machine the check may have
		// ended while the accessibility scan ran, so the end counts as well as a count on screen.
		await page.waitForFunction(
			() => (window as unknown as { seen: string[] }).seen.some((t) => t.includes('lus sur')) || !document.querySelector('.job'),
			null,
			{ timeout: 120_000 },
		);
		if (await page.locator('.job .counts:has-text("lus sur")').count()) await page.screenshot({ path: join(SCREENSHOTS, 'upload-check-progress.png') });
		await page.waitForSelector('.job', { state: 'detached', timeout: 120_000 });
		const seen = (await page.evaluate(() => (window as unknown as { seen: string[] }).seen)).filter((t) => t.includes('lus sur')).map(countsOf);
		const mid = seen.filter((c) => c.rows > 0 && c.rows < ROWS);
		expect(mid.length, JSON.stringify(seen.slice(-5))).toBeGreaterThan(0);
		expect(mid.some((c) => c.errors > 0)).toBe(true);
		// Rows and errors only go up.
		for (let i = 1; i < seen.length; i++) expect(seen[i]!.rows).toBeGreaterThanOrEqual(seen[i - 1]!.rows);

		await page.waitForSelector('.status.bad');
		expect(await page.locator('.status').innerText()).toMatch(/^30\b/);
		expect(await page.locator('.job').count()).toBe(0);
	}, 240_000);

	test('can be stopped: the page then says so, and the file can be checked again', async () => {
		const page = await analystPage();
		await page.goto(server.url + '/upload', { waitUntil: 'networkidle' });
		await page.setInputFiles('input[type=file]', big);
		await page.click('form.upload button[type=submit]');
		await page.waitForURL(/\/upload\/[a-f0-9]{32}$/, { timeout: 120_000 });
		await page.waitForSelector('.job button:has-text("Arrêter")');
		await page.click('.job button:has-text("Arrêter")');
		await page.waitForSelector('.ended:has-text("La vérification a été arrêtée")', { timeout: 60_000 });
		expect(await page.locator('.job').count()).toBe(0);
		expect(await page.locator('button:has-text("Vérifier de nouveau")').isEnabled()).toBe(true);
		expect(pages.problems, pages.problems.join('\n')).toEqual([]);
	}, 240_000);
});
