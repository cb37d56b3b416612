/**
 * The real server (`vigie serve`) over HTTP: health check, the home page's language and content,
 * the JSON and CSV API, errors, and graceful shutdown. The dashboard is public
 * (VIGIE_PUBLIC=1, an admin exists): these requests are an anonymous reader's.
 */
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';

interface Row {
	domain: { borough?: string; age_group?: string; gender?: string; category?: string };
	n: number | null;
	weighted_n: number | null;
	estimate: number | null;
	se: number | null;
	ci: [number, number] | null;
	df: number | null;
	n_eff: number | null;
	reliability: 'ok' | 'flag' | 'suppressed';
	flags: string[];
}
interface Table {
	indicator: string;
	wave: string;
	design: string;
	ci_method: string;
	level: number;
	rows: Row[];
}
interface Area {
	code: string;
	name: string;
	type: string;
}

let server: TestServer;

beforeAll(async () => {
	server = await startTestServer();
});

afterAll(async () => {
	await server?.stop();
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(server.url + path, { headers });

async function getJson<T>(path: string, headers: Record<string, string> = {}): Promise<{ status: number; type: string; body: T }> {
	const res = await get(path, headers);
	const type = res.headers.get('content-type') ?? '';
	const text = await res.text();
	let body: T;
	try {
		body = JSON.parse(text) as T;
	} catch {
		throw new Error(`GET ${path}: ${res.status} ${type}, not JSON: ${text.slice(0, 300)}`);
	}
	return { status: res.status, type, body };
}

async function getHtml(path: string, headers: Record<string, string> = {}): Promise<{ res: Response; html: string }> {
	const res = await get(path, headers);
	return { res, html: await res.text() };
}

const htmlLang = (html: string) => /<html[^>]*\blang="([^"]*)"/.exec(html)?.[1];

/** The text of an element's content, tags stripped and entities for spaces decoded. */
const textOf = (html: string) => html.replace(/<[^>]*>/g, '').replace(/&nbsp;/g, '\u00a0').replace(/[ \t\r\n]+/g, ' ').trim();

/** The percentages in a table's number cells (estimates and both ends of the intervals). */
const tablePercents = (table: string) =>
	[...table.matchAll(/<td class="num[^"]*">([^<]*)<\/td>/g)]
		.flatMap((m) => textOf(m[1]!).split(' – '))
		.filter((s) => s.endsWith('%'));

/** The first element that opens with `open` (a regex source for the start tag) up to its closing tag. */
function section(html: string, startTag: RegExp, tag: string): string {
	const m = startTag.exec(html);
	if (!m) throw new Error(`no ${startTag} in the page`);
	const end = html.indexOf(`</${tag}>`, m.index);
	expect(end).toBeGreaterThan(m.index);
	return html.slice(m.index, end + tag.length + 3);
}

describe('health and shutdown wiring', () => {
	test('GET /healthz is 200 {status: "ok"}', async () => {
		const { status, type, body } = await getJson<{ status: string }>('/healthz');
		expect(status).toBe(200);
		expect(type).toMatch(/application\/json/);
		expect(body).toEqual({ status: 'ok' });
	});

	test('idle connections are kept 65 s, longer than proxies and client pools keep them (no close-while-reused race)', async () => {
		const { get: httpGet } = await import('node:http');
		const header = await new Promise<string | undefined>((ok, fail) => {
			httpGet(`${server.url}/healthz`, { headers: { connection: 'keep-alive' } }, (res) => { res.resume(); ok(String(res.headers['keep-alive'])); }).on('error', fail);
		});
		expect(header).toBe('timeout=65');
	});

	test('the server reports where it listens and that it loaded the demo data', () => {
		expect(server.logs()).toMatch(/Loaded the synthetic demo survey/);
		expect(server.logs()).toMatch(/listening on/);
	});
});

describe('home page: language', () => {
	test('French by default', async () => {
		const { res, html } = await getHtml('/');
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toMatch(/text\/html/);
		expect(htmlLang(html)).toBe('fr');
		expect(res.headers.get('set-cookie')).toBeNull();
	});

	test('?lang=en gives English and sets the vigie_lang cookie, which the next request honours', async () => {
		const { res, html } = await getHtml('/?lang=en');
		expect(res.status).toBe(200);
		expect(htmlLang(html)).toBe('en');
		const setCookie = res.headers.get('set-cookie') ?? '';
		expect(setCookie).toMatch(/(^|;\s*)vigie_lang=en(;|$)/);
		expect(setCookie).toMatch(/Path=\//i);
		const cookie = setCookie.split(';')[0]!;

		const next = await getHtml('/', { cookie });
		expect(next.res.status).toBe(200);
		expect(htmlLang(next.html)).toBe('en');
		// The cookie wins over the browser's language.
		const withHeader = await getHtml('/', { cookie, 'accept-language': 'fr-CA,fr;q=0.9' });
		expect(htmlLang(withHeader.html)).toBe('en');
	});

	test('?lang=fr switches back and remembers French', async () => {
		const { res, html } = await getHtml('/?lang=fr', { cookie: 'vigie_lang=en' });
		expect(htmlLang(html)).toBe('fr');
		expect(res.headers.get('set-cookie') ?? '').toMatch(/vigie_lang=fr/);
	});

	test('Accept-Language: en gives English when there is no cookie; other languages fall back to French', async () => {
		expect(htmlLang((await getHtml('/', { 'accept-language': 'en' })).html)).toBe('en');
		expect(htmlLang((await getHtml('/', { 'accept-language': 'en-US,en;q=0.9' })).html)).toBe('en');
		expect(htmlLang((await getHtml('/', { 'accept-language': 'de-DE,de;q=0.9' })).html)).toBe('fr');
	});
});

describe('the explorer: content', () => {
	let html: string;
	beforeAll(async () => {
		const r = await getHtml('/explorer');
		expect(r.res.status).toBe(200);
		html = r.html;
	});

	test('the map has 34 areas: 19 boroughs with data and 15 related cities', () => {
		const map = section(html, /<svg[^>]*class="choropleth\b/, 'svg');
		const areas = map.match(/<path class="area\b/g) ?? [];
		expect(areas).toHaveLength(34);
		// Every borough is a link to its view; related cities have no survey data.
		expect(map.match(/<a [^>]*href="\?[^"]*borough=[A-Z]{2}"/g) ?? []).toHaveLength(19);
		expect(map.match(/<path class="area no_data\b/g) ?? []).toHaveLength(15);
	});

	test('the chart and the table are there, with a row per age group × gender', () => {
		expect(html).toMatch(/data-testid="chart"/);
		const chart = section(html, /<svg[^>]*class="grouped-bars\b/, 'svg');
		const rects = chart.match(/<rect class="(bar|stub)\b/g) ?? [];
		const table = section(html, /<table[^>]*data-testid="table"/, 'table');
		const rows = table.match(/<tr data-age-group="[^"]+" data-gender="[^"]+"/g) ?? [];
		expect(rows).toHaveLength(15); // 5 age groups × 3 genders
		expect(rects).toHaveLength(rows.length);
	});

	test('numbers are in French format: decimal commas and a no-break space before %', () => {
		const table = section(html, /<table[^>]*data-testid="table"/, 'table');
		const percents = tablePercents(table);
		expect(percents.length).toBeGreaterThan(0);
		for (const p of percents) expect(p).toMatch(/^\d{1,3},\d[\u00a0\u202f]%$/);
		expect(html).toMatch(/\d,\d[\u00a0\u202f]%/);
		// No English-style percentage anywhere in the page's text.
		expect(textOf(html)).not.toMatch(/\d\.\d%/);
	});

	test('the English page formats numbers the English way', async () => {
		const { html: en } = await getHtml('/explorer?lang=en');
		const table = section(en, /<table[^>]*data-testid="table"/, 'table');
		const percents = tablePercents(table);
		expect(percents.length).toBeGreaterThan(0);
		for (const p of percents) expect(p).toMatch(/^\d{1,3}\.\d%$/);
	});

	test('the synthetic demo data is labelled as such', () => {
		expect(html).toMatch(/class="banner[^"]*"[^>]*role="note"/);
	});

	test('a borough view and bad query values', async () => {
		const mn = await getHtml('/explorer?borough=MN');
		expect(mn.res.status).toBe(200);
		expect(textOf(section(mn.html, /<h1/, 'h1'))).toContain('Montréal-Nord');
		const bad = await getHtml('/explorer?borough=ZZ');
		expect(bad.res.status).toBe(400);
		const badIndicator = await getHtml('/explorer?indicator=nope');
		expect(badIndicator.res.status).toBe(400);
	});
});

describe('API: catalog, datasets, areas', () => {
	test('GET /api/indicators lists the catalog and the waves', async () => {
		const { status, body } = await getJson<{ waves: string[]; indicators: { id: string; type: string; label: { fr: string; en: string } }[] }>(
			'/api/indicators'
		);
		expect(status).toBe(200);
		expect(body.waves).toEqual(['2023', '2024']);
		const ids = body.indicators.map((i) => i.id);
		expect(ids).toContain('feel_safe_after_dark');
		expect(ids).toContain('trust_police_mean');
		expect(ids).toContain('victim_context');
		expect(new Set(ids).size).toBe(ids.length);
		for (const i of body.indicators) {
			expect(['proportion', 'mean', 'distribution', 'count', 'rate', 'score']).toContain(i.type);
			expect(i.label.fr).toBeTruthy();
			expect(i.label.en).toBeTruthy();
		}
	});

	test('GET /api/datasets lists the two synthetic demo survey waves', async () => {
		const { status, body } = await getJson<{ datasets: { kind: string; wave: string; synthetic: boolean; rows: number }[] }>('/api/datasets');
		expect(status).toBe(200);
		expect(body.datasets).toHaveLength(2);
		for (const d of body.datasets) {
			expect(d.kind).toBe('survey');
			expect(d.synthetic).toBe(true);
			expect(d.rows).toBeGreaterThan(0);
		}
		expect(body.datasets.map((d) => d.wave).sort()).toEqual(['2023', '2024']);
	});

	test('GET /api/areas lists 34 areas: 19 boroughs and 15 related cities', async () => {
		const { status, body } = await getJson<{ areas: Area[] }>('/api/areas');
		expect(status).toBe(200);
		expect(body.areas).toHaveLength(34);
		expect(body.areas.filter((a) => a.type === 'borough')).toHaveLength(19);
		expect(body.areas.filter((a) => a.type === 'related_city')).toHaveLength(15);
		expect(body.areas.find((a) => a.code === 'MN')?.name).toBe('Montréal-Nord');
	});
});

describe('API: one indicator', () => {
	const path = '/api/indicators/feel_safe_after_dark';

	test('by=borough has the API shape, 19 rows and the official names', async () => {
		const { status, type, body } = await getJson<Table>(`${path}?wave=2024&by=borough`);
		expect(status).toBe(200);
		expect(type).toMatch(/application\/json/);
		expect(Object.keys(body).sort()).toEqual(['ci_method', 'design', 'design_notes', 'indicator', 'level', 'rows', 'wave']);
		expect(Array.isArray((body as Table & { design_notes: unknown }).design_notes)).toBe(true);
		expect(body.indicator).toBe('feel_safe_after_dark');
		expect(body.wave).toBe('2024');
		expect(['weights', 'strata_psu', 'replicate']).toContain(body.design);
		expect(['kg', 'logit']).toContain(body.ci_method);
		expect(body.level).toBe(0.95);
		expect(body.rows).toHaveLength(19);
		for (const r of body.rows) {
			expect(Object.keys(r).sort()).toEqual(['ci', 'df', 'domain', 'estimate', 'flags', 'n', 'n_eff', 'reliability', 'se', 'weighted_n']);
			expect(Object.keys(r.domain)).toEqual(['borough']);
			expect(['ok', 'flag', 'suppressed']).toContain(r.reliability);
			expect(Array.isArray(r.flags)).toBe(true);
			expect(Number.isInteger(r.n)).toBe(true);
			if (r.reliability !== 'suppressed') {
				expect(r.estimate).toBeGreaterThanOrEqual(0);
				expect(r.estimate).toBeLessThanOrEqual(1);
				expect(r.ci).toHaveLength(2);
				expect(r.ci![0]).toBeLessThanOrEqual(r.estimate!);
				expect(r.ci![1]).toBeGreaterThanOrEqual(r.estimate!);
			}
		}
		const names = body.rows.map((r) => r.domain.borough);
		expect(names).toContain('Côte-des-Neiges–Notre-Dame-de-Grâce');
		expect(names).toContain('Montréal-Nord');
		// Canonical: exactly the official names of the boroughs in /api/areas.
		const areas = (await getJson<{ areas: Area[] }>('/api/areas')).body.areas;
		const official = areas.filter((a) => a.type === 'borough').map((a) => a.name).sort();
		expect([...names].sort()).toEqual(official);
	});

	test('suppressed rows carry no numbers (by=borough and by=borough,age_group,gender)', async () => {
		const small = (await getJson<Table>(`${path}?wave=2024&by=borough`)).body;
		const { status, body: full } = await getJson<Table>(`${path}?wave=2024&by=borough,age_group,gender`);
		expect(status).toBe(200);
		// By borough, the demo's non-binary respondents are too few: Women+ and Men+.
		expect(full.rows).toHaveLength(19 * 5 * 2);
		expect(new Set(full.rows.map((r) => r.domain.gender))).toEqual(new Set(['women+', 'men+']));
		const suppressed = [...small.rows, ...full.rows].filter((r) => r.reliability === 'suppressed');
		expect(suppressed.length).toBeGreaterThan(0);
		for (const r of suppressed) {
			const at = JSON.stringify(r.domain);
			expect([r.estimate, r.se, r.ci, r.n_eff, r.n, r.weighted_n, r.df], at).toEqual([null, null, null, null, null, null, null]);
			expect(r.flags.length).toBeGreaterThan(0);
		}
		for (const r of full.rows.filter((x) => x.reliability !== 'suppressed')) {
			expect(typeof r.estimate).toBe('number');
			expect(typeof r.se).toBe('number');
		}
		// The default `by` is borough,age_group,gender.
		const byDefault = (await getJson<Table>(`${path}?wave=2024`)).body;
		expect(byDefault.rows).toEqual(full.rows);
	});

	test('trust_police_mean is a mean on the 0–10 scale', async () => {
		const { status, body } = await getJson<Table>('/api/indicators/trust_police_mean?wave=2023&by=borough');
		expect(status).toBe(200);
		expect(body.wave).toBe('2023');
		expect(body.rows).toHaveLength(19);
		expect(body.rows.some((r) => r.estimate !== null && r.estimate > 1)).toBe(true);
		for (const r of body.rows) if (r.estimate !== null) expect(r.estimate).toBeLessThanOrEqual(10);
	});

	/** Fetches CSV, checks the BOM and parses it. */
	async function getCsv(p: string, headers: Record<string, string> = {}): Promise<Record<string, string>[]> {
		const res = await get(p, headers);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
		const bytes = new Uint8Array(await res.arrayBuffer());
		expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
		expect(text.charCodeAt(0)).toBe(0xfeff);
		const parsed = Papa.parse<Record<string, string>>(text.slice(1), { header: true, skipEmptyLines: true });
		expect(parsed.errors).toEqual([]);
		return parsed.data;
	}

	const num = (s: string | undefined) => (s === undefined || s === '' ? null : Number(s));

	function expectSameNumbers(csv: Record<string, string>[], json: Table, by: string[]) {
		expect(csv).toHaveLength(json.rows.length);
		json.rows.forEach((r, i) => {
			const c = csv[i]!;
			const d = r.domain as Record<string, string | undefined>;
			for (const v of by) expect(c[v]).toBe(d[v]);
			expect(num(c.n)).toBe(r.n);
			expect(num(c.weighted_n)).toBe(r.weighted_n);
			expect(num(c.estimate)).toBe(r.estimate);
			expect(num(c.se)).toBe(r.se);
			expect(num(c.ci_lo)).toBe(r.ci?.[0] ?? null);
			expect(num(c.ci_hi)).toBe(r.ci?.[1] ?? null);
			expect(num(c.df)).toBe(r.df);
			expect(num(c.n_eff)).toBe(r.n_eff);
			expect(c.reliability).toBe(r.reliability);
			expect((c.flags ?? '').split(' ').filter(Boolean)).toEqual(r.flags);
		});
	}

	test('the CSV (.csv suffix) has the same numbers as the JSON', async () => {
		for (const by of ['borough', 'borough,age_group,gender']) {
			const json = (await getJson<Table>(`${path}?wave=2024&by=${by}`)).body;
			const csv = await getCsv(`${path}.csv?wave=2024&by=${by}`);
			expectSameNumbers(csv, json, by.split(','));
		}
	});

	test('the CSV (Accept: text/csv) has the same numbers as the JSON', async () => {
		const json = (await getJson<Table>(`${path}?wave=2023&by=borough,gender`)).body;
		const csv = await getCsv(`${path}?wave=2023&by=borough,gender`, { accept: 'text/csv' });
		expectSameNumbers(csv, json, ['borough', 'gender']);
		expect(csv.some((r) => r.borough === 'Côte-des-Neiges–Notre-Dame-de-Grâce')).toBe(true);
	});

	test('the borough filter is case- and accent-insensitive', async () => {
		for (const value of ['montreal-nord', 'MONTRÉAL-NORD', 'Montréal-Nord']) {
			const { status, body } = await getJson<Table>(`${path}?wave=2024&by=borough,age_group,gender&borough=${encodeURIComponent(value)}`);
			expect(status, value).toBe(200);
			expect(body.rows, value).toHaveLength(10);
			for (const r of body.rows) expect(r.domain.borough).toBe('Montréal-Nord');
		}
		const one = (await getJson<Table>(`${path}?wave=2024&by=borough&borough=montreal-nord`)).body;
		expect(one.rows.map((r) => r.domain.borough)).toEqual(['Montréal-Nord']);
		const csv = await getCsv(`${path}.csv?wave=2024&by=borough&borough=montreal-nord`);
		expect(csv.map((r) => r.borough)).toEqual(['Montréal-Nord']);
		// Filters combine.
		const women = (await getJson<Table>(`${path}?wave=2024&borough=montreal-nord&gender=women%2B`)).body;
		expect(women.rows).toHaveLength(5);
		for (const r of women.rows) expect(r.domain).toMatchObject({ borough: 'Montréal-Nord', gender: 'women+' });
	});

	test.each([
		['by=foo', 'by'],
		['design=bar', 'design'],
		['ci=baz', 'ci'],
		['by=borough,borough', 'by']
	])('a bad parameter (%s) is a 400 JSON error with a code and a message', async (query, name) => {
		const { status, type, body } = await getJson<{ error: { code: string; message: string; name?: string } }>(`${path}?${query}`);
		expect(status).toBe(400);
		expect(type).toMatch(/application\/json/);
		expect(body.error.code).toBe('bad_value');
		expect(typeof body.error.message).toBe('string');
		expect(body.error.message.length).toBeGreaterThan(0);
		expect(body.error.name).toBe(name);
		// The default language is French, and the whole message is French (no English detail inside).
		expect(body.error.message).toMatch(/^Paramètre « \w+ » invalide : « .+ » ne fait pas partie de /);
	});

	test('an unknown indicator or wave is a 404 JSON error', async () => {
		for (const p of ['/api/indicators/no_such_indicator', '/api/indicators/no_such_indicator.csv']) {
			const { status, body } = await getJson<{ error: { code: string; message: string } }>(p);
			expect(status, p).toBe(404);
			expect(body.error.code).toBe('unknown_indicator');
			expect(body.error.message).toContain('no_such_indicator');
		}
		const wave = await getJson<{ error: { code: string; message: string } }>(`${path}?wave=1999`);
		expect(wave.status).toBe(404);
		expect(wave.body.error.code).toBe('unknown_wave');
	});

	test('error messages follow the reader\'s language', async () => {
		const fr = (await getJson<{ error: { message: string } }>('/api/indicators/nope')).body.error.message;
		const en = (await getJson<{ error: { message: string } }>('/api/indicators/nope', { 'accept-language': 'en' })).body.error.message;
		expect(fr).not.toBe(en);
	});
});

// Last: it stops the server.
describe('API: comparisons and distributions', () => {
	interface Row {
		domain: Record<string, string>;
		estimate: number | null;
		reliability: string;
		comparisons?: { rest?: { difference: number; p: number; verdict: string; text: string } | null;
			previous_wave?: { wave: string; verdict: string; text: string } | null };
	}
	test('compare=rest,previous_wave adds tests with verdicts in the reader\'s language', async () => {
		const fr = await getJson<{ rows: Row[] }>('/api/indicators/feel_safe_after_dark?wave=2024&by=borough&compare=rest,previous_wave');
		expect(fr.status).toBe(200);
		const published = fr.body.rows.filter((r) => r.reliability !== 'suppressed');
		expect(published.length).toBeGreaterThan(10);
		for (const r of published) {
			expect(r.comparisons?.rest?.text).toMatch(/reste de la ville/);
			expect(r.comparisons?.previous_wave?.wave).toBe('2023');
			expect(r.comparisons?.previous_wave?.text).toMatch(/2023/);
		}
		for (const r of fr.body.rows.filter((x) => x.reliability === 'suppressed')) {
			expect(r.comparisons?.rest ?? null).toBeNull();
			expect(r.comparisons?.previous_wave ?? null).toBeNull();
		}
		const en = await getJson<{ rows: Row[] }>('/api/indicators/feel_safe_after_dark?wave=2024&by=borough&compare=rest&lang=en');
		expect(en.body.rows.find((r) => r.comparisons?.rest)?.comparisons?.rest?.text).toMatch(/rest of the city/);
	});

	test('a distribution gives each category\'s share per domain', async () => {
		const { status, body } = await getJson<{ rows: Row[] }>('/api/indicators/victim_context?wave=2024&by=gender');
		expect(status).toBe(200);
		const women = body.rows.filter((r) => r.domain.gender === 'women+');
		expect(women.map((r) => r.domain.category)).toEqual(['private', 'academic', 'external_public', 'internal_public']);
		expect(women.reduce((a, r) => a + (r.estimate ?? 0), 0)).toBeCloseTo(1, 9);
	});
});

describe('graceful shutdown', () => {
	test('SIGTERM makes the process exit with code 0 within a few seconds, even with a keep-alive connection open', async () => {
		// Leaves an idle keep-alive connection in fetch's pool.
		expect((await get('/healthz')).status).toBe(200);
		const t0 = Date.now();
		process.kill(server.pid, 'SIGTERM');
		const { code, signal } = await Promise.race([
			server.exited,
			new Promise<never>((_, fail) => setTimeout(() => fail(new Error(`no exit 5 s after SIGTERM. Logs:\n${server.logs()}`)), 5_000))
		]);
		expect(code).toBe(0);
		expect(signal).toBeNull();
		expect(Date.now() - t0).toBeLessThan(5_000);
		expect(server.logs()).toMatch(/SIGTERM/);
	});
});
