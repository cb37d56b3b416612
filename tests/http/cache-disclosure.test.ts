/**
 * The cache never gives a viewer an analyst's unsuppressed view: an analyst opens pages, their
 * data requests and an export with `suppress=0` first (so that their values are kept), then
 * anonymous visitors and a signed-in viewer ask for the same addresses, with and without
 * `suppress=0`: refused with it, and without it no suppressed value in any answer.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { ANALYST, VIEWER, ADMIN, call, signIn } from '../helpers/auth';
import { t } from '../../app/lib/i18n';

interface Row { domain: Record<string, string>; estimate: number | null; reliability: string }

let server: TestServer;
let analyst: string, viewer: string;
/** Full-precision digits of the suppressed estimates of Ahuntsic-Cartierville (AC) in 2024. */
const secrets: string[] = [];
const written = (v: number) => String(v).replace(/^(-?)0\./, '$1.');
const NOT_FOR_PUBLICATION = t('fr', 'reliability.not_for_publication');

const UNSUPPRESSED = [
	'/explorer?borough=AC&wave=2024&suppress=0',
	'/explorer/__data.json?borough=AC&wave=2024&suppress=0&x-sveltekit-invalidated=01',
	'/portrait/AC?wave=2024&suppress=0',
	'/portrait/AC/__data.json?wave=2024&suppress=0&x-sveltekit-invalidated=01',
	'/?wave=2024&suppress=0'
];
const EXPORT = '/export/explorer/age-gender.csv?borough=AC&wave=2024&suppress=0';
const withoutSuppress = (path: string) => path.replace(/[?&]suppress=0/, (m) => (m.startsWith('?') ? '?' : '')).replace('?&', '?');

beforeAll(async () => {
	server = await startTestServer({ users: [ADMIN, ANALYST, VIEWER], public: true });
	[analyst, viewer] = [await signIn(server, ANALYST), await signIn(server, VIEWER)];
	const res = await call(server, '/api/indicators/feel_safe_after_dark?wave=2024&by=borough,age_group,gender&suppress=0&categories=published', { cookie: analyst });
	expect(res.status).toBe(200);
	for (const r of ((await res.json()) as { rows: Row[] }).rows) {
		if (r.reliability === 'suppressed' && r.estimate !== null && r.domain.borough === 'Ahuntsic-Cartierville' && String(r.estimate).length >= 8) secrets.push(written(r.estimate));
	}
}, 120_000);
afterAll(async () => {
	await server?.stop();
});

const leaks = (body: string) => secrets.filter((s) => body.includes(s));

describe('an analyst\'s unsuppressed views, kept, never reach a viewer', () => {
	test('the analyst sees the suppressed values first (the test can fail)', async () => {
		expect(secrets.length).toBeGreaterThan(0);
		let seen = 0;
		for (const path of UNSUPPRESSED) {
			const res = await call(server, path, { cookie: analyst });
			expect(res.status, path).toBe(200);
			seen += leaks(await res.text()).length;
		}
		expect(seen).toBeGreaterThan(0);
		const csv = await call(server, EXPORT, { cookie: analyst });
		expect(csv.status).toBe(200);
		expect(await csv.text()).toContain(NOT_FOR_PUBLICATION);
	});

	test('then viewers asking the same addresses are refused, and the same pages without suppress=0 hide the values', async () => {
		for (const [who, cookie] of [['anonymous', 'vigie_lang=fr'], ['viewer', viewer]] as const) {
			for (const path of [...UNSUPPRESSED, EXPORT]) {
				const refused = await call(server, path, { cookie });
				const said = await refused.text();
				// A navigation's data request answers 200 with the refusal (a redirect to sign in, or the 403) inside.
				const refusal = refused.status !== 200 || /"type":"(redirect|error)"/.test(said);
				expect(refusal, `${who} ${path}: ${refused.status} ${said.slice(0, 200)}`).toBe(true);
				expect(leaks(said), `${who} ${path}`).toEqual([]);
				const open = await call(server, withoutSuppress(path), { cookie });
				expect(open.status, `${who} ${withoutSuppress(path)}`).toBe(200);
				const body = await open.text();
				expect(leaks(body), `${who} ${withoutSuppress(path)}`).toEqual([]);
				expect(body.includes(NOT_FOR_PUBLICATION), `${who} ${withoutSuppress(path)}`).toBe(false);
			}
		}
	});

	test('the analyst\'s own pages without suppress=0 hide the values too (suppression is part of every key)', async () => {
		for (const path of [...UNSUPPRESSED, EXPORT].map(withoutSuppress)) {
			const res = await call(server, path, { cookie: analyst });
			expect(res.status, path).toBe(200);
			expect(leaks(await res.text()), path).toEqual([]);
		}
	});
});
