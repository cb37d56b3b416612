/**
 * The default wave and "the previous wave" on the real server, with labels of mixed forms loaded
 * in no particular order: "2025" then "2024-Q4", later "Q1 2026" then "Q4 2025" (as text, "Q4 2025"
 * would come last; by load order, "Q4 2025" too). The API, the overview page, the explorer and the
 * command line must all take the most recent wave in time. Then the datasets page: newest first,
 * times in the server's zone, waves written as dates shown in words in the reader's language.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { runVigie } from '../helpers/cli';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { ADMIN, ANALYST, call, signIn } from '../helpers/auth';
import { smallSurvey } from './fixtures';

let server: TestServer;
let token: string;

const upload = async (wave: string, n: number) => {
	const res = await call(server, `/api/datasets?kind=survey&wave=${encodeURIComponent(wave)}`, { token, origin: null, body: smallSurvey(n), headers: { 'content-type': 'text/csv' } });
	expect(res.status, await res.clone().text()).toBe(201);
};
const getJson = async <T>(path: string): Promise<T> => {
	const res = await call(server, path, { token, origin: null });
	expect(res.status, path).toBe(200);
	return (await res.json()) as T;
};
/** The wave an HTML page shows as chosen in its wave selector. */
const selectedWave = async (path: string) => /<select name="wave"[\s\S]*?<option value="([^"]+)" selected/.exec(await (await call(server, path)).text())?.[1];

type Table = { wave: string; rows: { domain: object; comparisons?: { previous_wave?: { wave: string } | null } }[] };

beforeAll(async () => {
	// No demo survey: only the waves loaded here.
	server = await startTestServer({ users: [ADMIN, ANALYST], env: { VIGIE_DEMO: 'none' } });
	const r = await runVigie(server.dbPath, ['users', 'token', ANALYST.email]);
	if (r.code !== 0) throw new Error(r.stderr);
	token = r.stdout.trim();
	await upload('2025', 300);
	await upload('2024-Q4', 301);
}, 180_000);

afterAll(async () => {
	await server?.stop();
});

describe('"2024-Q4" and "2025"', () => {
	test('the API lists the waves oldest first and estimates 2025 by default', async () => {
		expect((await getJson<{ waves: string[] }>('/api/indicators')).waves).toEqual(['2024-Q4', '2025']);
		expect((await getJson<Table>('/api/indicators/feel_safe_after_dark')).wave).toBe('2025');
	});

	test('the previous wave of 2025 is 2024-Q4', async () => {
		const t = await getJson<Table>('/api/indicators/feel_safe_after_dark?wave=2025&by=&compare=previous_wave&suppress=0');
		expect(t.rows[0]!.comparisons?.previous_wave?.wave).toBe('2024-Q4');
	});

	test('the overview and the explorer open on 2025', async () => {
		expect(await selectedWave('/')).toBe('2025');
		expect(await selectedWave('/explorer')).toBe('2025');
	});
});

describe('then "Q1 2026" and "Q4 2025", loaded in that order', () => {
	beforeAll(async () => {
		await upload('Q1 2026', 302);
		await upload('Q4 2025', 303);
	}, 60_000);

	test('waves in time; Q1 2026 is the default everywhere', async () => {
		expect((await getJson<{ waves: string[] }>('/api/indicators')).waves).toEqual(['2024-Q4', '2025', 'Q4 2025', 'Q1 2026']);
		expect((await getJson<Table>('/api/indicators/feel_safe_after_dark')).wave).toBe('Q1 2026');
		expect(await selectedWave('/')).toBe('Q1 2026');
		expect(await selectedWave('/explorer')).toBe('Q1 2026');
		const cli = await runVigie(server.dbPath, ['estimate', '--indicator', 'feel_safe_after_dark', '--format', 'json']);
		expect(cli.code, cli.stderr).toBe(0);
		expect((JSON.parse(cli.stdout) as Table).wave).toBe('Q1 2026');
	});

	test('the previous wave of Q1 2026 is Q4 2025, whose own is 2025', async () => {
		const latest = await getJson<Table>('/api/indicators/feel_safe_after_dark?by=&compare=previous_wave&suppress=0');
		expect(latest.rows[0]!.comparisons?.previous_wave?.wave).toBe('Q4 2025');
		const before = await getJson<Table>(`/api/indicators/feel_safe_after_dark?wave=${encodeURIComponent('Q4 2025')}&by=&compare=previous_wave&suppress=0`);
		expect(before.rows[0]!.comparisons?.previous_wave?.wave).toBe('2025');
	});
});

describe('the datasets page', () => {
	beforeAll(async () => {
		const file = join(tmpdir(), `vigie-waves-incidents-${process.pid}.csv`);
		writeFileSync(file, 'month,category,borough\n2024-01,theft,Anjou\n2024-12,theft,Verdun\n');
		const r = await runVigie(server.dbPath, ['ingest', file, '--kind', 'incidents', '--geography', 'montreal']);
		if (r.code !== 0) throw new Error(r.stderr);
	}, 60_000);

	/** The rows of the table: [id, wave cell text, loaded cell's datetime]. */
	async function rows(lang: 'fr' | 'en'): Promise<{ id: number; wave: string; at: string }[]> {
		const cookie = await signIn(server, ANALYST);
		const page = await (await call(server, `/datasets?lang=${lang}`, { cookie })).text();
		const tbody = /<tbody>([\s\S]*?)<\/tbody>/.exec(page)![1]!;
		const text = (html: string) => html.replace(/<br\s*\/?>/g, ' | ').replace(/<[^>]+>/g, '').replace(/[\u2009\u202f\u00a0]/g, ' ').replace(/\s+/g, ' ').trim();
		return [...tbody.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) => {
			const cells = [...row[1]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => c[1]!);
			return { id: Number(text(cells[0]!)), wave: text(cells[3]!), at: /<time datetime="([^"]+)"/.exec(cells[7]!)![1]! };
		});
	}

	test('newest first, with the incident period in words and its label', async () => {
		const fr = await rows('fr');
		expect(fr.map((r) => r.id)).toEqual([...fr.map((r) => r.id)].sort((a, b) => b - a));
		expect(fr.map((r) => r.at)).toEqual([...fr.map((r) => r.at)].sort().reverse());
		expect(fr[0]!.wave).toBe('janv. – déc. 2024 | 2024-01..2024-12');
		expect(fr.find((r) => r.wave === 'Q4 2025')).toBeDefined();
		expect(fr.find((r) => r.wave.startsWith('oct. – déc. 2024'))?.wave).toBe('oct. – déc. 2024 | 2024-Q4');
		expect((await rows('en'))[0]!.wave).toBe('Jan–Dec 2024 | 2024-01..2024-12');
	});
});
