/**
 * The first screens over HTTP: the overview's key findings lead to the charts that show the same
 * numbers, the comparison's address is its state (bad places and waves are a 400 in the reader's
 * language, never a 500) and its exports hold both places.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { call } from '../helpers/auth';

let server: TestServer;
const text = (html: string) => html.replace(/<!--[\s\S]*?-->/g, '').replace(/<[^>]+>/g, ' ').replace(/&#39;|&apos;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ');
const page = async (path: string) => {
	const res = await call(server, path);
	return { status: res.status, html: await res.text() };
};

beforeAll(async () => {
	server = await startTestServer();
}, 120_000);

afterAll(async () => {
	await server?.stop();
});

/** The findings' sentences and links, in the page's order. */
function findings(html: string): { href: string; sentence: string }[] {
	const section = /data-testid="key-findings"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
	return [...section.matchAll(/<li[^>]*><a href="([^"]+)"[^>]*>([\s\S]*?)<\/a><\/li>/g)].map((m) => ({ href: m[1]!.replace(/&amp;/g, '&'), sentence: text(m[2]!).trim() }));
}

describe('key findings', () => {
	test.each(['/', '/?borough=MN', '/?borough=AC&lang=en', '/?wave=2023&borough=OM'])('%s: each finding\'s numbers are on the chart it links to', async (path) => {
		const { status, html } = await page(path);
		expect(status).toBe(200);
		const list = findings(html);
		expect(list.length).toBeLessThanOrEqual(5);
		if (path === '/' || path === '/?borough=MN') expect(list.length).toBeGreaterThanOrEqual(3);
		for (const f of list) {
			expect(f.href).toMatch(/^\/explorer\?indicator=\w+&wave=\d{4}(&borough=[A-Z]+)?#(boroughs|trend)-title$/);
			// The reader's language is remembered by a cookie in a browser: here it is asked again.
			const lang = path.includes('lang=en') ? '&lang=en' : '';
			const target = text((await page(`${f.href.split('#')[0]!}${lang}`)).html);
			// The value and the other group's (or wave's) value, as written in the sentence, are on the target page.
			const numbers = f.sentence.match(/\d+[,.]\d+(\s?%)?/g) ?? [];
			expect(numbers.length, f.sentence).toBeGreaterThanOrEqual(2);
			for (const n of numbers) expect(target.includes(n), `${n} of “${f.sentence}” on ${f.href}`).toBe(true);
		}
	}, 120_000);

	test('a borough\'s findings are all about it; an unknown borough is a 400 in the reader\'s language', async () => {
		for (const f of findings((await page('/?borough=MN')).html)) expect(f.sentence.startsWith('Montréal-Nord')).toBe(true);
		const bad = await page('/?borough=ZZ&lang=en');
		expect(bad.status).toBe(400);
		expect(text(bad.html)).toContain('borough');
	});
});

describe('the comparison', () => {
	test.each([
		['/compare?a=ZZ', 'a'], ['/compare?a=MN&b=nowhere', 'b'], ['/compare?a=city', 'a'], ['/compare?wave=1999', '1999'],
		['/export/compare/side-shares.csv?a=ZZ', 'a'], ['/export/compare/nothing.csv?a=MN', 'side-shares']
	])('%s is refused with a message naming %s', async (path, word) => {
		const res = await page(`${path}&lang=en`);
		expect(res.status).toBeGreaterThanOrEqual(400);
		expect(res.status).toBeLessThan(500);
		expect(text(res.html)).toContain(word);
	});

	test('the address is the comparison: both places, the whole city by default, the same in the exports', async () => {
		const two = text((await page('/compare?a=MN&b=AC')).html);
		expect(two).toContain('Montréal-Nord et Ahuntsic-Cartierville, 2024');
		const city = text((await page('/compare?a=VD&lang=en')).html);
		expect(city).toContain('Verdun and the whole city, 2024');
		const csv = await call(server, '/export/compare/side-shares.csv?a=MN&b=AC&lang=en');
		expect(csv.status).toBe(200);
		expect(csv.headers.get('content-disposition')).toMatch(/filename="vigie-compare-shares-MN-AC-2024-en\.csv"/);
		const body = await csv.text();
		const lines = body.split(/\r?\n/);
		expect(lines.filter((l) => l.includes('Montréal-Nord')).length).toBeGreaterThanOrEqual(8);
		expect(lines.filter((l) => l.includes('Ahuntsic-Cartierville')).length).toBeGreaterThanOrEqual(8);
		for (const chart of ['shares-a.png', 'shares-b.svg', 'means-a.pptx', 'side-means.csv']) {
			const res = await call(server, `/export/compare/${chart}?a=MN&b=city`);
			expect(res.status, chart).toBe(200);
		}
	}, 60_000);
});

describe('map legends', () => {
	/** A choropleth legend's class labels ("55 % – 60 %"), before their count. */
	const classes = (markup: string) => [...markup.matchAll(/>([^<>()]*?\d[^<>()]* – [^<>()]*?\d[^<>()]*?) \(/g)].map((m) => m[1]!.trim());

	test.each([
		['/explorer?borough=MN', '/export/explorer/map.svg?borough=MN'],
		['/explorer?indicator=trust_police_mean&lang=en', '/export/explorer/map.svg?indicator=trust_police_mean&lang=en'],
		['/', '/export/overview/map-feel_safe_after_dark.svg']
	])('%s: the page\'s legend words its class bounds as the export does', async (path, exportPath) => {
		const { html } = await page(path);
		const svg = await (await call(server, exportPath)).text();
		const exported = classes(svg);
		expect(exported.length).toBeGreaterThan(1);
		for (const c of exported) expect(classes(html), c).toContain(c);
		// Shares in round steps of whole percents: "55 % – 60 %", never "55,0 % – 60,0 %".
		expect(classes(html).filter((c) => c.includes('%') && /[,.]0\D/.test(`${c} `))).toEqual([]);
	});
});

