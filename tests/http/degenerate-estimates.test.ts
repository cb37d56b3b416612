/**
 * Estimates at the edge of what a design allows never end a page or an export in a 500: a wave
 * whose every stratum has a single PSU (variances of 0, no degrees of freedom, intervals that
 * cannot be computed) and a wave whose replicate weights are 0 for every respondent of a borough
 * (replicate estimates 0/0). Every page and every chart export, for a share, a mean and a
 * the portrait's distributions, suppressed and (for the analyst) unsuppressed. The real server.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestServer, type TestServer } from '../helpers/server';
import { ADMIN, ANALYST, call, signIn } from '../helpers/auth';
import { runVigie } from '../helpers/cli';
import { csv, DATA, HEADER } from '../helpers/survey-csv';

let server: TestServer;
let cookie: string;

/** The reference file as another wave, each row changed by `patch` (cells by header). */
function wave(name: string, patch: (cells: Record<string, string>) => void, drop: (h: string) => boolean = () => false): string {
	const keep = HEADER.filter((h) => !drop(h));
	return csv(keep, DATA.map((r) => {
		const cells = Object.fromEntries(HEADER.map((h, i) => [h, r[i]!]));
		cells.wave = name;
		patch(cells);
		return keep.map((h) => cells[h]!);
	}));
}

beforeAll(async () => {
	server = await startTestServer({ users: [ADMIN, ANALYST] });
	cookie = await signIn(server, ANALYST);
	const dir = join(server.dbPath, '..');
	// Every borough one PSU, no replicate weights: the design cannot estimate a variance.
	const lonely = join(dir, 'lonely.csv');
	writeFileSync(lonely, wave('2032', (c) => (c.psu = '1'), (h) => h.startsWith('bw_')));
	// Verdun out of every replicate.
	const zero = join(dir, 'zero.csv');
	writeFileSync(zero, wave('2033', (c) => {
		if (c.borough === 'Verdun') for (const h of HEADER) if (h.startsWith('bw_')) c[h] = '0';
	}));
	for (const f of [lonely, zero]) {
		const r = await runVigie(server.dbPath, ['ingest', f, '--kind', 'survey']);
		expect(r.code, r.stderr).toBe(0);
	}
}, 120_000);
afterAll(async () => {
	await server?.stop();
});

const INDICATORS = ['feel_safe_after_dark', 'trust_police_mean'];
const WAVES = ['2032', '2033'];

describe('degenerate designs', () => {
	test('the API answers every breakdown with finite numbers or nulls', async () => {
		for (const w of WAVES)
			for (const id of INDICATORS)
				for (const design of ['auto', 'strata_psu', 'weights']) {
					// Another design than the wave's own is for analysts' unsuppressed tables.
					const res = await call(server, `/api/indicators/${id}?wave=${w}&by=borough,gender&design=${design}&suppress=0`, { cookie });
					const text = await res.text();
					expect(res.status, `${id} ${w} ${design}: ${text.slice(0, 200)}`).toBe(200);
					expect(text).not.toMatch(/NaN|Infinity/);
				}
	}, 120_000);

	test('no page ends in a 500', async () => {
		expect((await call(server, '/map', { cookie })).status).toBe(200);
		for (const w of WAVES) {
			const urls = [`/?wave=${w}`, `/portrait/VD?wave=${w}`, `/portrait/VD?wave=${w}&suppress=0`];
			// The explorer shows shares and means; distributions are in the portraits.
			for (const id of INDICATORS)
				for (const where of ['', '&borough=VD']) urls.push(`/explorer?indicator=${id}&wave=${w}${where}`, `/explorer?indicator=${id}&wave=${w}${where}&suppress=0`);
			for (const url of urls) expect((await call(server, url, { cookie })).status, url).toBe(200);
		}
	}, 240_000);

	test('no chart export ends in a 500, and no SVG carries NaN', async () => {
		const charts: [string, string, string[]][] = [
			['explorer', 'borough=VD', ['map', 'age-gender', 'boroughs', 'trend']],
			['portrait', 'borough=VD', ['all', 'youth', 'victim_context']]
		];
		for (const w of WAVES)
			for (const id of INDICATORS)
				for (const [view, query, ids] of charts)
					for (const chart of ids)
						for (const format of ['csv', 'svg', 'png', 'pptx']) {
							const url = `/export/${view}/${chart}.${format}?${query}&indicator=${id}&wave=${w}&suppress=0`;
							const res = await call(server, url, { cookie });
							expect(res.status, `${url}: ${(await res.clone().text()).slice(0, 200)}`).toBe(200);
							if (format === 'svg' && res.status === 200) expect(await res.text(), url).not.toMatch(/NaN|Infinity/);
						}
	}, 600_000);
});
