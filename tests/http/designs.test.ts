/**
 * A dataset whose mapping says `lonely_psu: fail`, loaded next to the demo survey, over the real
 * server: the API refuses its table with a 400 that names the stratum (never a 500), another
 * design still answers with notes on the columns it leaves out, the explorer of that wave answers
 * 400 with the reason and the overview leaves the indicators out.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestServer, type TestServer } from '../helpers/server';
import { runVigie } from '../helpers/cli';
import { DESIGN_DIR } from '../helpers/design-reference';

let server: TestServer;
const WAVE = '2031';

beforeAll(async () => {
	server = await startTestServer();
	const mapping = join(server.dbPath, '..', 'lonely.json');
	writeFileSync(mapping, JSON.stringify({ columns: { wave: { constant: WAVE } }, design: { lonely_psu: 'fail' } }));
	const r = await runVigie(server.dbPath, ['ingest', `${DESIGN_DIR}/public_lonely.csv`, '--kind', 'survey', '--mapping', mapping]);
	expect(r.code, r.stderr).toBe(0);
	const brr = join(server.dbPath, '..', 'brr.json');
	writeFileSync(brr, JSON.stringify({ columns: { wave: { constant: '2032' }, fpc: { constant: '100000' } }, replicates: { prefix: 'brr_', type: 'BRR', mse: false } }));
	const b = await runVigie(server.dbPath, ['ingest', `${DESIGN_DIR}/public_brr.csv`, '--kind', 'survey', '--mapping', brr]);
	expect(b.code, b.stderr).toBe(0);
});
afterAll(() => server?.stop());

const get = async (path: string) => {
	const res = await fetch(server.url + path, { headers: { 'accept-language': 'en' } });
	return { status: res.status, text: await res.text() };
};

describe('lonely_psu "fail" over HTTP', () => {
	test('GET /api/indicators/{id}: 400 with the stratum named, in JSON', async () => {
		const r = await get(`/api/indicators/feel_safe_after_dark?wave=${WAVE}&by=borough`);
		expect(r.status).toBe(400);
		const body = JSON.parse(r.text) as { error: { code: string; message: string; stratum: string } };
		expect(body.error.code).toBe('lonely_psu_fail');
		expect(body.error.message).toContain(`“${body.error.stratum}” has a single PSU`);
	});

	test('design=weights answers, and says the stratum and PSU columns are not used', async () => {
		const r = await get(`/api/indicators/feel_safe_after_dark?wave=${WAVE}&by=&design=weights`);
		expect(r.status).toBe(200);
		const body = JSON.parse(r.text) as { design: string; design_notes: { code: string; text: string }[] };
		expect(body.design).toBe('weights');
		expect(body.design_notes.map((n) => n.code)).toEqual(['strata_unused_weights', 'psu_unused_weights']);
		expect(body.design_notes[0]!.text).toBe('The stratum column is not used: this design uses the weights alone.');
	});

	test('the explorer of that wave answers 400 with the reason, not 500', async () => {
		const r = await get(`/explorer?wave=${WAVE}`);
		expect(r.status).toBe(400);
		expect(r.text).toContain('has a single PSU');
	});

	test.each(['/', '/overview'])('the overview %s of that wave still renders (it leaves the indicators out)', async (page) => {
		expect((await get(`${page}?wave=${WAVE}`)).status).toBe(200);
	});
});

describe('the design notes on the indicator page', () => {
	test('the explorer says which replicate convention was used and which mapped columns were left out, and why', async () => {
		const r = await get('/explorer?wave=2032');
		expect(r.status).toBe(200);
		expect(r.text).toContain('Replicate weights of type BRR, scale 0.041667, deviations from the mean of the replicates (mse = FALSE).');
		expect(r.text).toContain('The finite population correction is not used: the replicate weights carry the design');
		expect(r.text).toContain('The stratum column is not used: the replicate weights carry the design.');
	});
});
