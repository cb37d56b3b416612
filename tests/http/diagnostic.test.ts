/**
 * Diagnostic indicators and map layers over HTTP, on the real server (`vigie serve`) after
 * analysts load files with the real command line: the synthetic SPVM incidents, Montreal's census
 * table and participatory-mapping points. Viewers see no suppressed value, no point that is not
 * in an aggregate of at least 5, and no free-text comment.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import Papa from 'papaparse';
import { startTestServer, type TestServer } from '../helpers/server';
import { runVigie } from '../helpers/cli';
import { ADMIN, ANALYST, signIn } from '../helpers/auth';

let server: TestServer;
const WAVE = '2021-01..2021-12';
const mappingCsv = () => {
	const lines = ['latitude,longitude,perception,category,comment,gender'];
	// Two clusters (40 points near 45.55, -73.60; 20 near 45.58, -73.57) and one lonely point.
	for (let i = 0; i < 60; i++) {
		const [lat0, lon0] = i < 40 ? [45.55, -73.6] : [45.58, -73.57];
		const lat = lat0 + (i % 6) * 0.0004, lon = lon0 + (i % 5) * 0.0004;
		lines.push(`${lat},${lon},${i % 4 === 0 ? 'safe' : 'unsafe'},lighting,${i === 3 ? 'secret comment' : ''},${i % 2 ? 'woman' : 'man'}`);
	}
	lines.push('45.52,-73.66,unsafe,lighting,lonely point,woman');
	return lines.join('\n') + '\n';
};

beforeAll(async () => {
	server = await startTestServer({ users: [ADMIN, ANALYST] });
	const vigie = (args: string[]) => runVigie(server.dbPath, args);
	for (const args of [
		['ingest', 'fixtures/montreal/spvm_synthetic.csv', '--kind', 'incidents'],
		['ingest', 'demo/population_2021_by_age.csv', '--kind', 'population', '--wave', '2021']
	]) {
		const r = await vigie(args);
		expect(r.code, r.stderr).toBe(0);
	}
	const mapping = join(dirname(server.dbPath), 'mapping.csv');
	writeFileSync(mapping, mappingCsv());
	const r = await vigie(['ingest', mapping, '--kind', 'mapping', '--wave', '2024']);
	expect(r.code, r.stderr).toBe(0);
});
afterAll(async () => {
	await server?.stop();
});

async function get<T>(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: T; text: string }> {
	const res = await fetch(server.url + path, { headers });
	const text = await res.text();
	let body: T;
	try {
		body = JSON.parse(text) as T;
	} catch {
		body = undefined as T;
	}
	return { status: res.status, body, text };
}

interface Row { domain: Record<string, string>; n: number | null; estimate: number | null; ci: [number, number] | null; population?: number | null;
	rate_ratio?: { estimate: number; ci: [number, number] } | null; reliability: string; flags: string[] }

describe('GET /api/indicators lists the diagnostic indicators with their source', () => {
	test('incident_count, incident_rate, audit and mapping indicators', async () => {
		const { body } = await get<{ indicators: { id: string; source: string; type: string }[] }>('/api/indicators');
		expect(body.indicators.find((i) => i.id === 'incident_rate')).toMatchObject({ source: 'incidents', type: 'rate' });
		expect(body.indicators.find((i) => i.id === 'mapping_unsafe_share')).toMatchObject({ source: 'mapping', type: 'proportion' });
		expect(body.indicators.find((i) => i.id === 'feel_safe_after_dark')).toMatchObject({ source: 'survey' });
	});
});

describe('GET /api/indicators/incident_rate', () => {
	test('by borough, category and month: the estimate shape, rates per 1,000 with Garwood intervals and rate ratios', async () => {
		const { status, body } = await get<{ indicator: string; wave: string; design: string; ci_method: string; level: number; geography: string; rows: Row[] }>(
			`/api/indicators/incident_rate?by=borough,category,month&wave=${WAVE}`);
		expect(status).toBe(200);
		expect(body).toMatchObject({ indicator: 'incident_rate', wave: WAVE, design: 'poisson', ci_method: 'garwood', level: 0.95, geography: 'montreal' });
		expect(body.rows).toHaveLength(34 * 6 * 12);
		const anjou = body.rows.filter((r) => r.domain.borough === 'Anjou' && r.n !== null && r.n > 0);
		expect(anjou.length).toBeGreaterThan(0);
		for (const r of anjou) {
			expect(r.population).toBe(43250);
			expect(r.estimate).toBeCloseTo((r.n! / 43250) * 1000, 12);
			expect(r.ci![0]).toBeLessThan(r.estimate!);
			expect(r.rate_ratio).not.toBeUndefined();
		}
	});

	test('filters, CSV, and errors in the reader’s language', async () => {
		const one = await get<{ rows: Row[] }>(`/api/indicators/incident_count?by=borough&borough=montreal%20nord&wave=${WAVE}`);
		expect(one.body.rows.map((r) => r.domain.borough)).toEqual(['Montréal-Nord']);
		const csv = await get<unknown>(`/api/indicators/incident_count.csv?by=borough&wave=${WAVE}`);
		const rows = Papa.parse<Record<string, string>>(csv.text.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true }).data;
		expect(rows).toHaveLength(34);
		const bad = await get<{ error: { code: string; message: string } }>('/api/indicators/incident_rate?by=district', { 'accept-language': 'fr' });
		expect(bad.status).toBe(400);
		const gender = await get<{ error: { code: string; message: string } }>(`/api/indicators/incident_rate?by=gender&wave=${WAVE}&lang=en`);
		expect(gender.status).toBe(400);
		expect(gender.body.error.code).toBe('variable_unavailable');
		const wave = await get<{ error: { code: string } }>('/api/indicators/incident_rate?wave=1999');
		expect(wave.status).toBe(404);
	});
});

describe('participatory mapping for viewers', () => {
	test('GET /api/layers/mapping: hexagons of at least 5 points, never a lone point or a comment', async () => {
		const { status, body, text } = await get<{ type: string; min_points: number; withheld_hexagons: number;
			features: { geometry: { type: string; coordinates: number[][][] }; properties: { points: number; unsafe: number } }[] }>('/api/layers/mapping?size=1000');
		expect(status).toBe(200);
		expect(body.type).toBe('FeatureCollection');
		expect(body.min_points).toBe(5);
		expect(body.features.length).toBeGreaterThan(0);
		for (const f of body.features) {
			expect(f.geometry.type).toBe('Polygon');
			expect(f.geometry.coordinates[0]).toHaveLength(7);
			expect(f.properties.points).toBeGreaterThanOrEqual(5);
		}
		// The lonely point's hexagon is withheld (and, were it the only one, a complement with it: see the unit tests).
		expect(body.withheld_hexagons).toBeGreaterThanOrEqual(1);
		expect(body.features.reduce((s, f) => s + f.properties.points, 0)).toBeLessThan(61);
		expect(body.features.map((f) => f.properties.points)).toContain(40);
		expect(text).not.toContain('secret comment');
		expect(text).not.toContain('lonely point');
	});

	test('GET /api/indicators/mapping_unsafe_share: areas under 5 points suppressed, no comment', async () => {
		const { body, text } = await get<{ rows: Row[] }>('/api/indicators/mapping_unsafe_share?by=borough');
		const shown = body.rows.filter((r) => r.estimate !== null);
		expect(shown.length).toBeGreaterThan(0);
		for (const r of shown) expect(r.n).toBeGreaterThanOrEqual(5);
		for (const r of body.rows.filter((x) => x.reliability === 'suppressed')) expect([r.n, r.estimate]).toEqual([null, null]);
		expect(text).not.toContain('secret comment');
		const unknown = await get<{ error: { code: string } }>('/api/layers/nope');
		expect(unknown.status).toBe(404);
		expect(unknown.body.error.code).toBe('unknown_layer');
	});
});

describe('map layers give nothing away by subtraction', () => {
	type Layer = { features: { properties: { q: number; r: number; points: number } }[] };
	const cells = async (query: string) => {
		const { status, body } = await get<Layer>(`/api/layers/incidents?wave=${WAVE}&size=1000${query}`);
		expect(status).toBe(200);
		return new Map(body.features.map((f) => [`${f.properties.q},${f.properties.r}`, f.properties.points]));
	};

	test('a hexagon\'s total minus its categories shown leaves at least two hidden categories, or nothing', async () => {
		const { body } = await get<{ rows: Row[] }>(`/api/indicators/incident_count?wave=${WAVE}&by=category`);
		const categories = body.rows.map((r) => r.domain.category!);
		expect(categories.length).toBeGreaterThan(2);
		const all = await cells('');
		expect(all.size).toBeGreaterThan(0);
		const alone = await Promise.all(categories.map((c) => cells(`&category=${encodeURIComponent(c)}`)));
		let shown = 0;
		for (const m of alone) for (const n of m.values()) {
			expect(n).toBeGreaterThanOrEqual(5);
			shown++;
		}
		expect(shown).toBeGreaterThan(0);
		for (const [hex, n] of all) {
			const known = alone.filter((m) => m.has(hex));
			const rest = n - known.reduce((sum, m) => sum + m.get(hex)!, 0);
			// The remainder is the pool of the categories not shown there: never one category's count.
			if (rest > 0) expect(categories.length - known.length, `hexagon ${hex}: ${rest} in one category`).toBeGreaterThanOrEqual(2);
		}
	});

	test('a category\'s withheld hexagons are every hexagon not shown for it; an empty category is every category', async () => {
		const layer = async (query: string) => (await get<Layer & { withheld_hexagons: number }>(`/api/layers/incidents?wave=${WAVE}&size=1000${query}`)).body;
		const all = await layer('');
		const grid = all.features.length + all.withheld_hexagons;
		const { body } = await get<{ rows: Row[] }>(`/api/indicators/incident_count?wave=${WAVE}&by=category`);
		for (const c of body.rows.map((r) => r.domain.category!)) {
			const one = await layer(`&category=${encodeURIComponent(c)}`);
			// Empty cells included: a count of hidden cells alone would tell how many are not empty.
			expect(one.withheld_hexagons, c).toBe(grid - one.features.length);
		}
		expect(await layer('&category=')).toStrictEqual(all);
	});

	test('a set of categories is refused: which hidden cells are not empty would show', async () => {
		const { body } = await get<{ rows: Row[] }>(`/api/indicators/incident_count?wave=${WAVE}&by=category`);
		const [a, b] = body.rows.map((r) => encodeURIComponent(r.domain.category!));
		const { status, body: refused } = await get<{ error: { code: string; message: string } }>(`/api/layers/incidents?wave=${WAVE}&size=1000&category=${a}&category=${b}`);
		expect(status).toBe(400);
		expect(refused.error.message).toContain('category');
	});

	test('viewers choose among three grid sizes; analysts any size', async () => {
		for (const size of [250, 500, 1000]) expect((await get(`/api/layers/mapping?size=${size}`)).status).toBe(200);
		const cookie = await signIn(server, ANALYST);
		expect((await get('/api/layers/mapping?size=251', { cookie })).status).toBe(200);
		const tooFine = await get<{ error: { message: string } }>('/api/layers/mapping?size=99', { cookie, 'accept-language': 'en' });
		expect(tooFine.status).toBe(400);
		expect(tooFine.body.error.message).toBe('Invalid parameter “size”: the size must be from 100 to 5,000 m.');
	});

	// Numbers grouped as the reader writes them: French puts a no-break space in "1 000".
	const spaced = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');
	test.each([
		['en', 'Invalid parameter “size”: the size must be one of 250, 500 or 1,000 m.'],
		['fr', 'Paramètre « size » invalide : la taille doit être l’une de 250, 500 ou 1 000 m.']
	])('a size viewers may not use is a 400 that names the allowed sizes in words (%s)', async (language, message) => {
		for (const size of ['251', '2000', 'abc']) {
			const { status, body, text } = await get<{ error: { code: string; message: string } }>(`/api/layers/incidents?wave=${WAVE}&size=${size}`, { 'accept-language': language });
			expect(status).toBe(400);
			expect(body.error.code).toBe('bad_parameter');
			expect(spaced(body.error.message)).toBe(message);
			expect(text).not.toMatch(/\bat [\w.<>]+ \(|\.ts:\d+|node_modules/);
		}
	});
});
