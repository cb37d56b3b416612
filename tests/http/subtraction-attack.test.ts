/**
 * The subtraction attack played over HTTP, as an anonymous reader of a public dashboard would:
 * every table the API gives (the whole city, each variable, each cross of two, the full cross),
 * read once as JSON and once as CSV, then every published total minus its published parts. The
 * true values are an analyst's unsuppressed tables of the same categories. Nothing hidden may be
 * recovered, exactly or within half a percentage point (half a percent of the scale for means).
 */
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { ADMIN, ANALYST, call, signIn } from '../helpers/auth';
import { attackKey, subtractionAttack, type AttackRow } from '../helpers/subtraction-attack';

const BYS = ['', 'borough', 'age_group', 'gender', 'borough,age_group', 'borough,gender', 'age_group,gender', 'borough,age_group,gender'];
const CASES = [
	{ indicator: 'feel_safe_after_dark', margin: 0.005 },
	{ indicator: 'victim_sexual_12m', margin: 0.005 },
	{ indicator: 'trust_police_mean', margin: 0.05 },
	{ indicator: 'victim_context', margin: 0.005 }
];
const WAVE = '2024';

let server: TestServer;
let analyst = '';

beforeAll(async () => {
	server = await startTestServer({ users: [ADMIN, ANALYST], public: true });
	analyst = await signIn(server, ANALYST);
}, 180_000);
afterAll(() => server?.stop());

const q = (params: Record<string, string>) => new URLSearchParams(params).toString();

type Flagged = AttackRow & { flags: string[] };

async function json(path: string, cookie?: string): Promise<Flagged[]> {
	const res = await call(server, path, cookie ? { cookie } : {});
	expect(res.status, path).toBe(200);
	return ((await res.json()) as { rows: Flagged[] }).rows.map((r) => ({ domain: r.domain, n: r.n, weighted_n: r.weighted_n, estimate: r.estimate, flags: r.flags }));
}

/** The CSV read as a script would: domain columns by name, empty cells as missing. */
async function csv(path: string): Promise<AttackRow[]> {
	const res = await call(server, path);
	expect(res.status, path).toBe(200);
	const parsed = Papa.parse<Record<string, string>>((await res.text()).replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true });
	expect(parsed.errors).toEqual([]);
	const num = (s: string | undefined) => (s === undefined || s === '' ? null : Number(s));
	return parsed.data.map((r) => {
		const domain: Record<string, string> = {};
		for (const v of ['borough', 'age_group', 'gender', 'category']) if (r[v]) domain[v] = r[v]!;
		return { domain, n: num(r.n), weighted_n: num(r.weighted_n), estimate: num(r.estimate) };
	});
}

describe.each(CASES)('$indicator, wave 2024, as an anonymous reader', ({ indicator, margin }) => {
	test('the API in JSON and in CSV: every table, and nothing hidden comes back by subtraction', async () => {
		const truth = new Map<string, AttackRow>();
		const fromJson: Flagged[] = [], fromCsv: AttackRow[] = [];
		for (const by of BYS) {
			for (const r of await json(`/api/indicators/${indicator}?${q({ wave: WAVE, by, suppress: '0', categories: 'published' })}`, analyst)) truth.set(attackKey(r.domain), r);
			fromJson.push(...(await json(`/api/indicators/${indicator}?${q({ wave: WAVE, by })}`)));
			fromCsv.push(...(await csv(`/api/indicators/${indicator}.csv?${q({ wave: WAVE, by })}`)));
		}
		// The CSV holds the same table as the JSON.
		expect(fromCsv.map((r) => [attackKey(r.domain), r.estimate === null ? null : Number(r.estimate.toPrecision(12))]))
			.toEqual(fromJson.map((r) => [attackKey(r.domain), r.estimate === null ? null : Number(r.estimate.toPrecision(12))]));
		for (const rows of [fromJson, fromCsv]) expect(subtractionAttack(rows, truth, { margin })).toEqual([]);
		// The attack has something to work on: cells are hidden, others published.
		const hidden = fromJson.filter((r) => r.estimate === null && r.n !== 0).length;
		expect(hidden).toBeGreaterThan(0);
		expect(fromJson.length).toBeGreaterThan(hidden);
		// Control: the same tables with only the cells hidden for themselves (no complementary
		// suppression) give hidden values away, so the attack above could have found them.
		const primaryOnly = fromJson.map((r) => (r.flags.includes('complementary') ? { ...truth.get(attackKey(r.domain))! } : r));
		expect(subtractionAttack(primaryOnly, truth, { margin }).length).toBeGreaterThan(0);
	}, 180_000);
});
