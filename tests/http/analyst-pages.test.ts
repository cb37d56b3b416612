/**
 * The analysts' catalog and reliability-rules pages and the default-language setting,
 * on the real server: what the pages show in each language, the form actions as a browser posts
 * them, refusals in the reader's language that change nothing, the audit log, and changes seen
 * on the next page view.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { ADMIN, ALL_ROLES, ANALYST, VIEWER, call, signIn } from '../helpers/auth';

let server: TestServer;
const cookies = {} as Record<'viewer' | 'analyst' | 'admin', string>;

beforeAll(async () => {
	server = await startTestServer({ users: ALL_ROLES });
	for (const u of ALL_ROLES) cookies[u.role] = await signIn(server, u);
}, 120_000);
afterAll(async () => {
	await server?.stop();
});

const NBSP = '\u00a0';
const bilingual = (en: string, fr: string) => ({ en, fr });
const definition = (id: string, item: string, extra: Record<string, unknown> = {}) => ({
	id,
	type: 'proportion',
	recode: { kind: 'codes', item, success: ['1'], valid: ['0', '1'], ...extra },
	label: bilingual(`Label of ${id}`, `Libellé de ${id}`),
	description: bilingual('A test indicator.', 'Un indicateur de test.'),
	unit: 'percent'
});

/** The database the server writes, read on the side (the audit log, the stored settings). */
function query<T>(sql: string, ...params: unknown[]): T[] {
	const db = new Database(server.dbPath, { readonly: true });
	try {
		return db.prepare(sql).all(...params) as T[];
	} finally {
		db.close();
	}
}
const auditOf = (action: string) => query<{ actor: string; details: string }>('SELECT actor, details FROM audit_log WHERE action = ? ORDER BY id', action)
	.map((r) => ({ actor: r.actor, details: JSON.parse(r.details) as Record<string, unknown> }));
const indicatorIds = async () =>
	((await (await call(server, '/api/indicators', { cookie: cookies.viewer })).json()) as { indicators: { id: string }[] }).indicators.map((i) => i.id);
const page = async (path: string, who: keyof typeof cookies = 'analyst') => {
	const res = await call(server, path, { cookie: cookies[who] });
	// Each response has its own CSP nonce.
	return { status: res.status, html: (await res.text()).replace(/nonce="[^"]*"/g, 'nonce') };
};

describe('the catalog page', () => {
	test('lists every indicator in the reader’s language with its type, definition, items, standard and the waves that can compute it', async () => {
		const fr = await page('/catalog?lang=fr');
		expect(fr.status).toBe(200);
		expect(fr.html).toContain('Catalogue des indicateurs');
		expect(fr.html).toContain('Se sentent en sécurité seuls le soir');
		expect(fr.html).toContain('SDG 16.1.4');
		expect(fr.html).toContain('<code>safe_after_dark</code>');
		expect(fr.html).toContain(`Compte les répondants dont «${NBSP}safe_after_dark${NBSP}» vaut 1 ou 2, parmi ceux qui ont répondu 1, 2, 3 ou 4`);
		expect(fr.html).toContain(`2024${NBSP}: oui`);
		expect(fr.html).toMatch(/Parmi les répondants comptés dans «\u00a0[^»]+\u00a0» \(victim_any_12m\)/);
		expect(fr.html).toContain('Incidents pour 1');
		const en = await page('/catalog?lang=en');
		expect(en.html).toContain('Indicator catalog');
		expect(en.html).toContain('Feel safe walking alone after dark');
		expect(en.html).toContain('2024: yes');
		// Each default indicator is there, in both languages' pages, none removable.
		for (const id of await indicatorIds()) expect(en.html).toContain(`<code>${id}</code>`);
		expect(en.html).not.toContain('?remove=');
	});

	test('viewers and admins may not open it or post to it', async () => {
		expect((await page('/catalog', 'viewer')).status).toBe(403);
		expect((await page('/catalog', 'admin')).status).toBe(403);
		const post = await call(server, '/catalog?/add', { cookie: cookies.viewer, form: { definition: JSON.stringify(definition('by_viewer', 'belonging')) } });
		expect(post.status).toBe(403);
		expect(await indicatorIds()).not.toContain('by_viewer');
	});

	describe('adding: problems shown in the reader’s language, nothing stored', () => {
		test.each([
			['not JSON, in French', 'fr', '{ id: nope', 'Ce n’est pas du JSON valide'],
			['not JSON, in English', 'en', '{ id: nope', 'This is not valid JSON'],
			['empty', 'en', '   ', 'Paste a definition or choose a file.'],
			['no label, in English (the field named)', 'en', JSON.stringify({ ...definition('no_label', 'belonging'), label: undefined }), 'label: Invalid input'],
			['no label, in French', 'fr', JSON.stringify({ ...definition('no_label', 'belonging'), label: undefined }), 'label'],
			['a bad id, in French', 'fr', JSON.stringify(definition('Bad Id', 'belonging')), 'un identifiant s’écrit en minuscules, chiffres et _'],
			['a default id, in French', 'fr', JSON.stringify(definition('feel_safe_after_dark', 'belonging')), `feel_safe_after_dark${NBSP}: cet identifiant appartient au catalogue par défaut`],
			['a universe that does not exist, in English', 'en', JSON.stringify(definition('among_ghosts', 'belonging', { universe: 'ghosts' })), 'among_ghosts: universe ghosts is not an indicator of the catalog']
		])('%s', async (_name, lang, text, problem) => {
			const auditBefore = auditOf('catalog_add').length;
			const idsBefore = await indicatorIds();
			const res = await call(server, `/catalog?/add&lang=${lang}`, { cookie: cookies.analyst, form: { definition: text } });
			expect(res.status).toBe(400);
			const html = await res.text();
			expect(html).toContain(problem.replace(/&/g, '&amp;'));
			if (lang === 'fr' && problem === 'label') expect(html).toMatch(/label\u00a0: Entrée invalide/);
			expect(await indicatorIds()).toEqual(idsBefore);
			expect(auditOf('catalog_add').length).toBe(auditBefore);
		});
	});

	test('pasted JSON is added (audited, listed, computed by the API); a wave lacking its item is named', async () => {
		const ok = await call(server, '/catalog?/add&lang=en', { cookie: cookies.analyst, form: { definition: JSON.stringify(definition('strong_belonging_yes', 'belonging', { success: ['1'], valid: ['1', '2', '3', '4'] })) } });
		expect(ok.status).toBe(200);
		expect(await ok.text()).toContain('Added: strong_belonging_yes.');
		expect(await indicatorIds()).toContain('strong_belonging_yes');
		expect(auditOf('catalog_add').at(-1)).toEqual({ actor: ANALYST.email, details: { indicators: ['strong_belonging_yes'] } });
		const api = await call(server, '/api/indicators/strong_belonging_yes?wave=2024', { cookie: cookies.viewer });
		expect(api.status).toBe(200);

		const missing = await call(server, '/catalog?/add', { cookie: cookies.analyst, form: { definition: JSON.stringify(definition('fear_of_crime', 'fear_of_crime_item')) } });
		expect(missing.status).toBe(200);
		const listed = await page('/catalog?lang=en');
		expect(listed.html).toContain('2024: no, the wave lacks fear_of_crime_item');
		expect(listed.html).toContain('added by analyst@vigie.test');
		expect(listed.html).toContain('href="?remove=fear_of_crime#confirm-remove"');
	});

	test('a .json file is added (multipart form, as the page sends it)', async () => {
		const form = new FormData();
		form.set('definition', '');
		form.set('file', new File([JSON.stringify({ indicators: [definition('from_file_a', 'belonging', { valid: ['1', '2', '3', '4'] })] })], 'a.json', { type: 'application/json' }));
		const res = await fetch(`${server.url}/catalog?/add&lang=fr`, { method: 'POST', body: form, headers: { cookie: cookies.analyst, origin: server.url, accept: 'text/html' }, redirect: 'manual' });
		expect(res.status).toBe(200);
		expect(await res.text()).toContain(`Ajouté${NBSP}: from_file_a.`);
		expect(await indicatorIds()).toContain('from_file_a');
	});

	test('removing: asked for confirmation; refused with the reason while another uses it as universe; then removed and audited', async () => {
		expect((await call(server, '/catalog?/add', { cookie: cookies.analyst, form: { definition: JSON.stringify({ indicators: [
			definition('base_one', 'belonging', { valid: ['1', '2', '3', '4'] }),
			definition('within_base', 'reported_to_police', { universe: 'base_one' })
		] }) } })).status).toBe(200);
		const confirm = await page('/catalog?remove=base_one&lang=en');
		expect(confirm.html).toContain('Remove “Label of base_one”?');
		// A default indicator is never offered for removal, even by its address.
		expect((await page('/catalog?remove=feel_safe_after_dark&lang=en')).html).not.toContain('id="confirm-remove"');

		const unconfirmed = await call(server, '/catalog?/remove&lang=en', { cookie: cookies.analyst, form: { id: 'within_base' } });
		expect(unconfirmed.status).toBe(400);
		expect(await unconfirmed.text()).toContain('Confirm the removal first.');
		const refused = await call(server, '/catalog?/remove&lang=fr', { cookie: cookies.analyst, form: { id: 'base_one', confirm: 'on' } });
		expect(refused.status).toBe(400);
		expect(await refused.text()).toContain('base_one est l’univers de within_base');
		const defaultOne = await call(server, '/catalog?/remove&lang=en', { cookie: cookies.analyst, form: { id: 'trust_police_mean', confirm: 'on' } });
		expect(defaultOne.status).toBe(400);
		expect(await defaultOne.text()).toContain('trust_police_mean: the default indicators cannot be removed');
		expect(await indicatorIds()).toEqual(expect.arrayContaining(['base_one', 'within_base', 'trust_police_mean']));
		expect(auditOf('catalog_remove')).toEqual([]);

		for (const id of ['within_base', 'base_one']) {
			const res = await call(server, '/catalog?/remove&lang=en', { cookie: cookies.analyst, form: { id, confirm: 'on' } });
			expect(res.status).toBe(200);
			expect(await res.text()).toContain(`Indicator ${id} removed.`);
		}
		expect(await indicatorIds()).not.toContain('base_one');
		expect(auditOf('catalog_remove').map((a) => a.details)).toEqual([{ indicators: ['within_base'] }, { indicators: ['base_one'] }]);
	});
});

describe('the reliability rules page', () => {
	const storedRules = () => query<{ value: string }>(`SELECT value FROM settings WHERE key = 'reliability'`).map((r) => JSON.parse(r.value));

	test('each rule with its value, default and meaning, in both languages; analysts only', async () => {
		const fr = await page('/settings?lang=fr');
		expect(fr.status).toBe(200);
		expect(fr.html).toContain('Règles de fiabilité et de diffusion');
		expect(fr.html).toContain('Nombre minimal de répondants (n)');
		expect(fr.html).toContain(`Par défaut${NBSP}: 0,333`);
		expect(fr.html).toMatch(/name="proportion\.maxCiWidth"[^>]*value="0,3"|value="0,3"[^>]*name="proportion\.maxCiWidth"/);
		const en = await page('/settings?lang=en');
		expect(en.html).toContain('Minimum effective sample size');
		expect(en.html).toContain('Default: 0.166');
		for (const who of ['viewer', 'admin'] as const) expect((await page('/settings', who)).status).toBe(403);
		expect((await call(server, '/settings', { cookie: cookies.admin, form: { 'proportion.minN': '50' } })).status).toBe(403);
	});

	test.each([
		['not a number, in French', 'fr', { 'proportion.minN': 'trente' }, `«${NBSP}trente${NBSP}» n’est pas un nombre.`],
		['a negative count, in English', 'en', { 'proportion.minN': '-1' }, 'Too small: expected number to be >=0'],
		['a share above 1, in French', 'fr', { 'proportion.maxCiWidth': '1,5' }, 'Trop grand'],
		['a flag CV above the suppression CV, in English', 'en', { 'mean.flagCv': '0.5' }, 'must not exceed the CV above which a mean is suppressed'],
		['a count that is not whole, in French', 'fr', { 'count.minCount': '2,5' }, 'entier']
	])('refused: %s; nothing stored or audited', async (_name, lang, form, problem) => {
		const before = storedRules();
		const audits = auditOf('settings_change').length;
		const res = await call(server, `/settings?lang=${lang}`, { cookie: cookies.analyst, form });
		expect(res.status).toBe(400);
		const html = await res.text();
		expect(html).toContain(problem);
		expect(html).toContain('aria-invalid="true"');
		expect(storedRules()).toEqual(before);
		expect(auditOf('settings_change').length).toBe(audits);
	});

	test('a change is stored, audited, and the next page view applies it; a French decimal comma is read', async () => {
		const api = async () => ((await (await call(server, '/api/indicators/feel_safe_after_dark?wave=2024&by=borough', { cookie: cookies.viewer })).json()) as { rows: { estimate: number | null }[] }).rows;
		const home = () => page('/explorer?indicator=feel_safe_after_dark&wave=2024&lang=en', 'viewer');
		const before = await home();
		expect((await api()).some((r) => r.estimate !== null)).toBe(true);

		const res = await call(server, '/settings?lang=fr', { cookie: cookies.analyst, form: { 'proportion.minN': '100000', 'proportion.maxCiWidth': '0,35' } });
		expect(res.status).toBe(200);
		expect(await res.text()).toContain(`Enregistré${NBSP}: proportion.minN, proportion.maxCiWidth.`);
		expect(storedRules()[0].proportion).toMatchObject({ minN: 100000, maxCiWidth: 0.35 });
		expect(auditOf('settings_change').slice(-2)).toEqual([
			{ actor: ANALYST.email, details: { setting: 'reliability.proportion.minN', from: 30, to: 100000 } },
			{ actor: ANALYST.email, details: { setting: 'reliability.proportion.maxCiWidth', from: 0.3, to: 0.35 } }
		]);
		// Every borough now has fewer respondents than the minimum: suppressed for viewers, on the next view.
		expect((await api()).every((r) => r.estimate === null)).toBe(true);
		const after = await home();
		expect(after.html).not.toEqual(before.html);
		const marks = (html: string) => html.split('Suppressed').length;
		expect(marks(after.html)).toBeGreaterThan(marks(before.html));

		// Back to the defaults; nothing changed when nothing differs.
		expect((await call(server, '/settings', { cookie: cookies.analyst, form: { 'proportion.minN': '30', 'proportion.maxCiWidth': '0.3' } })).status).toBe(200);
		expect((await home()).html).toEqual(before.html);
		const same = await call(server, '/settings?lang=en', { cookie: cookies.analyst, form: { 'proportion.minN': '30' } });
		expect(await same.text()).toContain('Nothing changed.');
	});
});

describe('the default language', () => {
	const langOf = async (path: string, headers: Record<string, string> = {}) => /<html lang="(\w+)"/.exec(await (await call(server, path, { headers })).text())?.[1];

	test('French until an admin chooses English; then ?lang=, the remembered choice and the browser still come first', async () => {
		expect(await langOf('/')).toBe('fr');
		const bad = await call(server, '/admin/settings?lang=en', { cookie: cookies.admin, form: { lang: 'de' } });
		expect(bad.status).toBe(400);
		expect(await bad.text()).toContain('Choose French or English.');
		expect(await langOf('/')).toBe('fr');

		expect((await call(server, '/admin/settings', { cookie: cookies.admin, form: { lang: 'en' } })).status).toBe(200);
		expect(auditOf('settings_change').at(-1)).toEqual({ actor: ADMIN.email, details: { setting: 'locale.default', from: 'fr', to: 'en' } });
		expect(await langOf('/')).toBe('en');
		expect(await langOf('/?lang=fr')).toBe('fr');
		expect(await langOf('/', { cookie: 'vigie_lang=fr' })).toBe('fr');
		expect(await langOf('/', { 'accept-language': 'fr-CA,fr;q=0.9' })).toBe('fr');
		expect(await langOf('/', { 'accept-language': 'de-DE' })).toBe('en');
		// The admin page shows the choice; the access setting was left as it was.
		const admin = await page('/admin/settings?lang=en', 'admin');
		expect(admin.html).toMatch(/value="en" checked/);
		expect(admin.html).toMatch(/value="public" checked/);

		expect((await call(server, '/admin/settings', { cookie: cookies.admin, form: { lang: 'fr' } })).status).toBe(200);
		expect(await langOf('/')).toBe('fr');
		// Analysts and viewers may not change it.
		expect((await call(server, '/admin/settings', { cookie: cookies.analyst, form: { lang: 'en' } })).status).toBe(403);
		expect(await langOf('/')).toBe('fr');
	});

	test('VIGIE_DEFAULT_LANG seeds the setting as the server starts; a bad value stops the start with its reason', async () => {
		const en = await startTestServer({ users: [VIEWER], env: { VIGIE_DEFAULT_LANG: 'en' } });
		try {
			const html = await (await fetch(en.url + '/')).text();
			expect(html).toContain('<html lang="en"');
		} finally {
			await en.stop();
		}
		await expect(startTestServer({ users: [VIEWER], env: { VIGIE_DEFAULT_LANG: 'klingon' } })).rejects.toThrow(/VIGIE_DEFAULT_LANG must be fr or en, not "klingon"/);
	}, 120_000);
});
