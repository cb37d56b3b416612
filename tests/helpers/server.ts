/**
 * Starts the real server (`node bin/vigie.js serve`) for end-to-end tests: a fresh database in a
 * temporary folder, a free port on 127.0.0.1, and a wait for `GET /healthz`. One server per test
 * file (beforeAll / afterAll). The command builds the app first if the sources are newer than the
 * build, and loads the synthetic demo survey into the empty database.
 *
 * Accounts: `users` (by default the test admin) are created with the real `vigie users add`
 * before the server starts; with no admin among them (`users: []`) the server opens on its
 * first-run setup page. `public` (by default true: VIGIE_PUBLIC=1, anonymous visitors read the
 * dashboards, as the tests of the dashboard and the API expect) or false: private.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runVigie } from './cli';
import { ADMIN, type TestUser } from './accounts';

export interface TestServer {
	/** Base URL without a trailing slash, e.g. `http://127.0.0.1:41234`. */
	url: string;
	dbPath: string;
	/** The server process's id. */
	pid: number;
	/** Settles when the process has exited (with its exit code, or the signal that ended it). */
	exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
	/** SIGTERM, wait for the process to exit (SIGKILL after 15 s), then remove the temporary folder. Idempotent. */
	stop(): Promise<void>;
	/** Everything the process wrote to stdout and stderr so far. */
	logs(): string;
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const STARTUP_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;

/** Children still running, killed if the test process exits without stopping them. */
const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/** A port that was free a moment ago: the OS picks one for a listener on port 0, which is then closed. */
export function freePort(host = '127.0.0.1'): Promise<number> {
	return new Promise((ok, fail) => {
		const srv = createServer();
		srv.unref();
		srv.on('error', fail);
		srv.listen(0, host, () => {
			const address = srv.address();
			if (address === null || typeof address === 'string') {
				srv.close();
				fail(new Error('could not read the port of a listener on port 0'));
				return;
			}
			srv.close(() => ok(address.port));
		});
	});
}

const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

export type { TestUser } from './accounts';

export interface TestServerOptions {
	env?: Record<string, string>;
	/** Accounts to create with `vigie users add` before the server starts; default: the test admin. */
	users?: TestUser[];
	/** VIGIE_PUBLIC=1 (the default): anonymous visitors may read the dashboards; false: VIGIE_PUBLIC=0, private. */
	public?: boolean;
	/** Options for node itself, before the script (e.g. `--cpu-prof` for a benchmark). */
	nodeArgs?: string[];
	/** An existing database file to serve, left in place when the server stops (a restart), instead of a new one. */
	database?: string;
}

export async function startTestServer(opts: TestServerOptions = {}): Promise<TestServer> {
	const dir = mkdtempSync(join(tmpdir(), 'vigie-e2e-'));
	const dbPath = opts.database ?? join(dir, 'vigie.db');
	const port = await freePort();
	const url = `http://127.0.0.1:${port}`;
	// One at a time: each command migrates the database the first time it opens it.
	for (const u of opts.users ?? [ADMIN]) {
		const r = await runVigie(dbPath, ['users', 'add', u.email, '--role', u.role], {}, `${u.password}\n`);
		if (r.code !== 0) throw new Error(`vigie users add ${u.email} failed (${r.code}): ${r.stderr}`);
	}

	const env: NodeJS.ProcessEnv = { ...process.env };
	// Run as `npm start` would: vitest sets NODE_ENV=test, and a `vite build` started by `serve`
	// (sources newer than the build) would then make a development build of the client.
	delete env.NODE_ENV;
	for (const name of Object.keys(env)) if (name.startsWith('VITEST')) delete env[name];
	// The tests expect the product's defaults (French unless the reader asks otherwise).
	delete env.VIGIE_DEFAULT_LANG;
	delete env.VIGIE_PUBLIC;
	delete env.TRUST_PROXY;
	delete env.BODY_SIZE_LIMIT;
	Object.assign(env, { PORT: String(port), HOST: '127.0.0.1', VIGIE_DB: dbPath, ORIGIN: url }, { VIGIE_PUBLIC: opts.public === false ? '0' : '1' },
		// The demo survey only, unless a test asks for the diagnostic demo too (`env: { VIGIE_DEMO: 'all' }`).
		{ VIGIE_DEMO: 'survey' }, opts.env);

	let output = '';
	const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), 'bin/vigie.js', 'serve'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
	child.stdout.setEncoding('utf8').on('data', (s: string) => (output += s));
	child.stderr.setEncoding('utf8').on('data', (s: string) => (output += s));
	running.add(child);
	if (!exitHookInstalled) {
		exitHookInstalled = true;
		process.once('exit', () => {
			for (const c of running) c.kill('SIGKILL');
		});
	}

	let exitInfo: { code: number | null; signal: NodeJS.Signals | null } | null = null;
	const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((ok) => {
		child.once('exit', (code, signal) => {
			exitInfo = { code, signal };
			running.delete(child);
			ok(exitInfo);
		});
		child.once('error', (err) => {
			output += `\n[spawn error] ${err.message}\n`;
			exitInfo = { code: null, signal: null };
			running.delete(child);
			ok(exitInfo);
		});
	});

	// Read through a function: the callbacks above change it, which TypeScript's narrowing does not see.
	const exitNow = () => exitInfo;
	let stopping: Promise<void> | null = null;
	const stop = (): Promise<void> =>
		(stopping ??= (async () => {
			if (exitNow() === null) {
				child.kill('SIGTERM');
				const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
				await exited;
				clearTimeout(timer);
			}
			rmSync(dir, { recursive: true, force: true });
		})());
	const logs = () => output;

	const deadline = Date.now() + STARTUP_TIMEOUT_MS;
	let lastError = '';
	for (;;) {
		const early = exitNow();
		if (early !== null) {
			const { code, signal } = early;
			await stop();
			throw new Error(`vigie serve exited before it was healthy (code ${code}, signal ${signal}). Logs:\n${output}`);
		}
		try {
			const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
			await res.arrayBuffer();
			if (res.status === 200) break;
			lastError = `GET /healthz answered ${res.status}`;
		} catch (err) {
			lastError = (err as Error).message;
		}
		if (Date.now() > deadline) {
			await stop();
			throw new Error(`vigie serve was not healthy after ${STARTUP_TIMEOUT_MS / 1000} s (${lastError}). Logs:\n${output}`);
		}
		await sleep(200);
	}

	return { url, dbPath, pid: child.pid ?? -1, exited, stop, logs };
}
