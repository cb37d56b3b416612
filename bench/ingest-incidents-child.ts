// Loads one incident CSV into a fresh database placed in Montreal's areas; prints {ms, peak_rss_mb, rows, placed, outside} (run by bench/incidents.ts).
import { openDb } from '../db/connection';
import { loadMontrealAreas } from '../ingest/areas';
import { loadIncidents } from '../ingest/incidents/load-incidents';

const [csv, dbPath] = process.argv.slice(2);
const db = openDb(dbPath!);
loadMontrealAreas(db);
// Sampled: getrusage's maxRSS keeps the parent's high-water mark across exec on Linux.
let peak = process.memoryUsage().rss;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
const t0 = performance.now();
const r = await loadIncidents(db, csv!, { geography: 'montreal', wave: 'bench' });
const ms = performance.now() - t0;
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);
if (!r.ok) {
	process.stderr.write(JSON.stringify(r.errors.slice(0, 5)));
	process.exit(1);
}
const placement = (r.summary.placement as { assigned: number; outside: number }[])[0]!;
process.stdout.write(JSON.stringify({ ms, rows: r.rows, peak_rss_mb: peak / 2 ** 20, placed: placement.assigned, outside: placement.outside }));
