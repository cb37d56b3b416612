/**
 * Maps a reader can present as they are, on the real server with the whole demo: every export of
 * a map (SVG, PNG, PowerPoint) names and outlines the chosen borough as the page does; legends
 * list only classes that hold an area, with their counts, and no-data and suppressed rows of
 * their own; the notes speak only of marks the map draws; /map starts with one layer, each
 * explained in a sentence; incident categories are in the reader's language; and no name on a
 * map carries a value.
 */
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { call } from '../helpers/auth';
import { readPptx } from '../helpers/pptx';

let server: TestServer;

beforeAll(async () => {
	server = await startTestServer({ env: { VIGIE_DEMO: 'all' } });
}, 180_000);
afterAll(async () => {
	await server?.stop();
});

const text = async (path: string) => {
	const res = await call(server, path);
	expect(res.status, path).toBe(200);
	return res.text();
};
const decode = (s: string) => s.replace(/&amp;/g, '&').replace(/&#39;|&apos;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<');
/** The names written on a map: [name, kind] of each `<text data-name>`. */
const namesIn = (svg: string) => [...svg.matchAll(/<text\b[^>]*data-name="([a-z]+)"[^>]*>([^<]*)<\/text>/g)].map((m) => [decode(m[2]!), m[1]!] as const);
/** The legend rows' labels of a MapLegend (a row's lines joined) or a choropleth legend. */
const legendRows = (svg: string) => {
	const groups = [...svg.matchAll(/<g transform="translate\(0,[\d.]+\)">([\s\S]*?)<\/g>/g)].map((g) => g[1]!);
	const lines = (part: string) => [...part.matchAll(/<text x="20" y="[\d.]+" fill="#1a1a1a">([^<]*)<\/text>/g)].map((m) => decode(m[1]!));
	return groups.length ? groups.map((g) => lines(g).join(' ')) : lines(svg);
};

describe('the chosen borough in every export of a map', () => {
	test.each(['rates', 'hexagons', 'audit'])('/map %s: the SVG outlines Montréal-Nord and writes its name in bold on the map', async (chart) => {
		const svg = await text(`/export/map/${chart}.svg?layers=${chart}&borough=MN`);
		expect(namesIn(svg)).toContainEqual(['Montréal-Nord', 'selected']);
		expect(svg).toMatch(/<path d="[^"]+" fill="none" stroke="#111111" stroke-width="3"/);
		// The words say it too.
		expect(svg).toMatch(/Montréal-Nord (\(contour épais\)|est entouré)/);
	});

	test('the explorer\'s map: the same name and outline in its SVG', async () => {
		const svg = await text('/export/explorer/map.svg?borough=MN&lang=en');
		expect(namesIn(svg)).toContainEqual(['Montréal-Nord', 'selected']);
		const none = await text('/export/explorer/map.svg?lang=en');
		expect(namesIn(none).filter(([, kind]) => kind === 'selected')).toEqual([]);
	});

	test('the PNG draws the name: ink where the SVG writes it, none there when another borough is chosen', async () => {
		const svg = await text('/export/map/rates.svg?layers=rates&borough=MN');
		// Where the chart sits in the file, and where the name sits in the chart.
		const [, gx, gy] = /<g transform="translate\(([\d.]+),([\d.]+)\)"><svg/.exec(svg)!.map(Number);
		const [, x, y] = /<text x="([\d.]+)" y="([\d.]+)"[^>]*data-name="selected"/.exec(svg)!.map(Number);
		const box = { x0: (gx! + x! - 30) * 2, x1: (gx! + x! + 30) * 2, y0: (gy! + y! - 9) * 2, y1: (gy! + y! + 2) * 2 };
		const ink = async (borough: string) => {
			const png = PNG.sync.read(Buffer.from(await (await call(server, `/export/map/rates.png?layers=rates&borough=${borough}&scale=2`)).arrayBuffer()));
			let dark = 0;
			for (let py = Math.round(box.y0); py < box.y1; py++)
				for (let px = Math.round(box.x0); px < box.x1; px++) {
					const i = (py * png.width + px) * 4;
					if (png.data[i]! < 70 && png.data[i + 1]! < 70 && png.data[i + 2]! < 70) dark++;
				}
			return dark;
		};
		const chosen = await ink('MN');
		const other = await ink('VM');
		expect(chosen).toBeGreaterThan(300);
		expect(chosen).toBeGreaterThan(other * 3);
	});

	test('the PowerPoint slide: the map as drawn (a picture), its words naming the chosen borough', async () => {
		const p = await readPptx(await (await call(server, '/export/map/rates.pptx?layers=rates&borough=MN&lang=en')).arrayBuffer());
		expect(p.slides[0]).toContain('<p:pic>');
		expect(p.files.some((f) => /^ppt\/media\/.+\.png$/.test(f))).toBe(true);
		expect(p.slideText[0]).toContain('Montréal-Nord (outlined)');
		const hex = await readPptx(await (await call(server, '/export/map/hexagons.pptx?layers=hexagons&borough=MN&lang=en')).arrayBuffer());
		// A hundred hexagons as bars would be unreadable: the picture alone.
		expect(hex.slides).toHaveLength(1);
		expect(hex.slideText[0]).toContain('Montréal-Nord is outlined');
	});
});

describe('legends', () => {
	test.each([
		['/map?layers=rates', 'legend-rates', /\((\d+) secteurs?\)$/, 34],
		['/map?layers=hexagons', 'legend-hexagons', /\((\d+) hexagones?\)$/, null],
		['/map?layers=audit', 'legend-audit', /\((\d+) lieux?\)$/, 48]
	])('%s: every row holds something, and the rows add up', async (path, id, count, total) => {
		const html = await text(path);
		const legend = html.match(new RegExp(`<svg[^>]*data-legend="${id}"[\\s\\S]*?</svg>`))![0];
		const rows = legendRows(legend);
		expect(rows.length).toBeGreaterThan(1);
		const counts = rows.map((r) => Number(count.exec(r)?.[1] ?? NaN));
		expect(counts.every((n) => n > 0), rows.join(' | ')).toBe(true);
		if (total !== null) expect(counts.reduce((a, b) => a + b, 0)).toBe(total + (rows.some((r) => r.startsWith('À utiliser')) ? counts[rows.findIndex((r) => r.startsWith('À utiliser'))]! : 0));
	});

	test.each([
		['en', /^(\d+(?:,\d{3})*)(?: – (\d+(?:,\d{3})*))? \((\d+) hexagons?\)$/, /^(\d+) hexagons? of 500 m/],
		['fr', /^(\d+(?:\s\d{3})*)(?: – (\d+(?:\s\d{3})*))? \((\d+) hexagones?\)$/, /^(\d+) hexagones? de 500 m/]
	])('/map incident hexagons (%s): classes of whole counts with round breaks, each holding hexagons, adding up to those shown', async (lang, row, summary) => {
		const html = await text(`/map?layers=hexagons&hexagons=incidents&lang=${lang}`);
		const rows = legendRows(html.match(/<svg[^>]*data-legend="legend-hexagons"[\s\S]*?<\/svg>/)![0]);
		const classes = rows.map((r) => {
			const m = row.exec(r);
			expect(m, r).not.toBeNull();
			const num = (s: string) => Number(s.replace(/\D/g, ''));
			return { from: num(m![1]!), to: num(m![2] ?? m![1]!), count: Number(m![3]) };
		});
		expect(classes.length, rows.join(' | ')).toBeGreaterThan(1);
		expect(classes.length).toBeLessThanOrEqual(5);
		for (const [i, c] of classes.entries()) {
			expect(c.count).toBeGreaterThan(0);
			if (i === 0) continue;
			// Contiguous whole counts, each class after the first starting at 1, 2 or 5 × 10^k or a multiple of 10.
			expect(c.from, rows.join(' | ')).toBe(classes[i - 1]!.to + 1);
			const p = 10 ** Math.floor(Math.log10(c.from));
			expect([1, 2, 5].includes(c.from / p) || c.from % 10 === 0, rows.join(' | ')).toBe(true);
		}
		const shown = Number(summary.exec(decode(html.match(/data-testid="hexagon-summary"[^>]*>\s*([^<]*)/)![1]!.trim()))![1]);
		expect(classes.reduce((a, c) => a + c.count, 0)).toBe(shown);
	});

	test('no-data and suppressed areas are rows of their own, present only when some area is', async () => {
		const html = await text('/map?layers=rates');
		const rows = legendRows(html.match(/<svg[^>]*data-legend="legend-rates"[\s\S]*?<\/svg>/)![0]);
		// L'Île-Dorval has no residents: one area without a rate; nothing is suppressed at the city level.
		expect(rows).toContain('Aucun taux (pas de données ou de résidents) (1 secteur)');
		expect(rows.some((r) => r.startsWith('Supprimée'))).toBe(false);
		// Per category, the hatched row appears exactly when some area is hatched, with their count
		// (the demo's counts pass the minimum; tests/unit/exports/map-chart.test.ts has a suppressed area).
		for (const category of ['Vol qualifié', 'Vol de véhicule à moteur', 'Introduction', 'Méfait']) {
			const page = await text(`/map?layers=rates&category=${encodeURIComponent(category)}`);
			const hatched = (page.match(/<path class="area suppressed\b/g) ?? []).length;
			const shown = legendRows(page.match(/<svg[^>]*data-legend="legend-rates"[\s\S]*?<\/svg>/)![0]);
			if (hatched === 0) expect(shown.some((r) => r.startsWith('Supprimée'))).toBe(false);
			else expect(shown).toContain(`Supprimée (${hatched} secteur${hatched > 1 ? 's' : ''})`);
		}
	});

	test('the survey maps: classes that hold a borough, with their counts', async () => {
		const html = await text('/explorer?lang=en');
		const legend = html.match(/<svg class="choropleth-legend"[\s\S]*?<\/svg>/)![0];
		const rows = legendRows(legend);
		expect(rows.length).toBeGreaterThan(2);
		for (const r of rows) expect(r).toMatch(/\([1-9]\d* areas?\)$/);
		expect(rows).toContain('No survey data (15 areas)');
	});
});

describe('notes only about marks the map draws', () => {
	test.each(['rates', 'hexagons', 'audit'])('/export/map/%s.svg', async (chart) => {
		const svg = await text(`/export/map/${chart}.svg?layers=${chart}&lang=en`);
		const words = [...svg.matchAll(/<text x="24"[^>]*>([^<]*)<\/text>/g)].map((m) => decode(m[1]!)).join(' ');
		if (/dashes|dashed/.test(words)) expect(svg).toContain('stroke-dasharray="4 3"');
		if (/hatched/.test(words)) expect(svg).toMatch(/<path [^>]*fill="url\(#[^)]+-hatch\)"/);
		if (/\(grey\)/.test(words)) expect(svg).toMatch(/<path [^>]*fill="#f0f0f0"/);
		// No chart of a map draws E, × or – beside a value.
		expect(words).not.toMatch(/marked [E×–]|[E×–] marks?/);
	});

	test('the rates map draws the dashed outlines its note mentions', async () => {
		const svg = await text('/export/map/rates.svg?layers=rates&lang=en');
		expect(svg).toMatch(/\d+ areas outlined with dashes/);
		expect((svg.match(/stroke-dasharray="4 3"/g) ?? []).length).toBeGreaterThan(0);
	});
});

describe('/map itself', () => {
	test('one layer at first, each layer explained in a sentence', async () => {
		const html = await text('/map?lang=en');
		const checked = [...html.matchAll(/<input type="checkbox" name="layers" value="([a-z]+)"([^>]*)>/g)].filter((m) => /checked/.test(m[2]!)).map((m) => m[1]);
		expect(checked).toEqual(['rates']);
		for (const layer of ['rates', 'hexagons', 'audit', 'partners']) {
			const help = html.match(new RegExp(`<p class="help[^"]*" id="layer-help-${layer}">([^<]+)</p>`))?.[1] ?? '';
			expect(help, layer).toMatch(/^[A-Z].{30,}\.$/);
			expect(html).toContain(`aria-describedby="layer-help-${layer}"`);
		}
	});

	test('incident categories in English: the filter, the hexagons\' export and the rates\' export', async () => {
		const html = await text('/map?lang=en');
		const options = [...html.match(/<select name="category"[\s\S]*?<\/select>/)![0].matchAll(/<option value="([^"]*)"[^>]*>([^<]+)</g)].map((m) => decode(m[2]!));
		expect(options).toEqual(expect.arrayContaining(['All categories', 'Mischief', 'Robbery', 'Break-in']));
		for (const french of ['Méfait', 'Vol qualifié', 'Introduction']) expect(options).not.toContain(french);
		const svg = await text(`/export/map/rates.svg?layers=rates&lang=en&category=${encodeURIComponent('Méfait')}`);
		expect(svg).toContain('Mischief');
		expect(svg).not.toContain('Méfait');
	});

	test('incident periods in words: the hexagons\' source line and title, on the page and in its export', async () => {
		for (const [lang, words] of [['fr', 'janv. – déc. 2024'], ['en', 'Jan–Dec 2024']] as const) {
			// Intl writes the range's dash between thin spaces: compared with plain ones.
			const plain = (x: string) => decode(x).replace(/[\u2009\u202f\u00a0]/g, ' ');
			const html = plain(await text(`/map?layers=hexagons&hexagons=incidents&lang=${lang}`));
			const summary = html.match(/data-testid="hexagon-summary"[^>]*>([\s\S]*?)<\/p>/)![1]!;
			expect(summary).toContain(words);
			expect(summary).not.toContain('2024-01..2024-12');
			expect(html.match(/<title>([^<]*)<\/title>/)![1]).not.toContain('2024-01..2024-12');
			const svg = plain(await text(`/export/map/hexagons.svg?layers=hexagons&hexagons=incidents&lang=${lang}`));
			expect(svg).toContain(words);
			expect(svg).not.toContain('2024-01..2024-12');
		}
	});

	test('names on the map carry no number (a suppressed area shows none anywhere on it)', async () => {
		for (const path of ['/export/map/rates.svg?layers=rates&category=Vol%20qualifi%C3%A9', '/map?layers=rates&category=Vol%20qualifi%C3%A9&borough=MN']) {
			const names = namesIn(await text(path));
			expect(names.length).toBeGreaterThan(3);
			for (const [name] of names) expect(name, path).not.toMatch(/\d/);
		}
	});
});
