/**
 * The ingestion report over HTTP: `POST /api/datasets` answers a file wider than the column limit,
 * a wrong code or a missing wave with 422 and the report in the API's own words (query
 * parameters, not command-line flags); the upload page, once its check has run in the worker,
 * does the same in the form's words and offers the assistant's draft; its live preview answers with the rows as they would be stored.
 * The real server.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { startTestServer, type TestServer } from '../helpers/server';
import { ADMIN, ANALYST, call, signIn } from '../helpers/auth';
import { csv, HEADER, row } from '../helpers/survey-csv';
import { checkedUploadPage } from '../helpers/upload-page';

let server: TestServer;
let cookie: string;

beforeAll(async () => {
	server = await startTestServer({ users: [ADMIN, ANALYST] });
	cookie = await signIn(server, ANALYST);
});
afterAll(async () => {
	await server?.stop();
});

const post = (query: string, body: string) =>
	call(server, `/api/datasets?kind=survey&${query}`, { cookie, body, headers: { 'content-type': 'text/csv', 'accept-language': 'en' } });

async function upload(body: string, name: string): Promise<string> {
	const res = await call(server, `/api/uploads?name=${encodeURIComponent(name)}`, { cookie, body, headers: { 'content-type': 'application/octet-stream' } });
	expect(res.status).toBe(201);
	return ((await res.json()) as { token: string }).token;
}

const wide = () => {
	const header = Array.from({ length: 5001 }, (_, i) => `q${i}`);
	return csv(header, [header.map(() => '1')]);
};

describe('POST /api/datasets', () => {
	test('a file wider than the column limit: 422 naming the limit, never a 500', async () => {
		const res = await post('wave=2091', wide());
		expect(res.status).toBe(422);
		const body = (await res.json()) as { errors: { code: string; line: number; message: string; params: { limit: number } }[] };
		expect(body.errors).toEqual([expect.objectContaining({ code: 'too_many_columns', line: 1, params: { limit: 5000 } })]);
		expect(body.errors[0]!.message).toContain('5000');
	});

	test('a code outside the catalog’s, on its line, with what was expected', async () => {
		const res = await post('wave=2092', csv(HEADER, [row(0, { wave: '2092' }), row(1, { wave: '2092', safe_after_dark: '5' })]));
		expect(res.status).toBe(422);
		const body = (await res.json()) as { errors: { code: string; line: number; column: string; value: string; advice: string }[] };
		expect(body.errors).toEqual([expect.objectContaining({ code: 'item_code_unknown', line: 3, column: 'safe_after_dark', value: '5' })]);
		expect(body.errors[0]!.advice).toContain('"missing": {"safe_after_dark": ["5"]}');
	});

	test('no wave: the API says to add wave= to the request, not a command-line flag', async () => {
		const noWave = HEADER.filter((h) => h !== 'wave');
		const res = await post('', csv(noWave, [0, 1].map((i) => row(i).filter((_, k) => HEADER[k] !== 'wave'))));
		const body = (await res.json()) as { errors: { code: string; message: string }[] };
		const m = body.errors.find((e) => e.code === 'wave_missing')!.message;
		expect(m).toContain('wave=…');
		expect(m).not.toContain('--wave');
	});
});

describe('the upload page', () => {
	test('a wide file: the check reports the limit (no 500)', async () => {
		const token = await upload(wide(), 'wide.csv');
		const page = await checkedUploadPage(server, token, cookie);
		expect(page.status).toBe(200);
		expect(await page.text()).toContain('plus de colonnes que la limite de 5000 par fichier');
	});

	test('a file without a mapping: the report in the form’s words, the draft in the form, and a live preview of the rows', async () => {
		const token = await upload(readFileSync('fixtures/ensu/ensu_2015q1_selected_informant_joined.csv', 'utf8'), 'ensu.csv');
		const html = await (await checkedUploadPage(server, token, cookie)).text();
		expect(html).toContain('Vigie n’a pas trouvé toutes les colonnes par leur nom');
		expect(html).toContain('Choisissez la colonne sous « Colonnes » ci-dessous.');
		expect(html).not.toContain('--suggest-mapping');
		expect(html).toMatch(/<option value="EDA" selected/);
		expect(html).toMatch(/<option value="FACTOR" selected/);
		expect(html).toContain('Le chargement demande une vérification sans erreur');

		const form = new URLSearchParams({ wave: '2015-03', role_age: 'EDA', role_borough: 'CD_NOMBRE', role_gender: 'SEX', role_weight: 'FACTOR',
			role_stratum: 'EDIS', role_psu: 'UPM_DIS', role_respondent_id: 'join:["UPM_DIS","V_SEL"]', geography: '(new)', new_geography: 'ensu-mx',
			gender_code_0: '1', gender_value_0: 'man', gender_code_1: '2', gender_value_1: 'woman', mapping: '' });
		const res = await call(server, `/upload/${token}/preview`, { cookie, body: form.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
		expect(res.status).toBe(200);
		const live = (await res.json()) as { ok: boolean; rows: { line: number; borough: string; gender: string; age_group: string; weight: number; respondent_id: string }[] };
		expect(live.ok).toBe(true);
		expect(live.rows[0]).toMatchObject({ line: 2, borough: 'Aguascalientes', gender: 'man', age_group: '45-64', weight: 14126, respondent_id: '00001-3' });
	});
});
