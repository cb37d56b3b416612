/**
 * `npm run bench`: the speed targets, measured (never asserted in unit tests).
 * 1. A full domain table (borough × age group × gender) for one indicator, per design, on
 *    synthetic surveys of 10 k, 100 k and 1 M respondents (500 replicate weights for `replicate`).
 * 2. The same at 1 M through the stored column store (SQLite → frame → estimate), cold and warm.
 * 3. Ingestion throughput against sqlite3's own `.import` of the same file (100,000 respondents ×
 *    50 replicate weights; best and median of several runs), where a load's time goes by stage
 *    (CPU profile), and peak memory on a 1 GB file.
 * 4. R's survey package on the same tables, when R is installed.
 * 5. Ingestion of 1,000,000 incidents with coordinates, point in polygon included (bench/incidents.ts).
 * 6. Dashboard pages: server render time and JavaScript per page; the first PNG export after the
 *    server starts; the first request for each page after a new wave is loaded; Lighthouse's four
 *    scores (mobile preset) on the main pages (bench/pages.ts).
 * 7. Dashboard pages under load: 50 concurrent viewers (autocannon), anonymous and signed in, with
 *    no ingestion, with `vigie ingest` of a 200,000-row × 50-replicate file in another process, and
 *    with the same file uploaded to the server (bench/load.ts).
 * Options: --quick (10 k and 100 k only, no 1 GB file, 100 k incidents, shorter load runs),
 * --skip-r, --skip-ingest, --skip-big (no 1 GB file), --only-ingest (section 3), --only-incidents, --skip-pages, --only-pages
 * (sections 6 and 7), --skip-load (no section 7), --only-load (section 7), --only-lighthouse (Lighthouse alone),
 * --lighthouse-runs N (3 by default, the median run of each page kept), --skip-lighthouse, --load-seconds N, --ingestions none,cli,upload,
 * --viewers anonymous,viewer, --cpu-prof (the server's CPU profile in bench/out/profiles).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { estimateDomains } from '../app/lib/engine/estimate';
import type { Design } from '../app/lib/engine/types';
import { syntheticSurvey } from './synthetic';
import { writeSurveyCsv } from './csv';
import { benchStored } from './stored';
import { benchR } from './r-survey';
import { writeRepeated } from './big';
import { compareIngest, profileIngest, sqlite3Version } from './ingest';
import { benchIncidents } from './incidents';
import { benchAfterNewWave, benchRestart, benchFirstPng, benchPages, benchPagesLighthouse } from './pages';
import { benchLoad, type Ingestion, type Viewer } from './load';

/** The installed Lighthouse's version, for the report. */
function lighthouseVersion(): string {
	return (JSON.parse(readFileSync('node_modules/lighthouse/package.json', 'utf8')) as { version: string }).version;
}

/** The load average as `uptime` prints it: other work on the machine skews the load figures. */
function uptime(): string {
	try {
		return execFileSync('uptime', { encoding: 'utf8' }).trim();
	} catch {
		return 'uptime unavailable';
	}
}

const argv = process.argv.slice(2);
const args = new Set(argv);
const argValue = (name: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
const quick = args.has('--quick');
const SIZES = quick ? [10_000, 100_000] : [10_000, 100_000, 1_000_000];
const TARGET_MS: Record<Design, number> = { weights: 300, strata_psu: 300, replicate: 2000 };
const BY = ['borough', 'age_group', 'gender'] as const;

function time(fn: () => void, runs: number): { median: number; min: number } {
	fn(); // warm-up: JIT, first-touch of the arrays
	const t: number[] = [];
	for (let i = 0; i < runs; i++) {
		const t0 = performance.now();
		fn();
		t.push(performance.now() - t0);
	}
	t.sort((a, b) => a - b);
	return { median: t[Math.floor(t.length / 2)]!, min: t[0]! };
}

const results: Record<string, unknown>[] = [];
const line = (cells: (string | number)[]) => console.log(cells.map(String).join(' | '));

const onlyIngest = args.has('--only-ingest');
const onlyLighthouse = args.has('--only-lighthouse');
const onlyLoad = args.has('--only-load');
const onlyPages = args.has('--only-pages') || onlyLoad || onlyLighthouse;
const onlyIncidents = args.has('--only-incidents') || onlyPages;
const tmp = mkdtempSync(join(tmpdir(), 'vigie-bench-'));
const rInputs: { n: number; design: Design; csv: string; ms: number }[] = [];
if (!onlyIncidents) {
if (!onlyIngest) {
console.log(`\n## 1. Engine: full domain table (${BY.join(' × ')}) — ${new Date().toISOString()}, node ${process.version}\n`);
line(['respondents', 'design', 'replicates', 'median ms', 'min ms', 'target ms', 'meets target']);
for (const n of SIZES) {
	for (const design of ['weights', 'strata_psu', 'replicate'] as Design[]) {
		const B = design === 'replicate' ? 500 : 0;
		const s = syntheticSurvey(n, { replicates: B, seed: n });
		const runs = design === 'replicate' && n >= 1_000_000 ? 3 : 7;
		const r = time(() => estimateDomains(s.frame, s.y, { kind: 'proportion', by: [...BY], design }), runs);
		const meets = n < 1_000_000 || r.median < TARGET_MS[design];
		line([n.toLocaleString('en'), design, B, r.median.toFixed(1), r.min.toFixed(1), n >= 1_000_000 ? TARGET_MS[design] : '—', n >= 1_000_000 ? (meets ? 'yes' : 'NO') : '—']);
		results.push({ section: 'engine', n, design, replicates: B, median_ms: r.median, min_ms: r.min });
		// R takes minutes on a million rows: compare there only where it can finish (no 500-replicate 1 M file).
		if (!args.has('--skip-r') && (n <= 100_000 || design !== 'replicate')) {
			const csv = join(tmp, `survey-${n}-${design}.csv`);
			await writeSurveyCsv(csv, s);
			rInputs.push({ n, design, csv, ms: r.median });
		}
	}
}

console.log('\n## 2. Through the database (1 column store read + recode + estimate), weights and strata_psu\n');
for (const row of await benchStored(quick ? 100_000 : 1_000_000, tmp)) {
	line(Object.values(row) as (string | number)[]);
	results.push({ section: 'stored', ...row });
}
}

if (!args.has('--skip-ingest')) {
	console.log("\n## 3. Ingestion throughput against sqlite3's own .import of the same file, where the time goes, peak memory\n");
	const sqlite = sqlite3Version();
	if (!sqlite) console.log('sqlite3 IS NOT INSTALLED: no ratio can be measured. Install the command line tool (Debian: apt-get install -y sqlite3).\n');
	else console.log(`sqlite3 ${sqlite}; machine: ${uptime()}`);
	// The file of the quality bar: 100,000 respondents with 50 replicate weights.
	const n = 100_000;
	const csv = join(tmp, 'ingest.csv');
	const bytes = await writeSurveyCsv(csv, syntheticSurvey(n, { replicates: 50, seed: 7 }));
	const files = [{ path: csv, bytes, runs: quick ? 3 : 5 }];
	if (!quick && !args.has('--skip-big')) {
		// 1 GB: the streaming target (memory under 300 MB).
		const big = join(tmp, 'ingest-1gb.csv');
		const w = await writeRepeated(csv, big, 1e9);
		files.push({ path: big, bytes: w.bytes, runs: 1 });
	}
	line(['rows', 'file MB', 'runs', 'vigie best ms (median)', 'vigie MB/s', 'vigie CPU ms', 'sqlite3 .import best ms (median)', 'ratio best (median)', 'ratio ≥ 0.5', 'peak RSS MB']);
	for (const f of files) {
		const c = compareIngest(f.path, tmp, f.runs, sqlite !== null);
		const mb = f.bytes / 1e6;
		const fmt = (x: number | null, d = 0) => (x === null ? '—' : x.toFixed(d));
		line([c.rows, mb.toFixed(1), f.runs, `${fmt(c.vigie_best_ms)} (${fmt(c.vigie_median_ms)})`, (mb / (c.vigie_best_ms / 1000)).toFixed(1), fmt(c.vigie_cpu_ms),
			`${fmt(c.sqlite_best_ms)} (${fmt(c.sqlite_median_ms)})`, `${fmt(c.ratio_best, 2)} (${fmt(c.ratio_median, 2)})`,
			c.ratio_best === null ? 'no sqlite3' : c.ratio_best >= 0.5 ? 'yes' : 'NO', c.peak_rss_mb.toFixed(0)]);
		results.push({ section: 'ingest', file_mb: mb, ...c });
		if (f.path !== csv) rmSync(f.path, { force: true });
	}
	console.log(`\nWhere a load of the ${n.toLocaleString('en')}-row file goes (node --cpu-prof, samples between the load's start and end, by stage):\n`);
	line(['stage', 'ms', 'share']);
	const stages = profileIngest(csv, tmp);
	for (const s of stages) line([s.stage, s.ms.toFixed(0), `${(100 * s.share).toFixed(1)} %`]);
	results.push({ section: 'ingest_profile', stages });
}

if (!args.has('--skip-r') && !onlyIngest) {
	console.log("\n## 4. R's survey package on the same tables\n");
	const r = benchR(rInputs);
	if (!r) console.log('R is not installed here: no comparison. Install it with `apt-get install -y r-base-core r-cran-survey`.');
	else {
		line(['respondents', 'design', 'vigie ms', 'R ms', 'R / vigie']);
		for (const x of r) {
			line([x.n, x.design, x.vigie_ms.toFixed(1), x.r_ms.toFixed(0), (x.r_ms / x.vigie_ms).toFixed(0)]);
			results.push({ section: 'r', ...x });
		}
	}
}

}

if (!onlyPages && !onlyIngest) {
console.log('\n## 5. Incident ingestion with point in polygon (Montreal, 34 areas)\n');
{
	const n = quick ? 100_000 : 1_000_000;
	const r = await benchIncidents(n, tmp);
	line(['rows', 'file MB', 'ms', 'rows/s', 'placed', 'outside', 'peak RSS MB', 'sqlite3 .import ms', 'ratio (≥ 0.5 meets target)']);
	line([r.rows, r.file_mb.toFixed(1), r.ms.toFixed(0), r.rows_per_s.toFixed(0), r.placed, r.outside, r.peak_rss_mb.toFixed(0),
		r.sqlite_import_ms.toFixed(0), (r.sqlite_import_ms / r.ms).toFixed(2)]);
	results.push({ section: 'incidents', ...r });
}
}

if (!args.has('--skip-pages') && !onlyLoad && !onlyIngest && !onlyLighthouse) {
	console.log('\n## 6. Dashboard pages (real server, demo data): render time, JavaScript\n');
	const r = await benchPages();
	line(['reader', 'page', 'cold ms', 'warm median ms', 'warm p95 ms', 'cold < 1 s, p95 < 300 ms', 'HTML gzip kB', 'JS gzip kB', 'JS files', 'JS < 150 kB']);
	for (const p of r.pages) {
		const js = p.js_gzip_kb === null ? ['', '', ''] : [p.js_gzip_kb.toFixed(1), p.js_files ?? '', p.js_gzip_kb < 150 ? 'yes' : 'NO'];
		line([p.reader, p.path, p.cold_ms.toFixed(0), p.warm_median_ms.toFixed(1), p.warm_p95_ms.toFixed(1), p.cold_ms < 1000 && p.warm_p95_ms < 300 ? 'yes' : 'NO',
			p.html_gzip_kb.toFixed(1), ...js]);
		results.push({ section: 'pages', ...p });
	}
	const png = await benchFirstPng();
	console.log(`\nFirst PNG after start (a fresh server: the overview, then its first map as PNG, then the second): first page ${png.first_page_ms.toFixed(0)} ms, ` +
		`first PNG ${png.first_png_ms.toFixed(0)} ms (${png.png_kb.toFixed(0)} kB; < 1000 ms: ${png.first_png_ms < 1000 ? 'yes' : 'NO'}), second PNG ${png.second_png_ms.toFixed(0)} ms`);
	results.push({ section: 'first_png', ...png });
	const restart = await benchRestart();
	console.log(`\nFirst / after a restart (a served database, a new server process; ${restart.first_ms.length} runs): ` +
		`${restart.first_ms.map((ms) => ms.toFixed(0)).join(', ')} ms (< 1000 ms: ${restart.first_ms.every((ms) => ms < 1000) ? 'yes' : 'NO'})`);
	results.push({ section: 'restart', ...restart });
	const fresh = await benchAfterNewWave();
	console.log(`\nAfter a new wave (\`vigie ingest\` of ${fresh.respondents.toLocaleString('en')} respondents as wave 2025 in ${fresh.ingest_ms.toFixed(0)} ms, on a warm server): the first request for each page`);
	line(['page', 'first ms', '< 1 s']);
	for (const p of fresh.pages) line([p.path, p.first_ms.toFixed(0), p.first_ms < 1000 ? 'yes' : 'NO']);
	results.push({ section: 'after_new_wave', ...fresh });
}

if (!args.has('--skip-pages') && !args.has('--skip-lighthouse') && !onlyLoad && !onlyIngest) {
	const runs = Number(argValue('--lighthouse-runs') ?? 3);
	console.log(`\n## 6b. Lighthouse ${lighthouseVersion()} (mobile preset), median of ${runs} runs per page; targets: performance ≥ 95, the others 100\n`);
	line(['page', 'performance', 'accessibility', 'best practices', 'SEO', 'FCP ms', 'LCP ms', 'TBT ms', 'CLS', 'DOM elements', 'meets targets']);
	await benchPagesLighthouse(runs, (p) => {
		const s = p.scores;
		const meets = s.performance >= 95 && s.accessibility === 100 && s['best-practices'] === 100 && s.seo === 100;
		line([p.path, s.performance, s.accessibility, s['best-practices'], s.seo, p.fcp_ms.toFixed(0), p.lcp_ms.toFixed(0), p.tbt_ms.toFixed(0), p.cls.toFixed(3), p.dom_elements, meets ? 'yes' : 'NO']);
		for (const f of p.failing) console.log(`  ${f}`);
		console.log(`  main thread (ms, simulated phone): ${p.main_thread.join(', ')}`);
		results.push({ section: 'lighthouse', ...p });
	});
}

if (!args.has('--skip-pages') && !args.has('--skip-load') && !onlyIngest && !onlyLighthouse) {
	const seconds = Number(argValue('--load-seconds') ?? (quick ? 10 : 20));
	const rows = quick ? 50_000 : 200_000;
	console.log(`\n## 7. Dashboard pages under load: 50 connections (autocannon, closed loop), ${seconds} s per scenario, while ${rows.toLocaleString('en')} respondents × 50 replicate weights load\n`);
	const files: string[] = [];
	let bytes = 0;
	for (const seed of [11, 12, 13, 14]) {
		files.push(join(tmp, `load-survey-${seed}.csv`));
		bytes = await writeSurveyCsv(files.at(-1)!, syntheticSurvey(rows, { replicates: 50, seed }));
	}
	console.log(`files: ${(bytes / 1e6).toFixed(1)} MB each; machine before: ${uptime()}`);
	const only = (name: string) => argValue(name)?.split(',');
	const { ceiling, scenarios } = await benchLoad({ seconds, files: { cli: files.slice(0, 2), upload: files.slice(2) }, log: (s) => process.stderr.write(s + '\n'),
		ingestions: only('--ingestions') as Ingestion[] | undefined, viewers: only('--viewers') as Viewer[] | undefined,
		nodeArgs: args.has('--cpu-prof') ? ['--cpu-prof', '--cpu-prof-dir=bench/out/profiles'] : undefined });
	console.log(`machine ceiling, GET /healthz with the same 50 connections: ${ceiling.requests_per_s.toFixed(0)} req/s, p50 ${ceiling.p50_ms} ms, p99 ${ceiling.p99_ms} ms, max ${ceiling.max_ms} ms`);
	results.push({ section: 'load_ceiling', ...ceiling });
	line(['ingestion', 'viewer', 'requests', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'errors', 'non-2xx', 'timeouts', 'ingestion running', 'loads finished (ms)', 'p99 < 250 ms']);
	for (const s of scenarios) {
		line([s.ingestion, s.viewer, s.requests, s.requests_per_s.toFixed(0), s.p50_ms, s.p99_ms, s.max_ms, s.errors, s.non2xx, s.timeouts,
			s.ingestion === 'none' ? '—' : `${(100 * s.ingestion_cover).toFixed(0)} %`, s.ingestion === 'none' ? '—' : `${s.ingestions_finished} (${s.ingestion_ms.join(', ')})`,
			s.p99_ms < 250 && s.errors + s.non2xx + s.timeouts === 0 ? 'yes' : 'NO']);
		for (const f of s.ingestion_failures) console.log(`  ingestion failed: ${f}`);
		const part = (name: string, x: { requests: number; p50_ms: number; p99_ms: number; max_ms: number } | null) =>
			x ? `${name}: ${x.requests} requests, p50 ${x.p50_ms} ms, p99 ${x.p99_ms} ms, max ${x.max_ms} ms` : `${name}: none`;
		if (s.ingestion !== 'none') console.log(`  ${part('sent while a load ran', s.during_load)}; ${part('sent in the 10 s after a load ended', s.after_commit)}`);
		console.log(`  slowest answer per second (ms): ${s.slowest_per_s.join(' ')}${s.ingestion_events.length ? `; ingestions: ${s.ingestion_events.join(', ')}` : ''}`);
		results.push({ section: 'load', ...s });
	}
	console.log(`machine after: ${uptime()}`);
}

mkdirSync('bench/out', { recursive: true });
writeFileSync('bench/out/results.json', JSON.stringify({ date: new Date().toISOString(), node: process.version, results }, null, 2));
rmSync(tmp, { recursive: true, force: true });
console.log('\nResults written to bench/out/results.json');
