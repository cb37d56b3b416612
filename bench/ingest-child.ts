// Loads one survey CSV into a fresh database and prints {ms, peak_rss_mb, rows, from_us, to_us}
// and cpu_ms (run by bench/run.ts; from_us and to_us bound the load on the clock of a --cpu-prof profile).
import { openDb } from '../db/connection';
import { loadMontrealAreas } from '../ingest/areas';
import { loadSurvey } from '../ingest/survey/load-survey';

const [csv, dbPath] = process.argv.slice(2);
const db = openDb(dbPath!);
loadMontrealAreas(db);
// Sampled, not getrusage's maxRSS: on Linux that keeps the parent's high-water mark across exec,
// and the benchmark's parent holds gigabytes of replicate weights.
let peak = process.memoryUsage().rss;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
const us = () => Number(process.hrtime.bigint() / 1000n);
const from = us();
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const r = await loadSurvey(db, csv!, { wave: 'bench' });
const ms = performance.now() - t0;
const to = us();
const cpu = process.cpuUsage(cpu0);
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);
if (!r.ok) {
	process.stderr.write(JSON.stringify(r.errors.slice(0, 5)));
	process.exit(1);
}
process.stdout.write(JSON.stringify({ ms, rows: r.rows, peak_rss_mb: peak / 2 ** 20, from_us: from, to_us: to, cpu_ms: (cpu.user + cpu.system) / 1000 }));
