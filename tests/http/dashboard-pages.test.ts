/**
 * The borough portrait and the indicator explorer over HTTP against the real server: status codes, the borough chooser's
 * redirect, the answer to the portrait's question in French and English, and disclosure: no
 * suppressed value reaches an anonymous reader or a viewer (the analyst's `suppress=0` values
 * are looked for in their pages and data requests), while the analyst who asks sees them marked.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { ALL_ROLES, call, signIn } from '../helpers/auth';

let server: TestServer;
const cookies: Record<string, string> = {};
/** Full-precision strings of suppressed values from the analyst's API (by borough, by borough × gender). */
const secrets = new Map<string, string>();
const written = (v: number) => String(v).replace(/^(-?)0\./, '$1.');
const text = (html: string) => html.replace(/<!--[\s\S]*?-->/g, '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

beforeAll(async () => {
	server = await startTestServer({ users: ALL_ROLES, public: true });
	for (const u of ALL_ROLES) cookies[u.role] = await signIn(server, u);
	for (const indicator of ['feel_safe_after_dark', 'victim_any_12m', 'victim_sexual_12m', 'victim_context', 'perpetrator_gender', 'trust_police_mean']) {
		for (const by of ['borough', 'borough,gender', 'borough,age_group,gender']) {
			const res = await call(server, `/api/indicators/${indicator}?wave=2024&by=${by}&suppress=0`, { cookie: cookies.analyst! });
			for (const r of ((await res.json()) as { rows: { reliability: string; estimate: number | null; ci: [number, number] | null; domain: object }[] }).rows) {
				if (r.reliability !== 'suppressed' || r.estimate === null) continue;
				for (const v of [r.estimate, r.ci?.[0], r.ci?.[1]]) {
					if (typeof v === 'number' && String(v).replace(/^-?0?\.?0*/, '').length >= 6) secrets.set(written(v), `${indicator} by ${by}: ${JSON.stringify(r.domain)}`);
				}
			}
		}
	}
}, 240_000);

afterAll(async () => {
	await server?.stop();
});

describe('the portrait pages', () => {
	test.each([
		{ path: '/portrait', status: 200 },
		{ path: '/portrait/MN', status: 200 },
		{ path: '/portrait/MN?wave=2023', status: 200 },
		{ path: '/portrait/AC?lang=en', status: 200 },
		{ path: '/portrait/XX', status: 404 },
		{ path: '/portrait/MN?wave=1999', status: 400 },
		{ path: '/portrait/MN?suppress=2', status: 400 }
	])('$path → $status', async ({ path, status }) => {
		expect((await call(server, path)).status).toBe(status);
	});

	test('a viewer who asks for suppressed values is refused', async () => {
		expect((await call(server, '/portrait/MN?suppress=0', { cookie: cookies.viewer! })).status).toBe(403);
	});

	test('the chooser (a GET form without JavaScript) leads to the borough’s address, keeping the wave', async () => {
		const res = await call(server, '/portrait?borough=MN&wave=2023');
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toBe('/portrait/MN?wave=2023');
	});

	test('the portrait\'s "In brief" leads, in French, with Montréal-Nord\'s most important finding for everyone; the young people\'s come after', async () => {
		const html = await (await call(server, '/portrait/MN', { headers: { 'accept-language': 'fr-CA' } })).text();
		const key = text(html.match(/data-testid="key-finding"[\s\S]*?<\/section>/)![0]);
		expect(key).toMatch(/^data-testid="key-finding"> En bref Montréal-Nord : « [^»]+ » atteint \d+,\d+(\s%)?, significativement (moins|plus) que dans le reste de la ville \(\d+,\d+(\s%)?\)\./);
		const lead = /<p class="lead[^"]*" data-kind="(rest|change)" data-group="([^"]+)"/.exec(html)!;
		expect(lead[2]).toBe('all');
		// The same row in the youth table, with the verdict in words.
		expect(html).toMatch(/<tr data-indicator="feel_safe_after_dark" data-gender="woman" data-status="(ok|flag)">/);
	});

	test('every indicator of the catalog is in the portrait, with the city and the verdict', async () => {
		const html = await (await call(server, '/portrait/MN?lang=en')).text();
		type Listed = { id: string; type: string; source: string };
		const catalog = (await (await call(server, '/api/indicators')).json()) as { indicators: Listed[] } | Listed[];
		const ids = (Array.isArray(catalog) ? catalog : catalog.indicators)
			.filter((d) => d.source === 'survey' && (d.type === 'proportion' || d.type === 'mean')).map((d) => d.id);
		expect(ids.length).toBeGreaterThan(5);
		for (const id of ids) expect(html, id).toContain(`<tr data-indicator="${id}"`);
		expect(html).toContain('data-testid="matrix-victim_context"');
		expect(html).toContain('data-testid="matrix-perpetrator_gender"');
		expect(/In brief Montréal-Nord: “[^”]+” is \d+\.\d+%?, significantly (lower|higher) than in the rest of the city/.test(text(html))).toBe(true);
		expect(/than in the rest of the city|no significant difference from the rest of the city/.test(html)).toBe(true);
	});
});

describe.each(['anonymous', 'viewer'])('disclosure, as %s', (who) => {
	test('no portrait page or data request carries a suppressed value', async () => {
		expect(secrets.size).toBeGreaterThan(50);
		const leaks: string[] = [];
		for (const code of ['MN', 'AC', 'VD', 'OM', 'AJ', 'LR', 'IS']) {
			for (const path of [`/portrait/${code}`, `/portrait/${code}?lang=en&wave=2023`, `/portrait/${code}/__data.json?x-sveltekit-invalidated=01`]) {
				const body = await (await call(server, path, who === 'anonymous' ? {} : { cookie: cookies[who]! })).text();
				for (const [value, where] of secrets) if (body.includes(value)) leaks.push(`${path} carries ${value} (${where})`);
				for (const [, row] of body.matchAll(/<tr data-indicator="[^"]+"(?: data-gender="[^"]+")? data-status="suppressed">([\s\S]*?)<\/tr>/g)) {
					const cells = [...row!.matchAll(/<td class="num">([^<]*)<\/td>/g)].map((m) => m[1]);
					expect(cells.slice(0, 2), `${path}`).toEqual(['—', '—']);
				}
			}
		}
		expect(leaks).toEqual([]);
	}, 120_000);
});

describe('the indicator explorer', () => {
	test.each([
		{ path: '/explorer', status: 200 },
		{ path: '/explorer?indicator=trust_police_mean&borough=MN&wave=2023&lang=en', status: 200 },
		{ path: '/explorer?indicator=nope', status: 400 },
		{ path: '/explorer?borough=XX', status: 400 }
	])('$path → $status', async ({ path, status }) => {
		expect((await call(server, path)).status).toBe(status);
	});

	test('map, age group × gender chart, boroughs against the city, trend across both waves, table', async () => {
		const html = await (await call(server, '/explorer?borough=MN')).text();
		for (const part of ['class="choropleth', 'class="grouped-bars', 'data-testid="boroughs"', 'data-testid="trend"', 'data-testid="table"', 'class="trend'])
			expect(html.includes(part), part).toBe(true);
		expect(html).toMatch(/<tr data-wave="2023" data-status="ok">/);
		expect(html).toMatch(/<tr data-wave="2024" data-status="ok">/);
		expect(html).toMatch(/<tr data-borough="MN" data-status="ok">/);
		expect(text(html)).toMatch(/Montréal-Nord : \d+,\d\s% en 2023, \d+,\d\s% en 2024\./);
	});

	test('the chosen borough stands out in the boroughs chart; the trend names the source of each wave', async () => {
		const html = await (await call(server, '/explorer?borough=MN')).text();
		const chosen = [...html.matchAll(/<g class="row [^"]*\bchosen\b[^"]*" data-key="([A-Z]+)"/g)].map((m) => m[1]);
		expect(chosen).toEqual(['MN', 'MN']); // the wide chart and the phone's
		expect((await (await call(server, '/explorer')).text())).not.toMatch(/class="row [^"]*\bchosen\b/);
		expect(text(html)).toMatch(/Sources : vague 2023 : [^;]+, [\d\s\u202f]+ répondants, plan : [^;]+ ; vague 2024 : .+Intervalle : /);
		const en = text(await (await call(server, '/explorer?borough=MN&lang=en')).text());
		expect(en).toMatch(/Sources: wave 2023: [^;]+, [\d,]+ respondents, design: [^;]+; wave 2024: .+Interval: /);
	});

	test.each([['/explorer?borough=IS', '100\u00a0%', 'fallback-note'], ['/explorer?borough=MN&lang=en', '100%', 'class="grouped-bars']])(
		'%s: the bars\' value axis reads %s at its end, like every axis', async (path, top, part) => {
			const html = await (await call(server, path)).text();
			expect(html).toContain(part);
			const charts = html.split('class="grouped-bars').slice(1).map((c) => c.slice(0, c.indexOf('</svg>')));
			expect(charts.length).toBeGreaterThan(0);
			for (const c of charts) {
				const ticks = [...c.matchAll(/text-anchor="end" fill="#4d4d4d"[^>]*>([^<]*)</g)].map((m) => m[1]!);
				expect(ticks.at(-1)).toBe(top);
				for (const t of ticks) expect(t).toMatch(/^\d+(\u00a0)?%$/);
			}
		});

	test.each(['anonymous', 'viewer'])('no suppressed value for %s', async (who) => {
		const leaks: string[] = [];
		for (const path of ['/explorer?borough=AC', '/explorer?borough=MN&indicator=victim_any_12m', '/explorer/__data.json?borough=VD&x-sveltekit-invalidated=01']) {
			const body = await (await call(server, path, who === 'anonymous' ? {} : { cookie: cookies[who]! })).text();
			for (const [value, where] of secrets) if (body.includes(value)) leaks.push(`${path} carries ${value} (${where})`);
		}
		expect(leaks).toEqual([]);
	});
});

describe('the overview', () => {
	test.each([
		{ path: '/?borough=MN&indicator=trust_police_mean', location: '/explorer?borough=MN&indicator=trust_police_mean' },
		{ path: '/?indicator=victim_any_12m', location: '/explorer?indicator=victim_any_12m' },
		{ path: '/overview?wave=2023&lang=en', location: '/?wave=2023&lang=en' }
	])('the home page is the overview: $path leads to $location', async ({ path, location }) => {
		const res = await call(server, path);
		expect(res.status).toBe(308);
		expect(res.headers.get('location')).toBe(location);
	});

	test('every survey indicator with its city value, its change since 2023 and a map; no suppressed value for readers', async () => {
		const html = await (await call(server, '/')).text();
		for (const id of ['feel_safe_after_dark', 'victim_any_12m', 'trust_police_mean', 'strong_belonging']) expect(html.includes(`data-indicator="${id}"`), id).toBe(true);
		expect(html.match(/class="choropleth/g)?.length).toBeGreaterThanOrEqual(8);
		expect(/Pas de changement significatif depuis 2023|Significativement plus (bas|élevé) qu’en 2023/.test(text(html))).toBe(true);
		expect((await call(server, '/?wave=1999')).status).toBe(400);
		for (const who of ['anonymous', 'viewer']) {
			const body = await (await call(server, '/?lang=en', who === 'anonymous' ? {} : { cookie: cookies[who]! })).text();
			expect([...secrets.keys()].filter((v) => body.includes(v))).toEqual([]);
		}
	});
});

test('the analyst who asks sees suppressed values, marked not for publication', async () => {
	const page = await (await call(server, '/portrait/AC?suppress=0', { cookie: cookies.analyst! })).text();
	expect(page).toContain('data-testid="not-for-publication"');
	const rows = [...page.matchAll(/data-status="suppressed">([\s\S]*?)<\/tr>/g)].map((m) => text(m[1]!));
	expect(rows.some((r) => /\d,\d\s%/.test(r) && r.includes('non publiable'))).toBe(true);
});
