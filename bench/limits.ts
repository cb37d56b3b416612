/**
 * How far one machine goes: the figures of the operator's manual's limits table.
 * `node bin/run-ts.js bench/limits.ts [--sizes 100000,1000000,5000000] [--incidents 1000000,10000000] [--seconds 15]`
 *
 * For each survey size: a synthetic survey (19 boroughs as strata, 20 PSUs each, no replicate
 * weights) written as a canonical CSV, loaded into a fresh database by a process of its own (time
 * and peak memory), the database's size, the full borough × age group × gender table of one
 * indicator cold (read from SQLite) and warm, then the production server on that database: the
 * first request of each dashboard page (what the first reader after a new wave waits) and 50
 * anonymous readers for `--seconds` over those pages (p50, p99). For each incident count: the load
 * with point in polygon, the database's size, and sqlite3's own `.import` of the same file.
 * Prints one Markdown table per kind, and the load average (the machine may be shared).
 */
import autocannon from 'autocannon';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb } from '../db/connection';
import { clearCache } from '../app/lib/server/cache/cache';
import { computeIndicator } from '../app/lib/server/indicators/survey';
import type { DomainVariable } from '../app/lib/engine/types';
import { startTestServer } from '../tests/helpers/server';
import { runVigie } from '../tests/helpers/cli';
import { syntheticSurvey } from './synthetic';
import { writeSurveyCsv } from './csv';
import { benchIncidents } from './incidents';

const argv = process.argv.slice(2);
const arg = (name: string, fallback: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1]! : fallback);
const SIZES = arg('--sizes', '100000,1000000,5000000').split(',').map(Number);
const INCIDENTS = arg('--incidents', '1000000,10000000').split(',').filter(Boolean).map(Number);
const SECONDS = Number(arg('--seconds', '15'));
const PAGES = ['/', '/explorer?borough=MN', '/portrait/MN', '/map', '/explorer?borough=AC'];
const BY: DomainVariable[] = ['borough', 'age_group', 'gender'];

const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
const fileBytes = (path: string) => [path, `${path}-wal`].filter(existsSync).reduce((a, p) => a + statSync(p).size, 0);
const line = (cells: (string | number)[]) => console.log(`| ${cells.map(String).join(' | ')} |`);
const uptime = () => {
	try {
		return execFileSync('uptime', { encoding: 'utf8' }).trim();
	} catch {
		return 'uptime unavailable';
	}
};

interface SurveyLimit { n: number; csvMb: string; loadS: string; peakMb: string; dbMb: string; tableColdS: string; tableWarmMs: string; firstPageS: string; p50: number; p99: number; rps: number }

async function surveyLimit(n: number, tmp: string): Promise<SurveyLimit> {
	const csv = join(tmp, `survey-${n}.csv`), db = join(tmp, `survey-${n}.db`);
	const bytes = await writeSurveyCsv(csv, syntheticSurvey(n, { seed: n }));
	const child = spawnSync(process.execPath, ['bin/run-ts.js', 'bench/ingest-child.ts', csv, db], { encoding: 'utf8', maxBuffer: 1 << 24 });
	if (child.status !== 0) throw new Error(`loading ${n} respondents failed: ${child.stderr}`);
	const load = JSON.parse(child.stdout) as { ms: number; peak_rss_mb: number };
	rmSync(csv);

	const conn = openDb(db);
	const table = () => computeIndicator(conn, { indicator: 'feel_safe_after_dark', wave: 'bench', by: BY, design: 'strata_psu', ci: 'kg', suppress: true });
	clearCache();
	let t0 = performance.now();
	table();
	const cold = performance.now() - t0;
	const warm: number[] = [];
	for (let k = 0; k < 3; k++) {
		t0 = performance.now();
		table();
		warm.push(performance.now() - t0);
	}
	conn.close();
	clearCache();
	const dbBytes = fileBytes(db);

	// The server on that database, as a public dashboard: anonymous readers need no account, but a
	// database without any account shows the first-run setup page, hence one admin.
	const added = await runVigie(db, ['users', 'add', 'admin@limits.test', '--role', 'admin'], {}, 'limits-bench-password-1\n');
	if (added.code !== 0) throw new Error(`vigie users add: ${added.stderr}`);
	const server = await startTestServer({ env: { VIGIE_DB: db, VIGIE_DEMO: 'none' } });
	try {
		let first = 0;
		for (const path of PAGES) {
			t0 = performance.now();
			const res = await fetch(server.url + path, { headers: { accept: 'text/html' } });
			await res.arrayBuffer();
			if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status}`);
			first = Math.max(first, performance.now() - t0);
		}
		const r = await autocannon({ url: server.url, connections: 50, duration: SECONDS, timeout: 30,
			requests: PAGES.map((path) => ({ method: 'GET' as const, path, headers: { accept: 'text/html' } })) });
		return { n, csvMb: mb(bytes), loadS: (load.ms / 1000).toFixed(1), peakMb: load.peak_rss_mb.toFixed(0), dbMb: mb(dbBytes),
			tableColdS: (cold / 1000).toFixed(2), tableWarmMs: Math.min(...warm).toFixed(0), firstPageS: (first / 1000).toFixed(2),
			p50: r.latency.p50, p99: r.latency.p99, rps: Math.round(r.requests.average) };
	} finally {
		await server.stop();
	}
}

const tmp = mkdtempSync(join(tmpdir(), 'vigie-limits-'));
try {
	console.log(`\n## Survey respondents — ${new Date().toISOString()}, node ${process.version}\n${uptime()}\n`);
	line(['respondents', 'CSV (MB)', 'load (s)', 'load peak memory (MB)', 'database (MB)', 'full domain table, cold (s)', 'warm (ms)', 'slowest first page (s)', `50 readers: p50 / p99 (ms)`, 'requests/s']);
	line(Array(10).fill('---'));
	for (const n of SIZES) {
		const r = await surveyLimit(n, tmp);
		line([n.toLocaleString('en'), r.csvMb, r.loadS, r.peakMb, r.dbMb, r.tableColdS, r.tableWarmMs, r.firstPageS, `${r.p50} / ${r.p99}`, r.rps]);
		for (const f of [`survey-${n}.db`, `survey-${n}.db-wal`, `survey-${n}.db-shm`]) rmSync(join(tmp, f), { force: true });
	}
	if (INCIDENTS.length) {
		console.log(`\n## Police-recorded incidents (point in polygon included)\n${uptime()}\n`);
		line(['incidents', 'CSV (MB)', 'load (s)', 'rows/s', 'load peak memory (MB)', 'database (MB)', 'sqlite3 .import (s)', 'time vs .import']);
		line(Array(8).fill('---'));
		for (const n of INCIDENTS) {
			const r = await benchIncidents(n, tmp);
			const dbBytes = fileBytes(join(tmp, `incidents-${n}.db`));
			line([n.toLocaleString('en'), r.file_mb.toFixed(0), (r.ms / 1000).toFixed(1), Math.round(r.rows_per_s).toLocaleString('en'), r.peak_rss_mb.toFixed(0), mb(dbBytes),
				Number.isNaN(r.sqlite_import_ms) ? 'sqlite3 missing' : (r.sqlite_import_ms / 1000).toFixed(1), Number.isNaN(r.sqlite_import_ms) ? '—' : `${(r.ms / r.sqlite_import_ms).toFixed(2)}×`]);
			for (const f of [`incidents-${n}.csv`, `incidents-${n}.db`, `incidents-${n}.db-wal`, `incidents-${n}.db-shm`, `import-${n}.db`]) rmSync(join(tmp, f), { force: true });
		}
	}
	console.log(`\n${uptime()}`);
} finally {
	rmSync(tmp, { recursive: true, force: true });
}
