/**
 * Helpers for the backup and restore tests: a large generated survey, a running `vigie ingest`,
 * whether a load is under way in a database, and the bytes of a database's files.
 */
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { syntheticSurvey } from '../../bench/synthetic';
import { writeSurveyCsv } from '../../bench/csv';
import type { Run } from './cli';

/** A synthetic survey of `rows` respondents with 20 replicate weights (about 190 bytes a row): seconds of loading. */
export async function writeLargeSurvey(path: string, rows: number, seed = 5): Promise<number> {
	return writeSurveyCsv(path, syntheticSurvey(rows, { replicates: 20, seed }));
}

const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

/** Waits until `check()` holds, polling; throws after `timeoutMs`. */
export async function waitFor(what: string, check: () => boolean, timeoutMs = 60_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await sleep(50);
	}
}

/** The size of the database's write-ahead log (0 when there is none). */
export function walBytes(dbPath: string): number {
	return statSync(`${dbPath}-wal`, { throwIfNoEntry: false })?.size ?? 0;
}

/**
 * Whether a load is under way in the database: its dataset, committed a chunk at a time, is there
 * and still hidden (not yet published).
 */
export function loadUnderWay(dbPath: string): boolean {
	const db = new Database(dbPath, { readonly: true, fileMustExist: true });
	try {
		return Boolean(db.prepare(`SELECT 1 FROM datasets WHERE hidden LIKE 'loading %'`).get());
	} finally {
		db.close();
	}
}

/**
 * Waits until a survey load is under way in the database: its hidden dataset there and its log
 * grown past `bytes` (rows being written, not the short transaction that checks the areas).
 */
export function waitForLoad(dbPath: string, bytes = 4 * 1024 * 1024): Promise<void> {
	return waitFor('a load under way', () => walBytes(dbPath) > bytes && loadUnderWay(dbPath), 240_000);
}

/** The SHA-256 of a file and of its -wal (if any): two equal fingerprints mean the database did not change. */
export function fingerprint(dbPath: string): string {
	const h = (p: string) => (existsSync(p) ? createHash('sha256').update(readFileSync(p)).digest('hex') : 'none');
	return `${h(dbPath)}/${h(`${dbPath}-wal`)}`;
}

/** `vigie args` started in the background: its result, when it ends, and when it ended. */
export function startVigie(dbPath: string, args: string[]): Promise<Run & { endedAt: number }> {
	const env: NodeJS.ProcessEnv = { ...process.env, VIGIE_DB: dbPath };
	for (const k of ['LANG', 'LC_ALL', 'LANGUAGE', 'VIGIE_LANG']) delete env[k];
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, ['bin/vigie.js', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '', stderr = '';
		child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
		child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
		child.on('error', reject);
		child.on('close', (code) => resolve({ code, stdout, stderr, endedAt: Date.now() }));
	});
}
