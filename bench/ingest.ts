/**
 * Ingestion against sqlite3's own `.import` of the same file: each load in a fresh process of its
 * own (bench/ingest-child.ts: `loadSurvey` as `vigie ingest` runs it, every row validated, the
 * data published and copied from the log into the database; the process's start is not
 * counted), in turn with sqlite3 imports into a fresh file; the best and the median of several
 * runs (the machine may be shared). Then where a load's time goes: one more load under
 * `node --cpu-prof`, its samples counted by stage (bench/profile.ts).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { stageTimes } from './profile';

export interface IngestRun {
	ms: number;
	cpu_ms: number;
	rows: number;
	peak_rss_mb: number;
	from_us: number;
	to_us: number;
}

/** `sqlite3 --version`, or null when the command is not installed. */
export function sqlite3Version(): string | null {
	const r = spawnSync('sqlite3', ['--version'], { encoding: 'utf8' });
	return r.status === 0 ? r.stdout.trim().split(' ')[0]! : null;
}

function removeDb(path: string): void {
	for (const s of ['', '-wal', '-shm', '-journal']) rmSync(path + s, { force: true });
}

/** One load of `csv` into a fresh database, in a child process. */
export function vigieLoad(csv: string, dbPath: string, nodeArgs: string[] = []): IngestRun {
	removeDb(dbPath);
	const child = spawnSync(process.execPath, [...nodeArgs, 'bin/run-ts.js', 'bench/ingest-child.ts', csv, dbPath], { encoding: 'utf8', maxBuffer: 1 << 24 });
	removeDb(dbPath);
	if (child.status !== 0) throw new Error(`bench ingestion failed: ${child.stderr}`);
	return JSON.parse(child.stdout) as IngestRun;
}

/** `sqlite3 FILE '.mode csv' '.import CSV survey'` into a fresh database file: wall milliseconds. */
export function sqliteImport(csv: string, dbPath: string): number {
	removeDb(dbPath);
	const t0 = performance.now();
	const r = spawnSync('sqlite3', [dbPath, '.mode csv', `.import ${csv} survey`], { encoding: 'utf8' });
	const ms = performance.now() - t0;
	removeDb(dbPath);
	if (r.status !== 0) throw new Error(`sqlite3 .import failed: ${r.stderr}`);
	return ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export interface IngestComparison {
	rows: number;
	vigie_best_ms: number;
	vigie_median_ms: number;
	vigie_cpu_ms: number;
	peak_rss_mb: number;
	sqlite_best_ms: number | null;
	sqlite_median_ms: number | null;
	/** sqlite3's best time over Vigie's best: Vigie's throughput as a share of sqlite3's. */
	ratio_best: number | null;
	ratio_median: number | null;
}

/** `runs` loads and `runs` imports of `csv`, in turn. */
export function compareIngest(csv: string, tmp: string, runs: number, withSqlite: boolean): IngestComparison {
	const vigie: IngestRun[] = [];
	const sqlite: number[] = [];
	for (let i = 0; i < runs; i++) {
		vigie.push(vigieLoad(csv, join(tmp, 'bench-vigie.db')));
		if (withSqlite) sqlite.push(sqliteImport(csv, join(tmp, 'bench-sqlite.db')));
	}
	const best = vigie.reduce((a, b) => (b.ms < a.ms ? b : a));
	const vBest = best.ms, vMedian = median(vigie.map((r) => r.ms));
	const sBest = withSqlite ? Math.min(...sqlite) : null, sMedian = withSqlite ? median(sqlite) : null;
	return { rows: best.rows, vigie_best_ms: vBest, vigie_median_ms: vMedian, vigie_cpu_ms: best.cpu_ms,
		peak_rss_mb: Math.max(...vigie.map((r) => r.peak_rss_mb)), sqlite_best_ms: sBest, sqlite_median_ms: sMedian,
		ratio_best: sBest === null ? null : sBest / vBest, ratio_median: sMedian === null ? null : sMedian / vMedian };
}

/** One load under `node --cpu-prof`: milliseconds and share of the load per stage. */
export function profileIngest(csv: string, tmp: string): { stage: string; ms: number; share: number }[] {
	const dir = join(tmp, 'cpu-prof');
	rmSync(dir, { recursive: true, force: true });
	mkdirSync(dir, { recursive: true });
	const run = vigieLoad(csv, join(tmp, 'bench-prof.db'), ['--cpu-prof', `--cpu-prof-dir=${dir}`]);
	// The main thread's profile is the largest (tsx's loader thread writes a small one too).
	const main = readdirSync(dir).map((f) => join(dir, f)).sort((a, b) => statSync(b).size - statSync(a).size)[0]!;
	const stages = stageTimes(main, run.from_us, run.to_us);
	const total = stages.reduce((s, x) => s + x.ms, 0);
	rmSync(dir, { recursive: true, force: true });
	return stages.map((s) => ({ ...s, share: total > 0 ? s.ms / total : 0 }));
}
