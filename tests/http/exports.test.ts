/**
 * Chart exports by URL: `/export/{view}/{chart}.{format}` on the real server. The
 * numbers are the API's (the page's engine), the permissions the page's, suppression applies (a
 * suppressed cell's value is in no viewer's export; an analyst's `suppress=0` export has it,
 * marked not for publication), and bad parameters are a 400 in the reader's language.
 */
import Papa from 'papaparse';
import { PNG } from 'pngjs';
import { XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { ALL_ROLES, VIEWER, call, signIn } from '../helpers/auth';
import { readPptx } from '../helpers/pptx';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const OUT = fileURLToPath(new URL('../../test-results/', import.meta.url));

interface ApiRow {
	domain: Record<string, string>;
	estimate: number | null;
	ci: [number, number] | null;
	n: number;
	reliability: string;
}

let server: TestServer;
const cookies: Record<string, string> = {};
/** The demo's suppressed cell of the disclosure tests: Ahuntsic-Cartierville, 12–17, women, feeling safe after dark, 2024. */
let pinned: ApiRow;
/** The same cell as charts publish it by borough: Women+ (too few non-binary people to show them apart). */
let pinnedPlus: ApiRow;
const q = (params: Record<string, string>) => new URLSearchParams(params).toString();
const percent4 = (v: number, decimal: ',' | '.') => String(Number((v * 100).toFixed(4))).replace('.', decimal);

beforeAll(async () => {
	server = await startTestServer({ users: ALL_ROLES, public: true });
	for (const u of ALL_ROLES) cookies[u.role] = await signIn(server, u);
	const res = await call(server, `/api/indicators/feel_safe_after_dark?${q({ wave: '2024', by: 'borough,age_group,gender', suppress: '0' })}`, { cookie: cookies.analyst! });
	pinned = ((await res.json()) as { rows: ApiRow[] }).rows
		.find((r) => r.domain.borough === 'Ahuntsic-Cartierville' && r.domain.age_group === '12-17' && r.domain.gender === 'woman')!;
	const plus = await call(server, `/api/indicators/feel_safe_after_dark?${q({ wave: '2024', by: 'borough,age_group,gender', suppress: '0', categories: 'published' })}`, { cookie: cookies.analyst! });
	pinnedPlus = ((await plus.json()) as { rows: ApiRow[] }).rows
		.find((r) => r.domain.borough === 'Ahuntsic-Cartierville' && r.domain.age_group === '12-17' && r.domain.gender === 'women+')!;
}, 180_000);

afterAll(async () => {
	await server?.stop();
});

/** The table of an export's CSV, read as a script would: `#` lines are comments. */
function parseCsv(text: string, delimiter: string): { meta: string[]; rows: Record<string, string>[] } {
	const meta = text.replace(/^\uFEFF/, '').split('\r\n').filter((l) => l.startsWith('#')).map((l) => Papa.parse<string[]>(l, { delimiter }).data[0]![1]!);
	const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), { delimiter, header: true, comments: '#', skipEmptyLines: true });
	expect(parsed.errors).toEqual([]);
	return { meta, rows: parsed.data };
}

describe('CSV', () => {
	test('the age group × gender chart of a borough holds the API\'s numbers, in percent, French variant by default', async () => {
		const res = await call(server, `/export/explorer/age-gender.csv?${q({ borough: 'AC', wave: '2024' })}`);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect(res.headers.get('content-disposition')).toBe('attachment; filename="vigie-explorer-feel_safe_after_dark-age-gender-2024-AC-fr.csv"');
		const bytes = new Uint8Array(await res.arrayBuffer());
		expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const text = new TextDecoder().decode(bytes);
		const { meta, rows } = parseCsv(text, ';');
		expect(meta[0]).toBe('Se sentent en sécurité seuls le soir selon le groupe d’âge et le genre : Ahuntsic-Cartierville, 2024');
		expect(meta.some((m) => m.startsWith('Source : Enquête de démonstration Vigie'))).toBe(true);
		expect(meta.some((m) => /supprimée/.test(m))).toBe(true);
		const api = ((await (await call(server, `/api/indicators/feel_safe_after_dark?${q({ wave: '2024', by: 'borough,age_group,gender' })}`)).json()) as { rows: ApiRow[] }).rows
			.filter((r) => r.domain.borough === 'Ahuntsic-Cartierville');
		expect(rows).toHaveLength(10); // 5 age groups × Women+ and Men+ (too few non-binary people by borough)
		let compared = 0, empty = 0;
		for (const r of api) {
			const row = rows.find((x) => x['Catégorie'] === `${r.domain.age_group!.replace('-', '–')} ans` && x['Série'] === { 'women+': 'Femmes+', 'men+': 'Hommes+' }[r.domain.gender!]);
			if (!row) continue;
			expect(row.n).toBe(r.n === null ? '' : String(r.n));
			if (r.estimate === null) {
				expect([row['Estimation (%)'], row['IC 95 % borne inférieure (%)'], row['IC 95 % borne supérieure (%)']]).toEqual(['', '', '']);
				expect(row['Fiabilité']).toMatch(/^Supprimée : /);
				empty++;
			} else {
				expect(row['Estimation (%)']).toBe(percent4(r.estimate, ','));
				expect(row['IC 95 % borne inférieure (%)']).toBe(percent4(r.ci![0], ','));
				compared++;
			}
		}
		// The 12–24 year-olds of one borough are hidden (too few, or to protect them), the others shown.
		expect(compared + empty).toBe(10);
		expect(compared).toBeGreaterThanOrEqual(6);
		expect(empty).toBeGreaterThanOrEqual(1);
		for (const p of [pinned, pinnedPlus]) expect(text).not.toContain(percent4(p.estimate!, ','));
	});

	test('variant=en: commas between fields and decimal points; lang=en: English words', async () => {
		const fr = await call(server, `/export/explorer/age-gender.csv?${q({ borough: 'AC', wave: '2024', variant: 'en' })}`);
		expect(fr.headers.get('content-disposition')).toContain('-fr-en.csv"');
		const { rows } = parseCsv(await fr.text(), ',');
		expect(rows.find((r) => r['Estimation (%)'] !== '')!['Estimation (%)']).toMatch(/^\d+\.\d+$/);
		const en = await call(server, `/export/explorer/age-gender.csv?${q({ borough: 'AC', wave: '2024', lang: 'en' })}`);
		const t = await en.text();
		expect(t.split('\r\n').find((l) => !l.startsWith('#') && !l.startsWith('\uFEFF#'))).toBe('Category,Series,Estimate (%),95% CI low (%),95% CI high (%),n,Reliability,Flags');
		expect(t).toContain('#,"Feel safe walking alone after dark by age group and gender: Ahuntsic-Cartierville, 2024"');
	});

	test('means are written as they are (0–10), not in percent', async () => {
		const t = await (await call(server, `/export/explorer/trend.csv?${q({ indicator: 'trust_police_mean', lang: 'en' })}`)).text();
		const { rows } = parseCsv(t, ',');
		expect(t).toContain(',Estimate,');
		const v = Number(rows[0]!.Estimate);
		expect(v).toBeGreaterThan(0);
		expect(v).toBeLessThanOrEqual(10);
	});
});

describe('the portrait\'s exports', () => {
	test('its CSV says each borough value\'s verdict, as the page\'s table does, in either language', async () => {
		for (const [lang, delimiter, series, rest] of [['en', ',', 'Series', /than in the rest of the city|from the rest of the city|no comparison/i], ['fr', ';', 'Série', /reste de la ville|aucune comparaison/i]] as const) {
			const { rows } = parseCsv(await (await call(server, `/export/portrait/all.csv?${q({ borough: 'MN', lang })}`)).text(), delimiter);
			const mine = rows.filter((r) => r[series] === 'Montréal-Nord');
			expect(mine.length).toBeGreaterThan(1);
			for (const r of mine) expect(r.Verdict).toMatch(rest);
			for (const r of rows.filter((x) => x[series] !== 'Montréal-Nord')) expect(r.Verdict).toBe('');
		}
	});

	test('a heat map where the page shows all victims together: one column, the page\'s sentence, drawn', async () => {
		const svg = await (await call(server, `/export/portrait/victim_context.svg?${q({ borough: 'IS', lang: 'en' })}`)).text();
		expect(svg).toContain('Most cells by the victim’s gender cannot be published for L&apos;Île-Bizard–Sainte-Geneviève');
		expect(svg).toContain('data-column="all"');
		expect(svg).not.toContain('data-column="men+"');
		const res = await call(server, `/export/portrait/victim_context.png?${q({ borough: 'IS', lang: 'en', scale: '2' })}`);
		expect(res.status).toBe(200);
		const bytes = Buffer.from(await res.arrayBuffer());
		mkdirSync(OUT, { recursive: true });
		writeFileSync(`${OUT}export-portrait-IS-victim_context-en.png`, bytes);
		expect(PNG.sync.read(bytes).width).toBeGreaterThan(1000);
	});
});

describe('SVG and PNG', () => {
	test('the SVG is self-contained XML with the title, source, method and notes, and draws the suppressed bar as a hatched stub', async () => {
		const res = await call(server, `/export/explorer/age-gender.svg?${q({ borough: 'AC', wave: '2024' })}`);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
		const svg = await res.text();
		expect(XMLValidator.validate(svg)).toBe(true);
		expect(svg).toMatch(/<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
		expect(svg).toContain('<title>Se sentent en sécurité seuls le soir selon le groupe d’âge et le genre : Ahuntsic-Cartierville, 2024</title>');
		// One footer: the notes, then the source and the method, in one paragraph.
		expect(svg).toContain('Source : Enquête de démonstration Vigie');
		expect(svg).toContain('Korn–Graubard');
		expect(svg).toMatch(/<pattern id="export-age-gender-hatch"/);
		for (const bad of ['class=', '<style', 'var(', 'foreignObject', 'system-ui', '<!--', 'href=']) expect(svg).not.toContain(bad);
		expect(svg).toMatch(/<rect data-group="12-17" data-series="women\+"[^>]*fill="url\(#export-age-gender-hatch\)"/);
		expect(svg).not.toContain(percent4(pinned.estimate!, ','));
	});

	test.each([[2, 'white'], [4, 'transparent']] as const)('PNG at %d×, %s background: dimensions, background and drawn pixels', async (scale, background) => {
		const svg = await (await call(server, `/export/portrait/all.svg?${q({ borough: 'AC' })}`)).text();
		const [w, h] = [/ width="(\d+)"/, / height="(\d+)"/].map((re) => Number(re.exec(svg)![1]));
		const res = await call(server, `/export/portrait/all.png?${q({ borough: 'AC', scale: String(scale), background })}`);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('image/png');
		expect(res.headers.get('content-disposition')).toContain(`-${scale}x${background === 'transparent' ? '-transparent' : ''}.png"`);
		const png = PNG.sync.read(Buffer.from(await res.arrayBuffer()));
		expect([png.width, png.height]).toEqual([w! * scale, h! * scale]);
		const at = (x: number, y: number) => [...png.data.subarray((y * png.width + x) * 4, (y * png.width + x) * 4 + 4)];
		expect(at(0, 0)).toEqual(background === 'white' ? [255, 255, 255, 255] : [0, 0, 0, 0]);
		let dark = 0;
		for (let i = 0; i < png.data.length; i += 4) if (png.data[i + 3]! > 200 && png.data[i]! < 80 && png.data[i + 1]! < 80 && png.data[i + 2]! < 80) dark++;
		expect(dark).toBeGreaterThan(5000);
	});

	test('every chart of every page answers in the three formats', async () => {
		const ids: Record<string, string[]> = {
			'explorer?borough=MN': ['map', 'age-gender', 'boroughs', 'trend'],
			'explorer?wave=2023': ['map', 'age-gender'],
			'overview?wave=2024': ['map-feel_safe_after_dark', 'map-trust_police_mean', 'map-victim_any_12m'],
			'portrait?borough=MN': ['all', 'youth', 'victim_context']
		};
		for (const [page, charts] of Object.entries(ids)) {
			const [view, query] = page.split('?');
			for (const chart of charts)
				for (const format of ['csv', 'svg', 'png', 'pptx']) {
					const res = await call(server, `/export/${view}/${chart}.${format}?${query}`);
					expect(res.status, `${page} ${chart}.${format}: ${(await res.clone().text()).slice(0, 200)}`).toBe(200);
					expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(500);
				}
		}
	}, 120_000);

	test("the former home page's export links lead to the same charts of the explorer (308)", async () => {
		const res = await call(server, '/export/home/age-gender.csv?wave=2023&borough=MN');
		expect(res.status).toBe(308);
		expect(res.headers.get('location')).toBe('/export/explorer/age-gender.csv?wave=2023&borough=MN');
		expect((await call(server, res.headers.get('location')!)).status).toBe(200);
	});
});

describe('the trend', () => {
	test('names the source of each wave, as the page does', async () => {
		const { meta } = parseCsv(await (await call(server, `/export/explorer/trend.csv?${q({ borough: 'MN' })}`)).text(), ';');
		const page = await (await call(server, `/explorer?${q({ borough: 'MN' })}`)).text();
		const source = meta.find((m) => m.startsWith('Sources : '))!;
		expect(source).toMatch(/^Sources : vague 2023 : .+ ; vague 2024 : .+Intervalle : /);
		expect(page).toContain(source.replace(/&/g, '&amp;'));
	});
});

describe('PowerPoint', () => {
	test('the age group × gender chart of a borough as a native chart holding the API\'s numbers and intervals', async () => {
		const res = await call(server, `/export/explorer/age-gender.pptx?${q({ borough: 'AC', wave: '2024', lang: 'en' })}`);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.presentationml.presentation');
		expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="vigie-explorer-feel_safe_after_dark-age-gender-2024-AC-en\.pptx"$/);
		const p = await readPptx(await res.arrayBuffer());
		expect(p.slides).toHaveLength(1);
		expect(p.charts).toHaveLength(1);
		expect(p.slideText[0]).toContain('Ahuntsic-Cartierville');
		expect(p.slideText[0]).toMatch(/Source: /);
		const api = (await (await call(server, `/api/indicators/feel_safe_after_dark?${q({ wave: '2024', by: 'borough,age_group,gender' })}`)).json()) as { rows: ApiRow[] };
		const mine = api.rows.filter((r) => r.domain.borough === 'Ahuntsic-Cartierville');
		const points = p.charts[0]!.series.flatMap((s) => s.values.map((v, i) => ({ v, plus: s.plus[i], minus: s.minus[i] })));
		const published = mine.filter((r) => r.estimate !== null);
		expect(published.length).toBeGreaterThan(5);
		for (const r of published) {
			const point = points.find((x) => x.v !== undefined && Math.abs(x.v - r.estimate!) < 1e-9);
			expect(point, JSON.stringify(r.domain)).toBeDefined();
			// The interval as a custom error bar: the distances from the estimate to each end.
			expect(point!.plus! + point!.v!).toBeCloseTo(r.ci![1], 9);
			expect(point!.v! - point!.minus!).toBeCloseTo(r.ci![0], 9);
		}
		// Suppressed cells are gaps, not zeros: one point per published value, no more.
		expect(points.filter((x) => x.v !== undefined)).toHaveLength(published.length);
	});
});

describe('parameters', () => {
	test.each([
		['/export/explorer/age-gender.gif', 400, 'Export invalide « age-gender.gif »'],
		['/export/explorer/age-gender.gif?lang=en', 400, 'Invalid export “age-gender.gif”'],
		['/export/explorer/age-gender.png?scale=3', 400, 'Paramètre « scale » invalide'],
		['/export/explorer/age-gender.png?background=black&lang=en', 400, 'Invalid parameter “background”: “black” is not one of white, transparent.'],
		['/export/explorer/age-gender.csv?variant=de', 400, '« variant »'],
		['/export/explorer/age-gender.csv?suppress=2', 400, '« suppress »'],
		['/export/explorer/age-gender.csv?wave=1999', 400, '1999'],
		['/export/explorer/age-gender.csv?borough=XX', 400, 'borough'],
		['/export/explorer/age-gender.csv?indicator=nope', 400, 'nope'],
		['/export/portrait/all.csv', 400, 'borough'],
		['/export/portrait/all.csv?borough=ZZ', 404, 'ZZ'],
		['/export/explorer/nope.csv', 404, 'Cette page n’a pas de graphique « nope » (graphiques : map, age-gender, boroughs, trend)'],
		['/export/explorer/nope.csv?lang=en', 404, 'This page has no chart “nope”'],
		['/export/nowhere/map.csv', 404, 'Page inconnue « nowhere »']
	])('%s → %d', async (path, status, message) => {
		const res = await call(server, path);
		expect(res.status).toBe(status);
		expect(await res.text()).toContain(message);
	});
});

describe('permissions and suppression', () => {
	const secretsOf = (r: ApiRow) => [percent4(r.estimate!, ','), percent4(r.estimate!, '.'), percent4(r.ci![0], ','), percent4(r.ci![1], ','), String(r.estimate)];

	test('the pinned cell is suppressed and has a value for the analyst', () => {
		for (const p of [pinned, pinnedPlus]) {
			expect(p.reliability).toBe('suppressed');
			expect(p.estimate).not.toBeNull();
		}
	});

	test.each(['anonymous', 'viewer', 'admin'])('%s: no export of the borough carries the suppressed value', async (who) => {
		const cookie = who === 'anonymous' ? undefined : cookies[who];
		for (const chart of ['age-gender', 'map', 'boroughs', 'trend'])
			for (const format of ['csv', 'svg'])
				for (const variant of ['fr', 'en']) {
					const res = await call(server, `/export/explorer/${chart}.${format}?${q({ borough: 'AC', wave: '2024', variant })}`, { cookie });
					expect(res.status).toBe(200);
					const body = await res.text();
					for (const s of [...secretsOf(pinned), ...secretsOf(pinnedPlus)]) expect(body, `${chart}.${format}`).not.toContain(s);
				}
	});

	test.each(['anonymous', 'viewer'])('%s: the PowerPoint charts of the borough do not carry it either (slides, charts, notes, embedded workbooks)', async (who) => {
		const cookie = who === 'anonymous' ? undefined : cookies[who];
		for (const chart of ['age-gender', 'map', 'boroughs', 'trend']) {
			const res = await call(server, `/export/explorer/${chart}.pptx?${q({ borough: 'AC', wave: '2024' })}`, { cookie });
			expect(res.status).toBe(200);
			const { everything } = await readPptx(await res.arrayBuffer());
			for (const s of [...secretsOf(pinned), ...secretsOf(pinnedPlus)]) expect(everything, `${chart}.pptx`).not.toContain(s);
		}
	});

	test('suppress=0: refused to a viewer (403) and an anonymous visitor (sign-in), given to an analyst marked not for publication', async () => {
		const path = `/export/explorer/age-gender.csv?${q({ borough: 'AC', wave: '2024', suppress: '0' })}`;
		expect((await call(server, path, { cookie: cookies.viewer })).status).toBe(403);
		const anon = await call(server, path);
		expect(anon.status).toBe(303);
		expect(anon.headers.get('location')).toMatch(/^\/login\?next=/);
		const res = await call(server, path, { cookie: cookies.analyst });
		expect(res.status).toBe(200);
		const { meta, rows } = parseCsv(await res.text(), ';');
		expect(meta.some((m) => m.startsWith('Non publiable'))).toBe(true);
		const row = rows.find((r) => r['Catégorie'] === '12–17 ans' && r['Série'] === 'Femmes+')!;
		expect(row['Estimation (%)']).toBe(percent4(pinnedPlus.estimate!, ','));
		expect(row['Fiabilité']).toMatch(/non publiable$/);
		// The chart never draws it, even for the analyst: it goes into presentations.
		const svg = await (await call(server, path.replace('.csv', '.svg'), { cookie: cookies.analyst })).text();
		expect(svg).toMatch(/<rect data-group="12-17" data-series="women\+"[^>]*fill="url\(#export-age-gender-hatch\)"/);
		expect(svg).toContain('Non publiable');
		// Nor does its PowerPoint chart.
		const pptx = await readPptx(await (await call(server, path.replace('.csv', '.pptx'), { cookie: cookies.analyst })).arrayBuffer());
		for (const s of [...secretsOf(pinned), ...secretsOf(pinnedPlus)]) expect(pptx.everything).not.toContain(s);
		expect(pptx.slideText.join(' ')).toContain('Non publiable');
	});
});

/** `number` in `text` as a whole number: no digit just before it, no digit or decimal part just after it. */
function hasNumber(text: string, number: string): boolean {
	for (let i = text.indexOf(number); i !== -1; i = text.indexOf(number, i + 1)) {
		const before = text[i - 1] ?? '', after = text.slice(i + number.length, i + number.length + 2);
		if (!/\d/.test(before) && !/^(\d|[.,]\d)/.test(after)) return true;
	}
	return false;
}

describe('disclosure across boroughs', () => {
	test.each(['anonymous', 'viewer'])('%s: no CSV or SVG of the explorer or the portrait carries any suppressed value of the analyst\'s API', async (who) => {
		const secrets = new Map<string, string>();
		for (const [indicator, by] of [['feel_safe_after_dark', 'borough,age_group,gender'], ['victim_any_12m', 'borough,age_group,gender'], ['feel_safe_after_dark', 'borough'], ['victim_context', 'borough,gender']]) {
			const res = await call(server, `/api/indicators/${indicator}?${q({ wave: '2024', by: by!, suppress: '0' })}`, { cookie: cookies.analyst! });
			for (const r of ((await res.json()) as { rows: ApiRow[] }).rows) {
				if (r.reliability !== 'suppressed' || r.estimate === null) continue;
				for (const v of [r.estimate, ...(r.ci ?? [])])
					for (const s of [percent4(v, ','), percent4(v, '.'), String(v)]) if (s.replace(/\D/g, '').length >= 5) secrets.set(s, `${indicator} ${JSON.stringify(r.domain)}`);
			}
		}
		expect(secrets.size).toBeGreaterThan(100);
		const cookie = who === 'anonymous' ? undefined : cookies[who];
		const urls = ['AC', 'MN', 'OM'].flatMap((b) => [
			...['feel_safe_after_dark', 'victim_any_12m'].flatMap((indicator) => ['age-gender', 'map', 'boroughs', 'trend'].flatMap((c) =>
				[`/export/explorer/${c}.csv?${q({ indicator, borough: b })}`, `/export/explorer/${c}.csv?${q({ indicator, borough: b, variant: 'en' })}`, `/export/explorer/${c}.svg?${q({ indicator, borough: b })}`])),
			...['all', 'youth', 'victim_context', 'perpetrator_gender'].flatMap((c) => [`/export/portrait/${c}.csv?borough=${b}`, `/export/portrait/${c}.svg?borough=${b}&lang=en`])
		]);
		const leaks: string[] = [];
		for (const url of urls) {
			const res = await call(server, url, { cookie });
			const body = await res.text();
			expect(res.status, url).toBe(200);
			for (const [s, where] of secrets) if (hasNumber(body, s)) leaks.push(`${url} carries ${s} (${where})`);
		}
		expect(leaks).toEqual([]);
	}, 120_000);

	test('hasNumber finds a number written whole, not the start of a longer one', () => {
		expect(hasNumber('a;17,981;b', '17,981')).toBe(true);
		expect(hasNumber('a;17,9812;b', '17,981')).toBe(false);
		expect(hasNumber('a,117.981,b', '17.981')).toBe(false);
		expect(hasNumber('17.981', '17.981')).toBe(true);
	});
});

describe('a private server', () => {
	let priv: TestServer;
	beforeAll(async () => {
		priv = await startTestServer({ users: [VIEWER, ...ALL_ROLES.filter((u) => u.role === 'admin')], public: false });
	}, 180_000);
	afterAll(async () => {
		await priv?.stop();
	});

	test('anonymous visitors are sent to sign in, as on the page; a viewer gets the file', async () => {
		const anon = await call(priv, '/export/portrait/all.csv?borough=AC');
		expect(anon.status).toBe(303);
		expect(anon.headers.get('location')).toBe(`/login?next=${encodeURIComponent('/export/portrait/all.csv?borough=AC')}`);
		const res = await call(priv, '/export/portrait/all.csv?borough=AC', { cookie: await signIn(priv, VIEWER) });
		expect(res.status).toBe(200);
		expect(await res.text()).toContain('Ahuntsic-Cartierville');
	});
});
