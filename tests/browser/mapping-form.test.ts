/**
 * The upload page's mapping assistant in a real browser: a file whose columns Vigie cannot name
 * is uploaded without a mapping, the form comes filled with the proposals, the analyst corrects
 * the gender codes and an area, the preview follows each change, the load button says why it is
 * off until a check passes, and the file loads. Then the value checks in the page's report: each
 * error on its line, in the form's words, with a suggestion. Real server, real Chromium.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { launchChromium, recordingPages, type RecordingPages } from '../helpers/browser';
import { ADMIN, ANALYST, signIn } from '../helpers/auth';
import { csv, HEADER, row } from '../helpers/survey-csv';

const SCREENSHOTS = fileURLToPath(new URL('../../test-results/', import.meta.url));
let server: TestServer;
let browser: Browser;
let pages: RecordingPages;
let dir: string;
let session: string;

beforeAll(async () => {
	mkdirSync(SCREENSHOTS, { recursive: true });
	dir = mkdtempSync(join(tmpdir(), 'vigie-mapping-form-'));
	[server, browser] = await Promise.all([startTestServer({ users: [ADMIN, ANALYST] }), launchChromium()]);
	pages = recordingPages(browser);
	session = (await signIn(server, ANALYST)).split('=')[1]!;
});
afterAll(async () => {
	await pages?.close();
	await browser?.close();
	await server?.stop();
	rmSync(dir, { recursive: true, force: true });
});

async function analystPage(): Promise<Page> {
	const page = await pages.open();
	await page.context().addCookies([{ name: 'vigie_session', value: session, url: server.url }]);
	return page;
}

async function upload(page: Page, name: string, content: string): Promise<void> {
	const path = join(dir, name);
	writeFileSync(path, content);
	await page.goto(server.url + '/upload', { waitUntil: 'networkidle' });
	await page.setInputFiles('input[type=file]', path);
	await page.click('form.upload button[type=submit]');
	await page.waitForURL(/\/upload\/[a-f0-9]{32}$/);
	await page.waitForSelector('.status');
}

/**
 * A municipal survey as an office exports it: its own column names, gender coded 1 = woman and
 * 2 = man (not the ISO order the assistant assumes), one borough misspelled.
 */
function municipalSurvey(): string {
	const boroughs = ['Verdun', 'Montréal-Nord', 'Saint-Laurent', 'Outremont', 'LaSalle'];
	const rows = Array.from({ length: 40 }, (_, i) => [`Q-${1000 + i}`, i === 1 ? 'Montral-Nord' : boroughs[i % 5]!, String(1 + (i % 2)),
		String(18 + i), (50 + ((i * 37) % 300) + 0.25).toFixed(2), String(1 + (i % 4))]);
	return csv(['NO_QUEST', 'QUARTIER_NOM', 'SEXE_R', 'AGE_REP', 'POND_FIN', 'securite_soir'], rows, '\n', ';');
}

describe('a file without a mapping', () => {
	test('the form holds the proposals; correcting it updates the preview; the load button says why it is off; then it loads', async () => {
		const page = await analystPage();
		await upload(page, 'enquete-municipale.csv', municipalSurvey());
		expect(await page.locator('.status.bad').count()).toBe(1);
		expect(await page.locator('[role=note]').innerText()).toContain('Vigie n’a pas trouvé toutes les colonnes par leur nom');
		// The proposals, with their confidence and reasons, are chosen in the selects.
		expect(await page.locator('select[name=role_respondent_id]').inputValue()).toBe('NO_QUEST');
		expect(await page.locator('select[name=role_borough]').inputValue()).toBe('QUARTIER_NOM');
		expect(await page.locator('select[name=role_gender]').inputValue()).toBe('SEXE_R');
		expect(await page.locator('select[name=role_age]').inputValue()).toBe('AGE_REP');
		expect(await page.locator('select[name=role_weight]').inputValue()).toBe('POND_FIN');
		expect(await page.locator('#proposal-borough').innerText()).toMatch(/« QUARTIER_NOM » \(possible : son nom contient « quartier » ; 5 valeurs sur 6 sont des territoires de « Montréal, arrondissements et villes liées »\)/);
		// The load button is off, and says why.
		expect(await page.locator('button:has-text("Charger")').isDisabled()).toBe(true);
		expect(await page.locator('#load-reason').innerText()).toMatch(/Le chargement demande une vérification sans erreur : la dernière a trouvé \d+ erreurs?\./);
		// The misspelled borough comes with its proposal; the codes come in ISO order (1 man, 2 woman).
		expect(await page.locator('select[name^=area_value_]').inputValue()).toBe('Montréal-Nord');
		expect(await page.locator('select[name=gender_value_0]').inputValue()).toBe('man');
		await page.screenshot({ path: join(SCREENSHOTS, 'upload-mapping-drafted.png'), fullPage: true });

		// The office's codebook says 1 = woman, 2 = man: the preview follows each change.
		await page.selectOption('select[name=gender_value_0]', 'woman');
		await page.selectOption('select[name=gender_value_1]', 'man');
		await page.fill('input[name=wave]', '2025-municipale');
		const live = page.locator('section:has(h2:has-text("avec ces réglages")) tbody tr');
		await expect.poll(async () => (await live.count()) > 0 ? await live.first().innerText() : '', { timeout: 20_000 }).toContain('Femmes');
		const first = await live.first().innerText();
		expect(first).toContain('Q-1000');
		expect(first).toContain('Verdun');
		expect(await live.nth(1).innerText()).toContain('Montréal-Nord');
		expect(await live.nth(1).innerText()).toContain('Hommes');
		expect(await page.locator('#load-reason').innerText()).toContain('Les réglages ont changé depuis la dernière vérification');

		await page.screenshot({ path: join(SCREENSHOTS, 'upload-mapping-preview.png'), fullPage: true });
		await page.click('button:has-text("Vérifier de nouveau")');
		await page.waitForSelector('.status:not(.bad)');
		expect(await page.locator('.status').innerText()).toMatch(/40 lignes sont valides/);
		expect(await page.locator('button:has-text("Charger")').isDisabled()).toBe(false);
		expect(await page.locator('#load-reason').innerText()).toBe('');
		// The mapping the form made, in the JSON box.
		const mapping = JSON.parse(await page.locator('textarea[name=mapping]').inputValue());
		expect(mapping.values).toMatchObject({ gender: { '1': 'woman', '2': 'man' }, borough: { 'Montral-Nord': 'Montréal-Nord' } });
		expect(mapping.columns).toMatchObject({ respondent_id: 'NO_QUEST', borough: 'QUARTIER_NOM', weight: 'POND_FIN' });

		await page.click('button:has-text("Charger")');
		await page.waitForURL(/\/datasets\/\d+\?loaded=1$/);
		expect(await page.locator('[role=status]').innerText()).toMatch(/a été chargé : 40 lignes/);
		expect(await page.locator('pre').innerText()).toContain('"QUARTIER_NOM"');
	}, 120_000);
});

describe('value checks in the page’s report', () => {
	test('an invalid code, a blank weight and “oui” in a 0/1 item: each on its line, in the form’s words, with a suggestion', async () => {
		const page = await analystPage();
		const rows = [row(0, { wave: '2093' }), row(1, { wave: '2093', safe_after_dark: '5' }), row(2, { wave: '2093', weight: '' }),
			row(3, { wave: '2093', victim_physical_12m: 'oui' })];
		await upload(page, 'valeurs.csv', csv(HEADER, rows));
		const table = page.locator('table.errors tbody tr');
		expect(await table.count()).toBe(3);
		const cells = async (i: number) => (await table.nth(i).locator('td').allInnerTexts()).map((s) => s.trim());
		const [code, weight, oui] = [await cells(0), await cells(1), await cells(2)];
		expect(code.slice(0, 3)).toEqual(['3', 'safe_after_dark', '5']);
		expect(code[3]).toBe('pas un code de cette question : 1, 2, 3, 4 attendus (sans réponse : 8, 9, 99).');
		expect(code[4]).toContain('ajoutez-le à « Codes sans réponse »');
		expect(weight.slice(0, 3)).toEqual(['4', 'weight', '']);
		expect(weight[4]).toContain('choisissez « Pas de poids (1 pour tous) » pour le poids');
		expect(oui.slice(0, 3)).toEqual(['5', 'victim_physical_12m', 'oui']);
		expect(oui[3]).toContain('du texte là où cette question prend des codes');
		expect(oui[4]).toContain('"values": {"victim_physical_12m": {"oui": "1"}}');
		// Read in the browser: form fields, never command-line flags.
		expect(await page.locator('main').innerText()).not.toMatch(/--(wave|mapping|replace)\b/);
	});

	test('no page had a console error, a failed request or an unexpected HTTP error', () => {
		expect(pages.problems, pages.problems.join('\n')).toEqual([]);
		expect(pages.dialogs).toEqual([]);
	});
});
