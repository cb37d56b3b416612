/**
 * A new build written while the server runs removes the previous build's hashed scripts, which a
 * browser still showing an earlier page asks for. The server (the real one, from a copy of the
 * build in a temporary checkout) answers 404 for such a file, however it is spelled, and keeps
 * serving: the adapter's file server listed the file at start and, opening it unguarded, crashed
 * the process with ENOENT.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { freePort } from '../helpers/server';
import { inBothLanguages } from '../../app/lib/i18n';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let dir: string;
let child: ChildProcess;
let url: string;
let output = '';

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'vigie-rebuilt-'));
	// The checkout's other folders are shared; only the build is the server's own copy.
	for (const name of readdirSync(ROOT)) if (name !== 'build' && name !== '.git') symlinkSync(join(ROOT, name), join(dir, name));
	cpSync(join(ROOT, 'build'), join(dir, 'build'), { recursive: true });
	// The database (and the demo files written beside it) in a folder of the copy's own.
	mkdirSync(join(dir, 'state'));
	const port = await freePort();
	url = `http://127.0.0.1:${port}`;
	const cli = join(dir, 'build/node/cli.js');
	child = spawn(process.execPath, ['--input-type=module', '-e', `const { main } = await import(${JSON.stringify(cli)}); process.exitCode = await main(['serve']);`], {
		cwd: dir,
		env: { ...process.env, NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1', ORIGIN: url, VIGIE_DB: join(dir, 'state', 'vigie.db'), VIGIE_DEMO: 'survey' },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	child.stdout!.setEncoding('utf8').on('data', (s: string) => (output += s));
	child.stderr!.setEncoding('utf8').on('data', (s: string) => (output += s));
	const deadline = Date.now() + 90_000;
	while (!output.includes('listening')) {
		if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the server did not start:\n${output}`);
		await new Promise((ok) => setTimeout(ok, 100));
	}
}, 120_000);

afterAll(async () => {
	if (child && child.exitCode === null) {
		child.kill('SIGTERM');
		await new Promise((ok) => child.once('exit', ok));
	}
	if (dir) rmSync(dir, { recursive: true, force: true });
});

test('a script of the previous build, gone since the server started: 404, and the server keeps serving', async () => {
	const entry = join(dir, 'build/client/_app/immutable/entry');
	const script = readdirSync(entry).find((f) => /^app\..*\.js$/.test(f))!;
	const path = `/_app/immutable/entry/${script}`;
	expect((await fetch(url + path, { headers: { 'accept-encoding': 'br' } })).status).toBe(200);
	for (const suffix of ['', '.br', '.gz']) rmSync(join(entry, script + suffix), { force: true });

	for (const [spelling, encoding] of [[path, 'br'], [path, 'gzip'], [path, 'identity'], [path.replace(/\.js$/, '%2Ejs'), 'br']] as const) {
		const res = await fetch(url + spelling, { headers: { 'accept-encoding': encoding } });
		expect(res.status, `${spelling} (${encoding})`).toBe(404);
		expect(await res.text()).toBe(inBothLanguages('http.stale_file'));
	}
	expect((await fetch(`${url}/healthz`)).status).toBe(200);
	expect((await fetch(`${url}/`)).status).toBe(200);
	expect(child.exitCode).toBeNull();
	expect(output).not.toMatch(/ENOENT|Error/);
}, 60_000);
