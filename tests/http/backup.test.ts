/**
 * Backups on the real server: an admin downloads one from the backup page while readers load
 * pages and an analyst's upload loads a large survey in the server's worker, and `vigie backup`
 * runs beside them; no reader gets an error and both files hold what was committed. Then
 * `vigie restore` of the download while the server runs and readers keep reading: the server
 * shows the backup's datasets and estimates from its next request, without a restart, and
 * everyone signs in again. Who may download is in the role × route matrix (permissions.test.ts).
 */
import Database from 'better-sqlite3';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { ADMIN, ANALYST, VIEWER, call, signIn } from '../helpers/auth';
import { runVigie } from '../helpers/cli';
import { waitFor, waitForLoad, writeLargeSurvey } from '../helpers/backup';

/** Large enough that the load lasts seconds after both backups have started. */
const BIG_ROWS = 300_000;
/** Loading it takes 10 s on a quiet machine and minutes under the whole suite's load: a guard against hangs, not a speed check. */
const LOAD_TIMEOUT_MS = 300_000;
const dir = mkdtempSync(join(tmpdir(), 'vigie-backup-http-'));
const DOWNLOADED = join(dir, 'downloaded.db');
let server: TestServer;
let admin: string;
let analyst: string;
let wave = '';
let estimate0: unknown;
let datasets0: unknown;

interface Hammer {
	stop(): Promise<{ requests: number; failures: string[] }>;
}

/** Readers loading pages and API answers without a pause, `concurrency` at a time, until stopped. */
function hammer(paths: string[], concurrency = 4): Hammer {
	let running = true;
	let requests = 0;
	const failures: string[] = [];
	const reader = async (k: number) => {
		for (let i = k; running; i++) {
			const path = paths[i % paths.length]!;
			try {
				const res = await call(server, path);
				await res.arrayBuffer();
				requests++;
				if (res.status !== 200) failures.push(`${path}: ${res.status}`);
			} catch (err) {
				failures.push(`${path}: ${(err as Error).message}`);
			}
		}
	};
	const readers = Array.from({ length: concurrency }, (_, k) => reader(k));
	return {
		async stop() {
			running = false;
			await Promise.all(readers);
			return { requests, failures };
		}
	};
}

const api = async (path: string, cookie?: string) => {
	const res = await call(server, path, { cookie });
	expect(res.status, path).toBe(200);
	return res.json();
};

beforeAll(async () => {
	server = await startTestServer({ users: [ADMIN, ANALYST, VIEWER] });
	[admin, analyst] = [await signIn(server, ADMIN), await signIn(server, ANALYST)];
	await writeLargeSurvey(join(dir, 'big.csv'), BIG_ROWS);
	const list = (await api('/api/datasets')) as { datasets: { wave: string }[] };
	wave = list.datasets.at(-1)!.wave;
	estimate0 = await api(`/api/indicators/feel_safe_after_dark?wave=${wave}&by=borough`);
	datasets0 = await api('/api/datasets');
}, LOAD_TIMEOUT_MS);

afterAll(async () => {
	await server?.stop();
	rmSync(dir, { recursive: true, force: true });
});

const PAGES = () => ['/', '/explorer', `/api/indicators/feel_safe_after_dark?wave=${wave}&by=borough,gender`, '/api/datasets', '/map'];

describe('a backup while pages are served and an upload loads', () => {
	let download: Response;
	let cliRun: Awaited<ReturnType<typeof runVigie>>;

	test('the admin’s download and `vigie backup` are taken during the load; no reader gets an error', async () => {
		const readers = hammer(PAGES());
		const upload = call(server, '/api/datasets?kind=survey&wave=2099&filename=big.csv', {
			cookie: analyst, body: readFileSync(join(dir, 'big.csv'), 'utf8'), headers: { 'content-type': 'text/csv' }
		});
		await waitForLoad(server.dbPath);
		[download, cliRun] = await Promise.all([
			call(server, '/admin/backup/download', { cookie: admin, form: {} }),
			runVigie(server.dbPath, ['backup', join(dir, 'cli.db'), '--format', 'json'])
		]);
		writeFileSync(DOWNLOADED, Buffer.from(await download.arrayBuffer()));
		// Both were taken inside the load (the load may have ended since): each holds its dataset
		// as it was, committed in part and hidden (the next test).
		const uploaded = await upload;
		expect(uploaded.status, await uploaded.clone().text()).toBe(201);
		expect(await uploaded.json()).toMatchObject({ ok: true, rows: BIG_ROWS });
		const { requests, failures } = await readers.stop();
		expect(failures).toEqual([]);
		expect(requests).toBeGreaterThan(10);
	}, LOAD_TIMEOUT_MS);

	test('the download is a dated SQLite file, kept by no cache, holding what was committed', async () => {
		expect(download.status).toBe(200);
		expect(download.headers.get('content-type')).toBe('application/vnd.sqlite3');
		expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename="vigie-backup-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.db"$/);
		expect(download.headers.get('cache-control')).toBe('private, no-store');
		const bytes = readFileSync(DOWNLOADED);
		expect(Number(download.headers.get('content-length'))).toBe(bytes.length);
		expect(bytes.subarray(0, 16).toString('latin1')).toBe('SQLite format 3\u0000');
		expect(cliRun.code, cliRun.stderr).toBe(0);
		for (const file of [DOWNLOADED, join(dir, 'cli.db')]) {
			const db = new Database(file, { readonly: true });
			expect(db.pragma('integrity_check', { simple: true }), file).toBe('ok');
			// What the load committed so far is there, hidden (a restore removes it); nothing of it is published.
			expect(db.prepare(`SELECT count(*) FROM datasets WHERE wave = '2099' AND hidden IS NULL`).pluck().get(), file).toBe(0);
			expect(db.prepare(`SELECT count(*) FROM datasets WHERE hidden LIKE 'loading %'`).pluck().get(), file).toBe(1);
			expect(db.prepare(`SELECT count(*) FROM datasets WHERE kind = 'survey' AND hidden IS NULL`).pluck().get(), file).toBe(2);
			db.close();
		}
		// The download left no file beside the database.
		expect(readdirSync(dirname(server.dbPath)).filter((f) => f.endsWith('.download'))).toEqual([]);
	});

	test('the download is in the audit log, with its file name', async () => {
		const name = /filename="([^"]+)"/.exec(download.headers.get('content-disposition')!)![1]!;
		// Written as soon as the load lets go of the write lock (a deferred write).
		await waitFor('the audit entry of the download', () => {
			const db = new Database(server.dbPath, { readonly: true });
			try {
				return Boolean(db.prepare(`SELECT 1 FROM audit_log WHERE action = 'database_backup' AND json_extract(details, '$.file_name') = ?`).get(name));
			} finally {
				db.close();
			}
		}, 90_000);
		const page = await (await call(server, '/admin/audit?action=database_backup&lang=en', { cookie: admin })).text();
		expect(page).toContain(name);
		expect(page).toContain('backup downloaded');
		expect(page).toContain(ADMIN.email);
	});
});

describe('a restore while the server runs', () => {
	test('the server shows the backup’s datasets and estimates at once; readers get no error; everyone signs in again', async () => {
		const before = (await api('/api/datasets')) as { datasets: { wave: string }[] };
		expect(before.datasets.map((d) => d.wave)).toContain('2099');
		expect(await (await call(server, '/explorer?lang=en')).text()).toContain('<option value="2099"');
		const readers = hammer(PAGES());
		const r = await runVigie(server.dbPath, ['restore', DOWNLOADED]);
		expect(r.code, r.stderr).toBe(0);
		const { failures } = await readers.stop();
		expect(failures).toEqual([]);
		expect(await api('/api/datasets')).toEqual(datasets0);
		expect(await api(`/api/indicators/feel_safe_after_dark?wave=${wave}&by=borough`)).toEqual(estimate0);
		// Pages kept for readers were rendered before the restore: none is served after it.
		const explorer = await (await call(server, '/explorer?lang=en')).text();
		expect(explorer).toContain('<option value="2024"');
		expect(explorer).not.toContain('<option value="2099"');
		const stale = await call(server, '/admin/backup', { cookie: admin });
		expect(stale.status).toBe(303);
		expect(stale.headers.get('location')).toMatch(/^\/login/);
		const again = await signIn(server, ADMIN);
		const audit = await (await call(server, '/admin/audit?lang=en', { cookie: again })).text();
		expect(audit).toContain('database restored from a backup');
		expect(audit).toContain('backup downloaded');
	}, LOAD_TIMEOUT_MS);
});

describe('the backup page', () => {
	test('shows what the database holds and the download button, in French and in English', async () => {
		const cookie = await signIn(server, ADMIN);
		const en = await (await call(server, '/admin/backup?lang=en', { cookie })).text();
		expect(en).toContain('<h1>Backup</h1>');
		expect(en).toMatch(/<form method="POST" action="\/admin\/backup\/download"/);
		expect(en).toContain('Download a backup now');
		expect(en).toMatch(/survey<\/th>\s*<td class="num[^"]*">2<\/td>/);
		expect(en).toContain('href="/admin/backup"');
		const fr = await (await call(server, '/admin/backup?lang=fr', { cookie })).text();
		expect(fr).toContain('Télécharger une sauvegarde maintenant');
		expect(fr).toContain('3 comptes');
	});
});
