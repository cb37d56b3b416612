/**
 * The explorer's boroughs chart on the real server: ranked by value by default, alphabetical with
 * `?order=alpha` (the page's "Order" links), the same order in its CSV export; a bad order in an
 * export URL is a 400 in the reader's language. The technical side of the reliability words is on
 * the page, with the thresholds in force.
 */
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { call } from '../helpers/auth';

let server: TestServer;
beforeAll(async () => {
	server = await startTestServer({ public: true });
}, 180_000);
afterAll(async () => {
	await server?.stop();
});

/** The boroughs table's rows as the page lists them: name and value ('—' when none). */
function boroughRows(html: string): { name: string; value: number | null }[] {
	return [...html.matchAll(/<tr data-borough="[^"]+" data-status="([a-z_]+)"><th scope="row"[^>]*>([^<]+)<\/th><td class="num[^"]*">([^<]+)<\/td>/g)]
		.map((m) => ({ name: m[2]!.replace(/&#39;|&apos;/g, "'").replace(/&amp;/g, '&'), value: m[3] === '—' || m[1] === 'suppressed' ? null : Number(m[3]!.replace(/[\s\u00a0\u202f%]/g, '').replace(',', '.')) }));
}

describe('the boroughs chart’s order', () => {
	test('ranked by value by default, those without a value last; alphabetical on request; the links say which is current', async () => {
		const ranked = await (await call(server, '/explorer?indicator=feel_safe_after_dark&wave=2024&borough=MN')).text();
		const rows = boroughRows(ranked);
		expect(rows.length).toBe(19);
		const shown = rows.filter((r) => r.value !== null);
		expect(shown.length).toBeGreaterThan(10);
		expect(shown.map((r) => r.value)).toEqual([...shown.map((r) => r.value!)].sort((a, b) => b - a));
		expect(rows.slice(0, shown.length)).toEqual(shown);
		expect(ranked).toMatch(/<a href="\?indicator=feel_safe_after_dark&amp;wave=2024&amp;borough=MN&amp;order=alpha#boroughs-title"[^>]*>Alphabétique<\/a>/);
		expect(ranked).toMatch(/aria-current="true"[^>]*>Classement<\/a>/);

		const alpha = await (await call(server, '/explorer?indicator=feel_safe_after_dark&wave=2024&borough=MN&order=alpha')).text();
		const names = boroughRows(alpha).map((r) => r.name);
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'fr-CA')));
		expect(names).not.toEqual(rows.map((r) => r.name));
		expect(alpha).toMatch(/aria-current="true"[^>]*>Alphabétique<\/a>/);
		// The export links carry the order, so the file lists the boroughs as the page does.
		expect(alpha).toMatch(/href="\/export\/explorer\/boroughs\.csv\?[^"]*order=alpha/);
	});

	test('the CSV export follows the order; a bad order is a 400 that says which are allowed', async () => {
		const csv = async (order: string) => Papa.parse<string[]>((await (await call(server, `/export/explorer/boroughs.csv?wave=2024&borough=MN&order=${order}`)).text()).replace(/^\uFEFF/, ''),
			{ delimiter: ';', comments: '#', skipEmptyLines: true }).data.slice(1).map((r) => r[0]!).filter((n) => n !== 'Ensemble de la ville');
		const alpha = await csv('alpha');
		expect(alpha).toEqual([...alpha].sort((a, b) => a.localeCompare(b, 'fr-CA')));
		expect(await csv('rank')).not.toEqual(alpha);
		const bad = await call(server, '/export/explorer/boroughs.csv?wave=2024&order=random');
		expect(bad.status).toBe(400);
		const body = await bad.text();
		expect(body).toContain('rank, alpha');
		expect(body).not.toMatch(/at .*\.js:\d+/);
	});

	test('the reliability details state the thresholds in force', async () => {
		const html = await (await call(server, '/explorer?indicator=feel_safe_after_dark&wave=2024&borough=AC&lang=en')).text();
		expect(html).toContain('How reliability is judged');
		expect(html).toMatch(/Thresholds in force for shares: a value is suppressed with fewer than 30 respondents/);
	});
});
