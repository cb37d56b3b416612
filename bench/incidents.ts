/**
 * Ingestion of synthetic incidents with coordinates, point in polygon included: writes a
 * canonical incident file of `n` rows (date, category, time of day, latitude,
 * longitude drawn in the Montreal island's bounding box, so some fall outside every area), loads
 * it into a fresh database placed in Montreal's 34 areas, in a child process of its own so that
 * its peak memory is the ingestion's alone, and compares with sqlite3's own `.import`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { createRng } from '../demo/survey-model';

const CATEGORIES = ['Introduction', 'Vol dans / sur véhicule à moteur', 'Vol de véhicule à moteur', 'Méfait', 'Vol qualifié'];
const TIMES = ['jour', 'soir', 'nuit'];

/** Writes the file; returns its size in bytes. */
export async function writeIncidentCsv(path: string, n: number, seed = 11): Promise<number> {
	const r = createRng(seed);
	const out = createWriteStream(path);
	let bytes = 0, chunk = 'date,category,time_of_day,latitude,longitude\n';
	for (let i = 0; i < n; i++) {
		const month = 1 + Math.floor(r() * 12), day = 1 + Math.floor(r() * 28);
		chunk += `2023-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day},${CATEGORIES[Math.floor(r() * 5)]},${TIMES[Math.floor(r() * 3)]},` +
			`${(45.41 + r() * 0.29).toFixed(6)},${(-73.97 + r() * 0.5).toFixed(6)}\n`;
		if (chunk.length > 1 << 20) {
			bytes += Buffer.byteLength(chunk);
			if (!out.write(chunk)) await new Promise<void>((ok) => out.once('drain', () => ok()));
			chunk = '';
		}
	}
	bytes += Buffer.byteLength(chunk);
	out.end(chunk);
	await new Promise<void>((ok) => out.once('finish', () => ok()));
	return bytes;
}

export interface IncidentBench {
	rows: number;
	file_mb: number;
	ms: number;
	rows_per_s: number;
	peak_rss_mb: number;
	placed: number;
	outside: number;
	sqlite_import_ms: number;
}

export async function benchIncidents(n: number, tmp: string): Promise<IncidentBench> {
	const csv = join(tmp, `incidents-${n}.csv`);
	const bytes = await writeIncidentCsv(csv, n);
	const child = spawnSync(process.execPath, ['bin/run-ts.js', 'bench/ingest-incidents-child.ts', csv, join(tmp, `incidents-${n}.db`)],
		{ encoding: 'utf8', maxBuffer: 1 << 24 });
	if (child.status !== 0) throw new Error(`incident ingestion failed: ${child.stderr}`);
	const r = JSON.parse(child.stdout) as { ms: number; peak_rss_mb: number; rows: number; placed: number; outside: number };
	let sqliteMs = NaN;
	try {
		const t0 = performance.now();
		execFileSync('sqlite3', [join(tmp, `import-${n}.db`), '.mode csv', `.import ${csv} incidents`]);
		sqliteMs = performance.now() - t0;
	} catch {
		// sqlite3 not installed: no comparison
	}
	return { rows: r.rows, file_mb: bytes / 1e6, ms: r.ms, rows_per_s: r.rows / (r.ms / 1000), peak_rss_mb: r.peak_rss_mb,
		placed: r.placed, outside: r.outside, sqlite_import_ms: sqliteMs };
}
