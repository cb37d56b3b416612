/**
 * When `vigie` takes the compiled build as up to date (bin/build-state.js): a project tree in a
 * temporary folder, with file times set by hand around the time the build started.
 */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { dashboardState, installed, nodeState, STAMP } from '../../../bin/build-state.js';

const BUILT = Date.parse('2026-01-02T10:00:00Z');
const BEFORE = new Date(BUILT - 60_000);
const AFTER = new Date(BUILT + 60_000);
let root: string;

function file(path: string, time: Date = BEFORE, text = ''): void {
	const full = join(root, path);
	mkdirSync(dirname(full), { recursive: true });
	writeFileSync(full, text);
	utimesSync(full, time, time);
}

/** Sets a folder's time: adding a file to it changed it. */
function folder(path: string, time: Date): void {
	utimesSync(join(root, path), time, time);
}

beforeEach(() => {
	root = mkdtempSync(join(tmpdir(), 'vigie-build-state-'));
	for (const f of ['app/lib/a.ts', 'db/b.ts', 'ingest/c.ts', 'demo/d.ts', 'package.json', 'scripts/build.js', 'svelte.config.js', 'vite.config.ts']) file(f);
	for (const f of ['build/node/cli.js', 'build/node/ingest-worker.js', 'build/node/backup-worker.js', 'build/node/png-worker.js', 'build/node/warm-up-worker.js', 'build/node/warm-up-early.js', 'build/handler.js']) file(f, new Date(BUILT + 1000));
	file(STAMP, new Date(BUILT + 1000), JSON.stringify({ started: BUILT, inputs: ['app/lib/a.ts', 'db/b.ts', 'demo/d.ts'] }));
	for (const d of ['app', 'app/lib', 'db', 'ingest', 'demo', 'scripts']) folder(d, BEFORE);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('nodeState: build/node/ against what esbuild compiled', () => {
	test('fresh when every input and setting is older than the build', () => {
		expect(nodeState(root)).toEqual({ state: 'fresh' });
	});
	test('stale when an input changed after the build started, and the file is named', () => {
		file('demo/d.ts', AFTER);
		expect(nodeState(root)).toEqual({ state: 'stale', reason: expect.stringContaining('demo/d.ts') });
	});
	test('stale when an input was removed, or the build script changed', () => {
		unlinkSync(join(root, 'db/b.ts'));
		expect(nodeState(root)).toMatchObject({ state: 'stale', reason: expect.stringContaining('db/b.ts') });
		file('db/b.ts');
		file('scripts/build.js', AFTER);
		expect(nodeState(root)).toMatchObject({ state: 'stale', reason: expect.stringContaining('scripts/build.js') });
	});
	test('a source esbuild did not compile does not make it stale', () => {
		file('ingest/c.ts', AFTER);
		expect(nodeState(root)).toEqual({ state: 'fresh' });
	});
	test('missing without an output or without the stamp (vite build alone empties build/)', () => {
		unlinkSync(join(root, 'build/node/ingest-worker.js'));
		expect(nodeState(root)).toEqual({ state: 'missing', reason: 'build/node/ingest-worker.js is missing' });
		file('build/node/ingest-worker.js');
		unlinkSync(join(root, STAMP));
		expect(nodeState(root)).toMatchObject({ state: 'missing' });
	});
});

describe('dashboardState: build/handler.js against the folders the dashboard is built from', () => {
	test('fresh, then stale when any file of app, db or ingest is newer', () => {
		expect(dashboardState(root)).toEqual({ state: 'fresh' });
		file('ingest/c.ts', AFTER);
		expect(dashboardState(root)).toEqual({ state: 'stale', reason: expect.stringContaining('ingest/c.ts') });
	});
	test('stale when a file was added to or removed from a folder (the folder is newer)', () => {
		folder('app/lib', AFTER);
		expect(dashboardState(root)).toMatchObject({ state: 'stale', reason: expect.stringContaining('app/lib') });
	});
	test('missing without build/handler.js', () => {
		unlinkSync(join(root, 'build/handler.js'));
		expect(dashboardState(root)).toEqual({ state: 'missing', reason: 'build/handler.js is missing' });
	});
});

test('installed: whether a package resolves from the project (the tools are absent in production)', () => {
	expect(installed(process.cwd(), 'esbuild')).toBe(true);
	expect(installed(root, 'esbuild')).toBe(false);
});
