/**
 * While a large file loads through the upload page (in the server's ingestion worker, a chunk of
 * rows per transaction), a sign-in and a change of settings go through at once: neither waits
 * for the load, nor fails on SQLite's busy timeout (5 s), and both are done while the load is
 * still running. Real server, real database file.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { ADMIN, ANALYST, call, cookieFrom, signIn } from '../helpers/auth';
import { uploadJobOf } from '../helpers/upload-page';
import { writeBigSurvey } from '../helpers/survey-csv';

let server: TestServer;
let dir: string;
let big: string;
const ROWS = 400_000;

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'vigie-writes-during-load-'));
	big = join(dir, 'big.csv');
	writeBigSurvey(big, ROWS, '2041'); // about 160 MB
	server = await startTestServer({ users: [ADMIN, ANALYST] });
}, 180_000);
afterAll(async () => {
	await server?.stop();
	rmSync(dir, { recursive: true, force: true });
});

const jobOf = (token: string, cookie: string) => uploadJobOf(server, token, cookie);

describe('a sign-in and a setting while a 160 MB file loads', () => {
	test('both succeed at once, before the load ends, which then publishes the whole file', async () => {
		const analyst = await signIn(server, ANALYST);
		const up = await fetch(`${server.url}/api/uploads?name=big.csv&wave=2041`, { method: 'POST', body: readFileSync(big),
			headers: { cookie: analyst, origin: server.url, 'content-type': 'application/octet-stream' } });
		expect(up.status).toBe(201);
		const { token } = (await up.json()) as { token: string };
		const started = await call(server, `/upload/${token}?/load`, { cookie: analyst, form: { wave: '2041', title: 'Large wave' } });
		expect(started.status).toBeLessThan(400);

		// The load is under way: rows read, and chunks committed into the hidden dataset.
		const watcher = new Database(server.dbPath, { readonly: true });
		try {
			const deadline = Date.now() + 120_000;
			for (;;) {
				const job = await jobOf(token, analyst);
				expect(job?.state).toBe('running');
				const hidden = watcher.prepare(`SELECT count(*) FROM survey_chunks k JOIN survey_columns c ON c.id = k.column_id
					JOIN datasets d ON d.id = c.dataset_id WHERE d.hidden IS NOT NULL`).pluck().get() as number;
				if (hidden > 0) break;
				if (Date.now() > deadline) throw new Error('the load never committed a chunk');
				await new Promise((r) => setTimeout(r, 50));
			}

			let t0 = performance.now();
			const login = await call(server, '/login', { form: { email: ADMIN.email, password: ADMIN.password } });
			const signInMs = performance.now() - t0;
			expect(login.status).toBe(303);
			const admin = cookieFrom(login);
			expect(admin).not.toBeNull();

			t0 = performance.now();
			const saved = await call(server, '/admin/settings', { cookie: admin!, form: { lang: 'en' } });
			const settingMs = performance.now() - t0;
			expect(saved.status).toBe(200);
			expect(await saved.text()).not.toMatch(/SQLITE_BUSY|database is locked/);

			// Neither waited for the load: it is still running now that both are done.
			expect((await jobOf(token, analyst))?.state).toBe('running');
			// A generous bound, far below the busy timeout: each waited for one chunk's transaction at most.
			expect(signInMs, `sign-in took ${signInMs.toFixed(0)} ms`).toBeLessThan(3000);
			expect(settingMs, `the setting took ${settingMs.toFixed(0)} ms`).toBeLessThan(3000);
			expect(watcher.prepare(`SELECT value FROM settings WHERE key = 'locale.default'`).pluck().get()).toBe('"en"');
			const sessions = watcher.prepare('SELECT count(*) FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = ?').pluck().get(ADMIN.email);
			expect(sessions).toBe(1);

			// The load ends with the whole file published.
			let job = await jobOf(token, analyst);
			while (job?.state === 'running') {
				await new Promise((r) => setTimeout(r, 200));
				job = await jobOf(token, analyst);
			}
			expect(job).toMatchObject({ kind: 'load', state: 'done', rows: ROWS, errors: 0 });
			const stored = watcher.prepare('SELECT rows, hidden FROM datasets WHERE id = ?').get(job!.datasetId) as { rows: number; hidden: string | null };
			expect(stored).toEqual({ rows: ROWS, hidden: null });
		} finally {
			watcher.close();
		}
		// The page now sends the analyst to the dataset.
		const page = await call(server, `/upload/${token}`, { cookie: analyst });
		expect(page.status).toBe(303);
		expect(page.headers.get('location')).toMatch(/^\/datasets\/\d+\?loaded=1$/);
	}, 300_000);
});
