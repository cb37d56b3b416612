/**
 * GET /export/portrait/deck.pptx over HTTP against the real server in private mode: who may
 * download it, the file's name and type, the page's numbers in its charts, the analyst's
 * `suppress=0` (marked not for publication; its extra values never reach a viewer), and bad
 * requests answered in the reader's language.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { ALL_ROLES, call, signIn } from '../helpers/auth';
import { readPptx, type Package } from '../helpers/pptx';

let server: TestServer;
const cookies: Record<string, string> = {};
const DECK = '/export/portrait/deck.pptx';
const MIME = 'application/vnd.openxmlformats-officedocument.presentationml.presentation';

beforeAll(async () => {
	server = await startTestServer({ users: ALL_ROLES, public: false });
	for (const u of ALL_ROLES) cookies[u.role] = await signIn(server, u);
}, 180_000);
afterAll(async () => {
	await server?.stop();
});

async function deck(path: string, cookie: string): Promise<{ res: Response; p: Package }> {
	const res = await call(server, path, { cookie });
	expect(res.status, await res.clone().text().then((s) => s.slice(0, 300))).toBe(200);
	return { res, p: await readPptx(new Uint8Array(await res.arrayBuffer())) };
}

const message = async (res: Response) => ((await res.json()) as { message: string }).message;

describe('who may download the deck', () => {
	test('an anonymous visitor of a private instance is sent to sign in, and gets no file', async () => {
		const res = await call(server, `${DECK}?borough=MN&wave=2024`);
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toMatch(/^\/login\?/);
		expect(res.headers.get('content-type') ?? '').not.toContain('presentation');
	});

	test('a viewer gets the deck: its type, an attachment with a telling name, a valid package with a summary and one slide per chart', async () => {
		const { res, p } = await deck(`${DECK}?borough=MN&wave=2024`, cookies.viewer!);
		expect(res.headers.get('content-type')).toBe(MIME);
		expect(res.headers.get('content-disposition')).toBe('attachment; filename="vigie-portrait-MN-2024-fr.pptx"');
		expect(p.contentTypes).toContain('presentationml.presentation.main+xml');
		expect(p.slideText[0]).toContain('Portrait de Montréal-Nord, 2024');
		// "In brief" as the page says it: the borough's most important finding, about everyone, first.
		expect(p.slideText[0]).toMatch(/Portrait de Montréal-Nord, 2024 .*? Montréal-Nord : « [^»]+ » atteint \d+,\d+/);
		expect(p.slides.length).toBeGreaterThanOrEqual(5);
		expect(p.charts.length).toBeGreaterThanOrEqual(3);
		expect(p.slideText.at(-1)).toContain('Source : ');
	});

	test('a viewer may not ask for the suppressed values (403, in French); an analyst may, and the deck says "not for publication"', async () => {
		const refused = await call(server, `${DECK}?borough=MN&wave=2024&suppress=0`, { cookie: cookies.viewer!, headers: { accept: 'application/json' } });
		expect(refused.status).toBe(403);
		const { res, p } = await deck(`${DECK}?borough=MN&wave=2024&suppress=0`, cookies.analyst!);
		expect(res.headers.get('content-disposition')).toBe('attachment; filename="vigie-portrait-MN-2024-fr-not-for-publication.pptx"');
		expect(p.slideText[0]).toContain('Non publiable');
		expect(p.notesText.slice(1).every((n) => n.includes('Non publiable'))).toBe(true);
	});
});

describe('the numbers', () => {
	test('the deck\'s first chart holds the API\'s estimates for the borough and the city; the values an analyst sees suppressed reach no viewer', async () => {
		const api = await call(server, '/api/indicators/feel_safe_after_dark?wave=2024&by=borough', { cookie: cookies.viewer!, headers: { accept: 'application/json' } });
		const rows = ((await api.json()) as { rows: { domain: { borough?: string }; estimate: number | null }[] }).rows;
		const mn = rows.find((r) => r.domain.borough === 'Montréal-Nord')!;
		const { p: viewer } = await deck(`${DECK}?borough=MN&wave=2024&lang=en`, cookies.viewer!);
		const all = viewer.charts[0]!;
		expect(all.series.map((s) => s.name)).toEqual(['Montréal-Nord', 'Whole city']);
		expect(all.xml).toContain('Feel safe walking alone after dark');
		expect(all.series[0]!.values[0]).toBeCloseTo(mn.estimate!, 12);

		const { p: analyst } = await deck(`${DECK}?borough=MN&wave=2024&lang=en&suppress=0`, cookies.analyst!);
		const hidden: number[] = [];
		analyst.charts.forEach((c, k) => c.series.forEach((s, j) => s.values.forEach((v, i) => {
			if (v !== undefined && viewer.charts[k]!.series[j]!.values[i] === undefined) hidden.push(v);
		})));
		expect(hidden.length).toBeGreaterThan(0);
		for (const v of hidden.filter((x) => String(x).length > 6)) expect(viewer.everything).not.toContain(String(v));
		expect(viewer.slideText.join(' ')).toContain('no value shown');
	});

	test('?lang=en gives the English deck and file name', async () => {
		const { res, p } = await deck(`${DECK}?borough=AC&wave=2023&lang=en`, cookies.viewer!);
		expect(res.headers.get('content-disposition')).toBe('attachment; filename="vigie-portrait-AC-2023-en.pptx"');
		expect(p.slideText[0]).toContain('Portrait of Ahuntsic-Cartierville, 2023');
	});
});

describe('bad requests change nothing and say why in the reader\'s language', () => {
	test.each([
		{ q: 'wave=2024', status: 400, fr: 'Indiquez l’arrondissement', en: 'Say which borough' },
		{ q: 'borough=XX&wave=2024', status: 404, fr: 'Aucun arrondissement', en: 'No borough has the code "XX"' },
		{ q: 'borough=MN&wave=1999', status: 400, fr: '1999', en: '1999' },
		{ q: 'borough=MN&suppress=2', status: 400, fr: 'suppress', en: 'suppress' }
	])('$q → $status', async ({ q, status, fr, en }) => {
		for (const [lang, words] of [['fr', fr], ['en', en]] as const) {
			const res = await call(server, `${DECK}?${q}&lang=${lang}`, { cookie: cookies.viewer!, headers: { accept: 'application/json' } });
			expect(res.status).toBe(status);
			expect(res.headers.get('content-type')).not.toBe(MIME);
			expect(await message(res)).toContain(words);
		}
	});
});
