/**
 * The map page's export: `/export/map/rates.{format}` on the real server with the whole
 * demo (survey and synthetic diagnostic data). The rates by area are the page's table and the
 * API's (`/api/indicators/incident_rate`), with the same query (layers, category, wave), the same
 * permissions and suppression; the page's menu links carry the page's own query.
 */
import { categoryName } from '../../app/lib/place-words';
import Papa from 'papaparse';
import { PNG } from 'pngjs';
import { XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { ALL_ROLES, call, signIn } from '../helpers/auth';
import { readPptx } from '../helpers/pptx';

interface ApiRow {
	domain: Record<string, string>;
	estimate: number | null;
	ci: [number, number] | null;
	n: number | null;
	reliability: string;
	flags: string[];
}

let server: TestServer;
const cookies: Record<string, string> = {};
const q = (params: Record<string, string>) => new URLSearchParams(params).toString();
const four = (v: number, decimal: ',' | '.') => String(Number(v.toFixed(4))).replace('.', decimal);
const decode = (s: string) => s.replace(/&amp;/g, '&').replace(/&#39;|&apos;/g, "'").replace(/&quot;/g, '"');

beforeAll(async () => {
	server = await startTestServer({ users: ALL_ROLES, public: true, env: { VIGIE_DEMO: 'all' } });
	for (const u of ALL_ROLES) cookies[u.role] = await signIn(server, u);
}, 180_000);
afterAll(async () => {
	await server?.stop();
});

function parseCsv(text: string, delimiter: string): { meta: string[]; rows: Record<string, string>[] } {
	const meta = text.replace(/^\uFEFF/, '').split('\r\n').filter((l) => l.startsWith('#')).map((l) => Papa.parse<string[]>(l, { delimiter }).data[0]![1]!);
	const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), { delimiter, header: true, comments: '#', skipEmptyLines: true });
	expect(parsed.errors).toEqual([]);
	return { meta, rows: parsed.data };
}

async function apiRates(params: Record<string, string> = {}, cookie?: string): Promise<ApiRow[]> {
	const res = await call(server, `/api/indicators/incident_rate?${q({ by: 'borough', ...params })}`, { cookie });
	expect(res.status).toBe(200);
	return ((await res.json()) as { rows: ApiRow[] }).rows;
}

/** The page's rates table: per area name, its cells' text (incidents, population, rate, interval, ratio, reliability). */
function pageTable(html: string): Map<string, string[]> {
	const table = html.match(/data-testid="rates-table"[\s\S]*?<\/table>/)![0];
	const out = new Map<string, string[]>();
	for (const m of table.matchAll(/<tr data-area="[^"]+"[^>]*>([\s\S]*?)<\/tr>/g)) {
		const name = decode(m[1]!.match(/<a [^>]*>([^<]*)<\/a>/)![1]!);
		out.set(name, [...m[1]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => decode(c[1]!.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim())));
	}
	return out;
}

/** The page's categories, as its filter offers them. */
async function categoriesOf(): Promise<string[]> {
	const page = await (await call(server, '/map?layers=rates')).text();
	const select = page.match(/<select name="category"[\s\S]*?<\/select>/)![0];
	return [...select.matchAll(/<option value="([^"]+)"/g)].map((m) => decode(m[1]!));
}

describe('formats', () => {
	test.each([
		['csv', '', 'text/csv; charset=utf-8', 'vigie-map-incident_rate-montreal-2024-01-2024-12-fr.csv'],
		['csv', 'variant=en', 'text/csv; charset=utf-8', 'vigie-map-incident_rate-montreal-2024-01-2024-12-fr-en.csv'],
		['svg', '', 'image/svg+xml; charset=utf-8', 'vigie-map-incident_rate-montreal-2024-01-2024-12-fr.svg'],
		['png', 'scale=2', 'image/png', 'vigie-map-incident_rate-montreal-2024-01-2024-12-fr-2x.png'],
		['png', 'scale=4&background=transparent', 'image/png', 'vigie-map-incident_rate-montreal-2024-01-2024-12-fr-4x-transparent.png'],
		['pptx', 'lang=en', 'application/vnd.openxmlformats-officedocument.presentationml.presentation', 'vigie-map-incident_rate-montreal-2024-01-2024-12-en.pptx']
	])('rates.%s?%s → 200, %s', async (format, extra, type, file) => {
		const res = await call(server, `/export/map/rates.${format}?layers=rates${extra ? `&${extra}` : ''}`);
		expect(res.status, await res.clone().text().then((t) => t.slice(0, 200))).toBe(200);
		expect(res.headers.get('content-type')).toBe(type);
		expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${file}"`);
		expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(1000);
	});

	test('the SVG draws the page\'s 34 areas and the legend, self-contained, without links or classes', async () => {
		const svg = await (await call(server, '/export/map/rates.svg?layers=rates')).text();
		expect(XMLValidator.validate(svg)).toBe(true);
		const page = await (await call(server, '/map?layers=rates')).text();
		const pageFills = [...page.matchAll(/<path class="area [a-z_]+[^"]*"[^>]*fill="([^"]+)"/g)].map((m) => m[1]!);
		expect(pageFills).toHaveLength(34);
		const fills = [...svg.matchAll(/<path d="[^"]+" fill="([^"]+)" stroke="#ffffff"/g)].map((m) => m[1]!).filter((f) => f !== 'none');
		expect(fills).toEqual(pageFills);
		expect(svg).toMatch(/<text[^>]*>Incidents pour 1.000 résidents<\/text>/); // the legend's title
		expect(svg).toContain('Aucun taux (pas de données ou de résidents)');
		expect(svg).toContain('Intervalles de Poisson exacts à 95');
		expect(svg).not.toContain('× supprimée'); // no marks on the map, so no key to them
		for (const bad of ['class=', '<style', 'foreignObject', 'system-ui', '<!--', 'href=', '<a ']) expect(svg).not.toContain(bad);
	});

	test('the PNG: the SVG\'s size times the scale, a transparent corner, the map drawn', async () => {
		const svg = await (await call(server, '/export/map/rates.svg?layers=rates')).text();
		const [w, h] = [/ width="(\d+)"/, / height="(\d+)"/].map((re) => Number(re.exec(svg)![1]));
		const png = PNG.sync.read(Buffer.from(await (await call(server, '/export/map/rates.png?layers=rates&scale=2&background=transparent')).arrayBuffer()));
		expect([png.width, png.height]).toEqual([w! * 2, h! * 2]);
		expect([...png.data.subarray(0, 4)]).toEqual([0, 0, 0, 0]);
		let blue = 0;
		for (let i = 0; i < png.data.length; i += 4) if (png.data[i + 3]! > 200 && png.data[i + 2]! > png.data[i]! + 40) blue++;
		expect(blue).toBeGreaterThan(100_000);
	});
});

describe('the numbers', () => {
	test('the CSV holds the API\'s rates, intervals and counts, and the page\'s table shows the same', async () => {
		const api = await apiRates();
		const { meta, rows } = parseCsv(await (await call(server, '/export/map/rates.csv?layers=rates&variant=en')).text(), ',');
		const table = pageTable(await (await call(server, '/map?layers=rates')).text());
		// The period in words, as on the page (Intl puts thin or no-break spaces around the dash).
		expect(meta[0]).toMatch(/^Incidents pour 1.000 résidents par secteur, janv\.\s–\sdéc\.\s2024$/);
		expect(meta).toContain('Valeurs avec intervalles de confiance à 95\u00a0% (Poisson exacts, Garwood).');
		expect(meta.some((m) => /^Données de démonstration.: les incidents/.test(m))).toBe(true);
		expect(rows).toHaveLength(34);
		expect(table.size).toBe(34);
		let compared = 0;
		for (const row of rows) {
			const [name, , estimate, lo, hi, n, reliability] = Object.values(row) as string[];
			const page = table.get(name!)!;
			expect(page, name).toBeDefined();
			const r = api.find((x) => x.domain.borough === name);
			if (!r || r.estimate === null) {
				expect([estimate, lo, hi], name).toEqual(['', '', '']);
				expect(page[2]).toBe('—');
				continue;
			}
			expect([estimate, lo, hi, n], name).toEqual([four(r.estimate, '.'), four(r.ci![0], '.'), four(r.ci![1], '.'), String(r.n)]);
			// The page shows the rate with one decimal and a decimal comma, its interval alike.
			expect(page[2], name).toBe(r.estimate.toFixed(1).replace('.', ','));
			expect(page[3], name).toBe(`${r.ci![0].toFixed(1).replace('.', ',')} – ${r.ci![1].toFixed(1).replace('.', ',')}`);
			expect(reliability).toMatch(r.reliability === 'flag' ? /^À utiliser avec prudence/ : /^Fiable$/);
			compared++;
		}
		expect(compared).toBeGreaterThanOrEqual(30);
	});

	test('a category filter: the export follows it like the page', async () => {
		const category = (await categoriesOf())[0]!;
		const api = (await apiRates({ by: 'borough,category' })).filter((r) => r.domain.category === category);
		expect(api.length).toBeGreaterThan(10);
		const { meta, rows } = parseCsv(await (await call(server, `/export/map/rates.csv?${q({ layers: 'rates', category, lang: 'en' })}`)).text(), ',');
		// The subtitle names the category in the reader's language and the geography by its display name, never by code.
		expect(meta[1]).toContain(categoryName('en', category));
		expect(meta[1]).toContain('Montréal, boroughs and related cities');
		expect(meta[1]).not.toMatch(/\bmontreal\b/);
		let compared = 0;
		for (const r of api) {
			if (r.estimate === null) continue;
			const row = rows.find((x) => x.Category === r.domain.borough)!;
			expect(row.Estimate, r.domain.borough).toBe(four(r.estimate, '.'));
			compared++;
		}
		expect(compared).toBeGreaterThan(10);
	});

	test('the PowerPoint chart\'s bars and error bars are the API\'s rates and intervals', async () => {
		const api = (await apiRates()).filter((r) => r.estimate !== null);
		const p = await readPptx(await (await call(server, '/export/map/rates.pptx?layers=rates&lang=en')).arrayBuffer());
		// The map as drawn first (a picture), then its areas as native bars.
		expect(p.slides).toHaveLength(2);
		expect(p.slides[0]).toContain('<p:pic>');
		expect(p.charts).toHaveLength(1);
		expect(p.slideText[1]).toContain('Incidents per 1,000 residents by area');
		const s = p.charts[0]!.series[0]!;
		const drawn = s.values.filter((v) => v !== undefined);
		expect(drawn).toHaveLength(api.length);
		for (const r of api) {
			const i = s.values.findIndex((v) => v !== undefined && Math.abs(v - r.estimate!) < 1e-9);
			expect(i, r.domain.borough).toBeGreaterThanOrEqual(0);
			expect(s.values[i]! + s.plus[i]!).toBeCloseTo(r.ci![1], 9);
			expect(s.values[i]! - s.minus[i]!).toBeCloseTo(r.ci![0], 9);
		}
		// Largest first, as the slide says.
		expect(drawn).toEqual([...drawn].sort((a, b) => b! - a!));
	});
});

describe('parameters', () => {
	test.each([
		['/export/map/rates.csv?layers=heat&lang=en', 400, 'Invalid parameter “layers”: “heat” is not one of rates, hexagons, audit, partners.'],
		['/export/map/rates.csv?borough=ZZ', 400, 'borough'],
		['/export/map/rates.csv?category=nope', 400, 'nope'],
		['/export/map/rates.csv?wave=1999', 400, '1999'],
		['/export/map/rates.csv?geography=mars&lang=en', 400, 'mars'],
		['/export/map/rates.gif', 400, 'rates.gif'],
		['/export/map/nope.csv?lang=en', 404, 'This page has no chart “nope” (charts: rates)'],
		// A layer the page does not show has no export; a page with no layer with numbers has none at all.
		['/export/map/rates.csv?layers=hexagons&lang=en', 404, 'This page has no chart “rates” (charts: hexagons)'],
		['/export/map/rates.csv?layers=partners&lang=en', 404, 'This map shows no layer with numbers'],
		['/export/map/hexagons.csv?layers=', 404, 'Cette carte ne montre aucune couche chiffrée']
	])('%s → %d', async (path, status, message) => {
		const res = await call(server, path);
		expect(res.status).toBe(status);
		expect(await res.text()).toContain(message);
	});
});

describe('permissions and suppression', () => {
	test('suppress=0: refused to a viewer, given to an analyst marked not for publication', async () => {
		const path = '/export/map/rates.csv?layers=rates&suppress=0';
		expect((await call(server, path, { cookie: cookies.viewer })).status).toBe(403);
		expect((await call(server, path)).status).toBe(303);
		const res = await call(server, path, { cookie: cookies.analyst });
		expect(res.status).toBe(200);
		expect(parseCsv(await res.text(), ';').meta.some((m) => m.startsWith('Non publiable'))).toBe(true);
	});

	test.each(['anonymous', 'viewer'])('%s: no suppressed row of the analyst\'s table by area and category carries a number in any export', async (who) => {
		const cookie = who === 'anonymous' ? undefined : cookies[who];
		const categories = await categoriesOf();
		expect(categories.length).toBeGreaterThan(2);
		const raw = await apiRates({ by: 'borough,category', suppress: '0' }, cookies.analyst);
		for (const category of categories) {
			const csv = parseCsv(await (await call(server, `/export/map/rates.csv?${q({ layers: 'rates', category, variant: 'en' })}`, { cookie })).text(), ',');
			for (const row of csv.rows) {
				const r = raw.find((x) => x.domain.borough === row['Catégorie'] && x.domain.category === category);
				if (row['Fiabilité']!.startsWith('Supprimée') || r?.reliability === 'suppressed') {
					expect([row.Estimation, row.n], `${category} ${row['Catégorie']}`).toEqual(['', '']);
				} else if (r && r.estimate !== null) expect(row.n).toBe(String(r.n));
			}
		}
		// Every viewer's row with a value is the analyst's, unsuppressed (no value appears that the analyst's table calls suppressed).
		const suppressed = raw.filter((r) => r.reliability === 'suppressed');
		const pptx = await readPptx(await (await call(server, '/export/map/rates.pptx?layers=rates', { cookie })).arrayBuffer());
		for (const r of suppressed) if (r.estimate !== null) expect(pptx.everything).not.toContain(String(r.estimate));
	});
});

describe('the page\'s menu', () => {
	test('one menu per layer shown; its links carry the page\'s query and give the page\'s numbers', async () => {
		const hexagons = await (await call(server, '/map?layers=hexagons')).text();
		expect(hexagons).not.toContain('data-export="rates"');
		expect(hexagons).toContain('data-export="hexagons"');
		expect(await (await call(server, '/map?layers=rates&indicator=incident_count')).text()).toContain('data-export="rates"');
		const page = await (await call(server, `/map?${q({ layers: 'rates', geography: 'montreal', wave: '2024-01..2024-12', lang: 'en' })}&layers=audit`)).text();
		expect(page).toContain('data-export="rates"');
		const links = [...page.matchAll(/href="(\/export\/map\/rates\.[a-z]+\?[^"]+)"/g)].map((m) => decode(m[1]!));
		expect(links).toHaveLength(7);
		for (const l of links) {
			const u = new URL(l, 'http://x');
			expect(u.searchParams.getAll('layers'), l).toEqual(['rates', 'audit']);
			expect([u.searchParams.get('geography'), u.searchParams.get('wave'), u.searchParams.get('lang')]).toEqual(['montreal', '2024-01..2024-12', 'en']);
		}
		const csv = links.find((l) => l.includes('.csv') && !l.includes('variant'))!;
		const res = await call(server, csv);
		expect(res.status).toBe(200);
		const { rows } = parseCsv(await res.text(), ',');
		const table = pageTable(page);
		for (const row of rows) if (row.Estimate) expect(table.get(row.Category!)![2]).toBe(Number(row.Estimate).toFixed(1));
	});
});
