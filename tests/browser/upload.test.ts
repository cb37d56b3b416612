/**
 * Loading files in the browser: upload with progress, the check page with what was
 * detected, the error report as a table and as CSV, the mapping edited on the page, loading,
 * the datasets page with provenance and deletion; the same without JavaScript; hostile values
 * shown as text. Real server, real Chromium; screenshots go to test-results/.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { launchChromium, recordingPages, type RecordingPages } from '../helpers/browser';
import { csv, DATA, HEADER, row } from '../helpers/survey-csv';
import { ADMIN, ANALYST, signIn } from '../helpers/auth';
import { sanitizeFileName } from '../../app/lib/server/ingestion/receive';

const SCREENSHOTS = fileURLToPath(new URL('../../test-results/', import.meta.url));
let server: TestServer;
let browser: Browser;
let pages: RecordingPages;
let dir: string;

beforeAll(async () => {
	mkdirSync(SCREENSHOTS, { recursive: true });
	dir = mkdtempSync(join(tmpdir(), 'vigie-upload-'));
	[server, browser] = await Promise.all([startTestServer({ users: [ADMIN, ANALYST] }), launchChromium()]);
	pages = recordingPages(browser);
	session = (await signIn(server, ANALYST)).split('=')[1]!;
});

let session: string;
/** A page signed in as the test analyst (the upload and datasets pages are for analysts). */
async function analystPage(options: Parameters<RecordingPages['open']>[0] = {}): Promise<Page> {
	const page = await pages.open(options);
	await page.context().addCookies([{ name: 'vigie_session', value: session, url: server.url }]);
	return page;
}
afterAll(async () => {
	await pages?.close();
	await browser?.close();
	await server?.stop();
	rmSync(dir, { recursive: true, force: true });
});

const file = (name: string, content: string | Buffer) => {
	const p = join(dir, name);
	writeFileSync(p, content);
	return p;
};

async function uploadWithJs(page: Page, path: string, wave = ''): Promise<void> {
	await page.goto(server.url + '/upload', { waitUntil: 'networkidle' });
	await page.setInputFiles('input[type=file]', path);
	if (wave) await page.fill('input[name=wave]', wave);
	await page.click('form.upload button[type=submit]');
	await page.waitForURL(/\/upload\/[a-f0-9]{32}$/);
	await page.waitForSelector('.status');
}

describe('upload, check, correct, load, delete', () => {
	test('a Kobo export: the first check names the missing columns; choosing them on the page makes it load', async () => {
		const page = await analystPage();
		await uploadWithJs(page, 'fixtures/kobo/safety_survey_kobo.csv');
		// Without a mapping the group paths hide the columns: the report names them (Kobo's _id is taken as the respondent id).
		expect(await page.locator('.status.bad').count()).toBe(1);
		const errorRows = await page.locator('section table tbody tr').allInnerTexts();
		expect(errorRows.map((r) => r.split('\t')[1])).toEqual(['borough', 'gender', 'age']);
		await expect(page.locator('select[name=delimiter] option').first().innerText()).resolves.toContain(';');
		// The error report downloads as CSV, in French, with the same rows.
		const [download] = await Promise.all([page.waitForEvent('download'), page.click('a[href$="errors.csv"]')]);
		const text = readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '');
		const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
		expect(parsed.data.length).toBe(errorRows.length);
		expect(parsed.data[0]!.message).toMatch(/colonne obligatoire/);
		await page.screenshot({ path: join(SCREENSHOTS, 'upload-check-errors.png'), fullPage: true });

		// The mapping, edited on the page: group paths stripped, roles chosen in the selects.
		await page.fill('textarea[name=mapping]', JSON.stringify({ header: { strip_groups: true } }));
		await page.click('button:has-text("Vérifier de nouveau")');
		await page.waitForSelector('select[name=role_borough] option[value="demo/arrondissement"]', { state: 'attached' });
		await page.selectOption('select[name=role_respondent_id]', '_uuid');
		await page.selectOption('select[name=role_borough]', 'demo/arrondissement');
		await page.selectOption('select[name=role_age]', 'demo/age');
		await page.selectOption('select[name=role_gender]', 'demo/genre');
		await page.fill('input[name=wave]', '2024-kobo');
		await page.click('button:has-text("Vérifier de nouveau")');
		await page.waitForSelector('.status:not(.bad)');
		expect(await page.locator('.status').innerText()).toMatch(/60 lignes sont valides/);
		// The preview shows the rows as stored: canonical borough names and genders.
		const preview = await page.locator('section:has(h2:has-text("premières lignes")) tbody tr').first().innerText();
		expect(preview).toContain('Ahuntsic-Cartierville');
		expect(preview).toContain('Hommes');
		await page.screenshot({ path: join(SCREENSHOTS, 'upload-check-ok.png'), fullPage: true });

		await page.click('button:has-text("Charger")');
		await page.waitForURL(/\/datasets\/\d+\?loaded=1$/);
		expect(await page.locator('[role=status]').innerText()).toMatch(/a été chargé : 60 lignes/);
		expect(await page.locator('pre').innerText()).toContain('"strip_groups": true');
		await page.screenshot({ path: join(SCREENSHOTS, 'dataset-page.png'), fullPage: true });

		// The datasets page lists it; deleting needs the confirmation box.
		const id = /\/datasets\/(\d+)/.exec(page.url())![1]!;
		await page.goto(`${server.url}/datasets`);
		expect(await page.locator('tbody').innerText()).toContain('safety_survey_kobo.csv');
		await page.screenshot({ path: join(SCREENSHOTS, 'datasets-page.png'), fullPage: true });
		await page.goto(`${server.url}/datasets/${id}`);
		await page.click('button:has-text("Supprimer ce jeu de données")');
		await page.waitForSelector('[role=alert]');
		expect(await page.locator('[role=alert]').innerText()).toMatch(/Cochez la case/);
		await page.check('input[name=confirm]');
		await page.click('button:has-text("Supprimer ce jeu de données")');
		await page.waitForURL(/\/datasets\?deleted=/);
		expect(await page.locator('tbody').innerText()).not.toContain('safety_survey_kobo.csv');
		const api = await (await fetch(`${server.url}/api/datasets`, { headers: { cookie: `vigie_session=${session}` } })).json();
		expect(api.datasets.map((d: { id: number }) => d.id)).not.toContain(Number(id));
	});

	test('the upload shows its progress (a 30 MB file)', async () => {
		const big = file('big.csv', csv(HEADER, Array.from({ length: 60_000 }, (_, i) => row(i % 3000, { respondent_id: `B${i}` }))));
		const page = await analystPage();
		await page.goto(server.url + '/upload', { waitUntil: 'networkidle' });
		await page.setInputFiles('input[type=file]', big);
		// Throttled so that the bar is seen moving.
		const cdp = await page.context().newCDPSession(page);
		await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 20 * 1024 * 1024 });
		await page.click('form.upload button[type=submit]');
		await page.waitForSelector('progress');
		const seen = await page.locator('[role=status]').first().innerText();
		expect(seen).toMatch(/Téléversement : \d+\s%/);
		await page.waitForURL(/\/upload\/[a-f0-9]{32}$/, { timeout: 60_000 });
		await page.waitForSelector('.status', { timeout: 60_000 });
		expect(await page.locator('.status').innerText()).toMatch(/60\s000 lignes sont valides/);
	}, 120_000);

	test('drag and drop puts the file in the form', async () => {
		const page = await analystPage();
		await page.goto(server.url + '/upload', { waitUntil: 'networkidle' });
		const text = csv(HEADER, DATA.slice(0, 20));
		await page.evaluate((content) => {
			const dt = new DataTransfer();
			dt.items.add(new File([content], 'dropped.csv', { type: 'text/csv' }));
			document.querySelector('.drop')!.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
		}, text);
		expect(await page.locator('.chosen').innerText()).toContain('dropped.csv');
		await page.click('form.upload button[type=submit]');
		await page.waitForURL(/\/upload\/[a-f0-9]{32}$/);
		expect(await page.locator('.status').innerText()).toMatch(/20 lignes sont valides/);
	});
});

describe('without JavaScript, and with hostile values', () => {
	test('the form posts the file and the check page works without JavaScript', async () => {
		const page = await analystPage({ javaScriptEnabled: false });
		await page.goto(server.url + '/upload');
		// Wave 2031: the demo data already has 2023 and 2024.
		await page.setInputFiles('input[type=file]', file('nojs.csv', csv(HEADER, Array.from({ length: 30 }, (_, i) => row(100 + i, { wave: '2031' })))));
		await page.click('form.upload button[type=submit]');
		await page.waitForURL(/\/upload\/[a-f0-9]{32}$/);
		expect(await page.locator('.status').innerText()).toMatch(/30 lignes sont valides/);
		await page.click('button:has-text("Charger")');
		await page.waitForURL(/\/datasets\/\d+\?loaded=1$/);
	});

	test('HTML and script in values and file names are shown as text, never run', async () => {
		const hostile = ['<script>alert(1)</script>', '"><svg onload=alert(1)>', '<img src=x onerror=alert(1)>'];
		const rows = hostile.map((h, i) => row(200 + i, { borough: h.includes(',') ? `"${h}"` : `"${h.replace(/"/g, '""')}"` }));
		const page = await analystPage();
		await uploadWithJs(page, file('<img src=x onerror=alert(2)>.csv', csv(HEADER, rows)));
		const table = await page.locator('section table tbody').innerText();
		for (const h of hostile) expect(table).toContain(h);
		expect(await page.locator('h1').innerText()).toContain(sanitizeFileName('<img src=x onerror=alert(2)>.csv'));
		expect(await page.locator('svg[onload], img[onerror], script:has-text("alert")').count()).toBe(0);
		await page.screenshot({ path: join(SCREENSHOTS, 'upload-hostile.png'), fullPage: true });
		expect(pages.dialogs).toEqual([]);
	});

	test('no page had a console error, a failed request or an unexpected HTTP error', () => {
		expect(pages.problems, pages.problems.join('\n')).toEqual([]);
		expect(pages.dialogs).toEqual([]);
	});
});
