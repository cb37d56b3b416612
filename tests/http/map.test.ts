/**
 * The map page over HTTP on the real server with the whole demo (survey and synthetic diagnostic
 * data): the layers in the SVG follow the toggles in the URL, every hexagon aggregates at least
 * the minimum of points, an area's panel puts survey and diagnostic indicators side by side, and
 * a viewer never receives a suppressed value nor a free-text comment.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { ADMIN, ANALYST, call, signIn } from '../helpers/auth';

let server: TestServer;
let analyst: string;

beforeAll(async () => {
	server = await startTestServer({ users: [ADMIN, ANALYST], env: { VIGIE_DEMO: 'all' } });
	analyst = await signIn(server, ANALYST);
});
afterAll(async () => {
	await server?.stop();
});

async function page(query: string, cookie?: string): Promise<{ status: number; html: string }> {
	const res = await call(server, `/map${query}`, { cookie });
	return { status: res.status, html: await res.text() };
}
const layersIn = (html: string) => [...html.matchAll(/data-layer="([a-z]+)"/g)].map((m) => m[1]).sort();
const legendsIn = (html: string) => [...html.matchAll(/data-legend="([a-z-]+)"/g)].map((m) => m[1]).sort();
/** The text of the panel row of an indicator (tags stripped). */
const rowText = (html: string, indicator: string) =>
	(html.match(new RegExp(`<tr data-indicator="${indicator}"[^>]*>([\\s\\S]*?)</tr>`))?.[1] ?? '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();

describe('layers follow the toggles', () => {
	test.each([
		// One layer at first: the incidents by area.
		{ query: '', layers: ['rates'], legends: ['legend-rates'] },
		{ query: '?layers=rates,hexagons,audit,partners', layers: ['audit', 'hexagons', 'partners', 'rates'], legends: ['legend-audit', 'legend-hexagons', 'legend-rates'] },
		{ query: '?layers=partners', layers: ['areas', 'partners'], legends: [] },
		{ query: '?layers=rates', layers: ['rates'], legends: ['legend-rates'] },
		{ query: '?layers=hexagons', layers: ['areas', 'hexagons'], legends: ['legend-hexagons'] },
		{ query: '?layers=audit', layers: ['areas', 'audit'], legends: ['legend-audit'] },
		{ query: '?layers=&layers=hexagons&layers=audit', layers: ['areas', 'audit', 'hexagons'], legends: ['legend-audit', 'legend-hexagons'] },
		{ query: '?layers=', layers: ['areas'], legends: [] }
	])('GET /map$query', async ({ query, layers, legends }) => {
		const { status, html } = await page(query);
		expect(status).toBe(200);
		expect(layersIn(html)).toEqual(layers);
		expect(legendsIn(html)).toEqual(legends);
		expect(html).toContain('Données de démonstration'); // the synthetic banner
	});

	test('unknown layers, areas and categories are a 400', async () => {
		expect((await page('?layers=heat')).status).toBe(400);
		expect((await page('?borough=ZZ')).status).toBe(400);
		expect((await page('?category=nope')).status).toBe(400);
	});
});

describe('what the layers draw', () => {
	test('the rates layer: one linked area per area of the geography, one table row each, the legend from the scale', async () => {
		const { html } = await page('?layers=rates');
		const areas = [...html.matchAll(/<path class="area (ok|flag|suppressed|no_data)[^"]*"[^>]*fill="([^"]+)"/g)];
		expect(areas).toHaveLength(34);
		expect(html.match(/<tr data-area="/g)).toHaveLength(34);
		const swatches = [...html.matchAll(/data-legend="legend-rates"[\s\S]*?<\/svg>/g)][0]![0];
		for (const [, , fill] of areas) if (!fill!.startsWith('url(') && fill !== '#f0f0f0') expect(swatches).toContain(`fill="${fill}"`);
		expect(html).toMatch(/href="\?layers=rates&amp;[^"]*borough=MN#panel-title"/);
	});

	test('hexagons: each aggregates at least 5 points; the summary counts them', async () => {
		const { html } = await page('?layers=hexagons');
		const titles = [...html.matchAll(/<path class="hexagon ok"[^>]*>\s*<title>([^<]+)<\/title>/g)].map((m) => m[1]!);
		expect(titles.length).toBeGreaterThan(20);
		for (const t of titles) expect(Number(t.match(/^(\d+)/)![1])).toBeGreaterThanOrEqual(5);
		expect(html).toMatch(new RegExp(`${titles.length} hexagones de 500`));
		const incidents = await page('?layers=hexagons&hexagons=incidents');
		expect(incidents.html).toContain('Incidents par hexagone');
	});

	test('audit sites: one diamond and one table row per site, never the findings', async () => {
		const { html } = await page('?layers=audit');
		const sites = html.match(/<path class="audit-site"/g) ?? [];
		expect(sites.length).toBe(48);
		expect((html.match(/data-testid="audit-table"[\s\S]*?<\/table>/)![0].match(/<tr>/g) ?? []).length).toBe(48 + 1);
		expect(html).not.toContain('Éclairage insuffisant');
		expect(html).not.toContain('Je change de trottoir');
	});
});

describe("an area's indicators side by side", () => {
	test('Montréal-Nord: survey indicators beside the incident rate, ratio, mapped unsafe share and audits, with sources', async () => {
		const { status, html } = await page('?borough=MN');
		expect(status).toBe(200);
		expect(html).toContain('Montréal-Nord : indicateurs d’enquête et de diagnostic côte à côte');
		for (const id of ['feel_safe_after_dark', 'victim_any_12m', 'trust_police_mean', 'incident_rate', 'mapping_unsafe_share', 'audit_poor_share'])
			expect(html, id).toContain(`data-indicator="${id}"`);
		expect(rowText(html, 'incident_rate')).toMatch(/^Incidents pour 1 000 résidents \d+,\d \(\d+,\d – \d+,\d\) \d,\d\d × la ville/);
		expect(html).toMatch(/Source : Enquête de démonstration Vigie/);
		expect(html).toMatch(/Incidents : Incidents de démonstration/);
	});

	test('a related city has no survey estimate, said so', async () => {
		const { html } = await page('?borough=WM'); // Westmount
		expect(html).toContain('Aucune estimation d’enquête pour ce secteur');
	});

	test('a suppressed mapping share reaches the analyst (not for publication), never the viewer', async () => {
		const api = await call(server, '/api/indicators/mapping_unsafe_share?by=borough');
		const rows = ((await api.json()) as { rows: { domain: { borough: string }; reliability: string }[] }).rows;
		const suppressed = rows.filter((r) => r.reliability === 'suppressed').map((r) => r.domain.borough);
		expect(suppressed.length).toBeGreaterThan(0);
		const areas = ((await (await call(server, '/api/areas')).json()) as { areas: { code: string; name: string; geography: string }[] }).areas;
		const hidden = areas.find((a) => a.geography === 'montreal' && suppressed.includes(a.name))!;
		const viewer = rowText((await page(`?borough=${encodeURIComponent(hidden.code)}`)).html, 'mapping_unsafe_share');
		const unsuppressed = await page(`?borough=${encodeURIComponent(hidden.code)}&suppress=0`, analyst);
		expect(unsuppressed.html).toContain('data-testid="not-for-publication"');
		const shown = rowText(unsuppressed.html, 'mapping_unsafe_share');
		expect(viewer).toMatch(/supprimé/);
		const value = shown.match(/(\d+,\d\s%) \(non publiable\)/)![1]!;
		expect(viewer).not.toContain(value);
		expect(viewer).not.toMatch(/\d+,\d\s%/);
		// A viewer cannot ask for the unsuppressed page.
		expect((await page(`?borough=${encodeURIComponent(hidden.code)}&suppress=0`)).status).not.toBe(200);
	});
});
