/**
 * Disclosure is security: no response to an anonymous visitor, a viewer
 * or an admin carries a suppressed value. The suppressed values are what the analyst's API gives
 * with `suppress=0` (checked against `vigie estimate --no-suppress`); every page, data request
 * and API answer those three receive is scanned for them, written as JSON, CSV and the page's
 * data write them. Pages are also checked for formatted values in suppressed cells.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { runVigie } from '../helpers/cli';
import { ALL_ROLES, call, signIn } from '../helpers/auth';

interface Row {
	domain: Record<string, string>;
	estimate: number | null;
	se: number | null;
	ci: [number, number] | null;
	n_eff: number | null;
	reliability: string;
	flags: string[];
}

const INDICATORS = ['feel_safe_after_dark', 'trust_police_mean', 'victim_any_12m', 'victim_context'];
const WAVES = ['2023', '2024'];
const BYS = ['borough,age_group,gender', 'borough', 'age_group,gender', 'borough,gender', ''];
/** A cell the demo data suppresses (n = 79, interval too wide): `vigie estimate --no-suppress` shows its value. */
const PINNED = { indicator: 'feel_safe_after_dark', wave: '2024', domain: { borough: 'Ahuntsic-Cartierville', age_group: '12-17', gender: 'woman' } };

let server: TestServer;
const cookies: Record<string, string> = {};
/** Full-precision strings of suppressed estimates, standard errors, interval bounds and effective n. */
const secrets = new Map<string, string>();
const boroughsWithSuppressed = new Set<string>();

const q = (params: Record<string, string>) => new URLSearchParams(params).toString();
/**
 * A number as every writer writes it, as a substring: JSON and CSV write 0.617…, the page's data
 * (devalue) .617…; the digits from the point on are in both.
 */
const written = (v: number) => String(v).replace(/^(-?)0\./, '$1.');

beforeAll(async () => {
	server = await startTestServer({ users: ALL_ROLES, public: true });
	for (const u of ALL_ROLES) cookies[u.role] = await signIn(server, u);
	for (const indicator of INDICATORS) {
		for (const wave of WAVES) {
			for (const by of BYS) {
				// Both the survey's own categories and the published ones (Women+ and Men+), hidden values shown.
				const rows: Row[] = [];
				for (const categories of ['survey', 'published']) {
					const res = await call(server, `/api/indicators/${indicator}?${q({ wave, by, suppress: '0', categories })}`, { cookie: cookies.analyst! });
					expect(res.status).toBe(200);
					rows.push(...((await res.json()) as { rows: Row[] }).rows);
				}
				for (const r of rows) {
					if (r.reliability !== 'suppressed' || r.estimate === null) continue;
					if (r.domain.borough && by.includes('age_group')) boroughsWithSuppressed.add(r.domain.borough);
					// With no variance (an estimate of 0 or 1), the interval and the effective n are functions
					// of n and the degrees of freedom alone: any published cell with the same n and df has
					// them too, so finding them says nothing about this cell. Its estimate stays a secret.
					const derived = r.flags.includes('variance_zero') ? [] : [r.se, r.ci?.[0], r.ci?.[1], r.n_eff];
					for (const v of [r.estimate, ...derived]) {
						// Values with few digits (0, 1, 0.5) could appear for other reasons; the others cannot.
						if (typeof v === 'number' && String(v).replace(/^-?0?\.?0*/, '').length >= 6)
							secrets.set(written(v), `${indicator} ${wave} by ${by || '(none)'}: ${JSON.stringify(r.domain)}`);
					}
				}
			}
		}
	}
}, 240_000);

afterAll(async () => {
	await server?.stop();
});

/** The addresses a reader can ask for: pages (several boroughs, languages), data requests, the API in JSON and CSV. */
function readerUrls(): string[] {
	const boroughCodes = ['AC', 'MN', 'VE', 'OU', 'AJ', 'SL'];
	const pages = [
		'/', '/?lang=en', '/?wave=2023', '/explorer?indicator=trust_police_mean', '/explorer?indicator=victim_any_12m&wave=2023',
		...boroughCodes.map((b) => `/explorer?borough=${b}`),
		`/explorer?borough=MN&indicator=trust_police_mean&wave=2023`,
		`/__data.json?borough=AC&x-sveltekit-invalidated=01`,
		`/__data.json?borough=MN&indicator=victim_any_12m&x-sveltekit-invalidated=01`,
		...['MN', 'AC', 'VD', 'OM', 'LR', 'IS'].map((b) => `/portrait/${b}`), '/portrait/MN?wave=2023&lang=en', '/portrait/AC/__data.json?x-sveltekit-invalidated=01',
		// The first screens: key findings for the city and for boroughs, the portraits' index, the comparison and its exports, the coarser tables.
		...boroughCodes.map((b) => `/?borough=${b}`), '/?borough=IS&wave=2023&lang=en', '/__data.json?borough=OM&x-sveltekit-invalidated=01',
		'/portrait', '/portrait?lang=en&wave=2023', '/portrait/__data.json?x-sveltekit-invalidated=01',
		'/compare', '/compare?a=IS&b=OM', '/compare?a=AJ&b=city&wave=2023&lang=en', '/compare/__data.json?a=OM&b=IS&x-sveltekit-invalidated=01',
		...['side-shares', 'side-means', 'shares-a', 'shares-b', 'means-a'].map((c) => `/export/compare/${c}.csv?a=IS&b=OM`),
		'/export/compare/side-shares.csv?a=AJ&b=city&wave=2023&variant=en', '/export/compare/shares-b.svg?a=IS&b=OM',
		'/explorer/__data.json?borough=IS&x-sveltekit-invalidated=01', '/explorer/__data.json?borough=OM&indicator=victim_any_12m&x-sveltekit-invalidated=01',
		'/portrait/IS/__data.json?x-sveltekit-invalidated=01', '/portrait/OM?lang=en'
	];
	const api: string[] = [];
	for (const indicator of INDICATORS) {
		for (const by of BYS) api.push(`/api/indicators/${indicator}?${q({ wave: '2024', by, compare: by.includes('borough') ? 'rest,previous_wave' : 'previous_wave' })}`);
		api.push(`/api/indicators/${indicator}.csv?${q({ wave: '2023', by: 'borough,age_group,gender' })}`);
		api.push(`/api/indicators/${indicator}.csv?${q({ wave: '2024', by: 'borough', compare: 'rest,previous_wave' })}`);
	}
	// Asking for suppressed values is refused; the refusal must not carry them either.
	api.push('/api/indicators/feel_safe_after_dark?suppress=0', '/api/indicators/feel_safe_after_dark.csv?suppress=false&by=borough,age_group,gender');
	return [...pages, '/explorer?suppress=0&borough=AC', ...api, '/api/indicators', '/api/datasets', '/api/areas', '/login', '/account', '/admin/audit', '/admin/users'];
}

describe('the suppressed values to look for', () => {
	test('there are many, and the analyst API agrees with `vigie estimate --no-suppress` on the pinned cell', async () => {
		expect(secrets.size).toBeGreaterThan(200);
		expect(boroughsWithSuppressed.size).toBeGreaterThan(5);
		const cli = await runVigie(server.dbPath, ['estimate', '--indicator', PINNED.indicator, '--wave', PINNED.wave, '--by', 'borough,age_group,gender', '--no-suppress', '--format', 'json']);
		expect(cli.code, cli.stderr).toBe(0);
		const row = (JSON.parse(cli.stdout) as { rows: Row[] }).rows.find((r) => JSON.stringify(r.domain) === JSON.stringify(PINNED.domain))!;
		expect(row.reliability).toBe('suppressed');
		expect(row.estimate).not.toBeNull();
		expect(secrets.has(written(row.estimate!))).toBe(true);
		expect(secrets.has(written(row.se!))).toBe(true);
	}, 60_000);

	test('positive control: the analyst who asks for them gets them, marked not for publication', async () => {
		const api = await call(server, `/api/indicators/feel_safe_after_dark?${q({ wave: '2024', suppress: '0' })}`, { cookie: cookies.analyst! });
		const text = await api.text();
		expect((JSON.parse(text) as { not_for_publication?: boolean }).not_for_publication).toBe(true);
		expect([...secrets.keys()].some((s) => text.includes(s))).toBe(true);
		const csv = await (await call(server, `/api/indicators/feel_safe_after_dark.csv?${q({ wave: '2024', suppress: '0' })}`, { cookie: cookies.analyst! })).text();
		expect(csv.split('\r\n')[0]).toMatch(/,publication$/);
		expect(csv).toContain('not_for_publication');
		const page = await (await call(server, '/explorer?borough=AC&suppress=0', { cookie: cookies.analyst! })).text();
		expect([...secrets.keys()].some((s) => page.includes(s))).toBe(true);
		expect(page).toContain('data-testid="not-for-publication"');
		expect(page).toMatch(/non publiable/);
	});
});

describe.each(['anonymous', 'viewer', 'admin'])('as %s', (who) => {
	test('no response carries a suppressed value', async () => {
		const leaks: string[] = [];
		let scanned = 0;
		for (const url of readerUrls()) {
			const res = await call(server, url, who === 'anonymous' ? {} : { cookie: cookies[who]! });
			const body = await res.text();
			expect(res.status, `${url}: ${body.slice(0, 200)}`).toBeLessThan(500);
			scanned += body.length;
			for (const [value, where] of secrets) if (body.includes(value)) leaks.push(`${url} carries ${value} (${where})`);
		}
		expect(leaks).toEqual([]);
		expect(scanned).toBeGreaterThan(1_000_000);
	}, 240_000);

	test('pages show no number in a suppressed cell: the table has a dash, the bar\'s hover text no value', async () => {
		let suppressed = 0, stubs = 0;
		for (const code of ['AC', 'MN', 'VE', 'OU']) {
			const html = await (await call(server, `/explorer?borough=${code}`, who === 'anonymous' ? {} : { cookie: cookies[who]! })).text();
			const rows = [...html.matchAll(/<tr data-age-group="[^"]+" data-gender="[^"]+" data-status="suppressed">([\s\S]*?)<\/tr>/g)];
			suppressed += rows.length;
			for (const [, row] of rows) {
				const cells = [...row!.matchAll(/<td class="num[^"]*">([^<]*)<\/td>/g)].map((m) => m[1]);
				expect(cells.slice(0, 2), code).toEqual(['—', '—']);
			}
			for (const [, title] of html.matchAll(/<rect class="stub suppressed[^>]*><title>([^<]*)<\/title>/g)) {
				stubs++;
				expect(title!.replace(/n = [\d\s\u00a0\u202f]+$/, ''), code).not.toMatch(/\d[,.]\d/);
			}
		}
		expect(suppressed).toBeGreaterThan(5);
		// The bars are drawn twice, for a desktop and for a phone: a stub in each for each hidden cell.
		expect(stubs).toBe(2 * suppressed);
	}, 60_000);
});
