// Loads one survey CSV into a fresh database and prints {ms, peak_rss_mb, rows} (run by bench/run.ts).
import { openDb } from '../db/connection';
import { loadMontrealAreas } from '../ingest/areas';
import { loadSurvey } from '../ingest/survey/load-survey';

const [csv, dbPath] = process.argv.slice(2);
const db = openDb(dbPath!);
loadMontrealAreas(db);
const t0 = performance.now();
const r = await loadSurvey(db, csv!, { wave: 'bench' });
const ms = performance.now() - t0;
if (!r.ok) {
	process.stderr.write(JSON.stringify(r.errors.slice(0, 5)));
	process.exit(1);
}
process.stdout.write(JSON.stringify({ ms, rows: r.rows, peak_rss_mb: process.resourceUsage().maxRSS / 1024 }));
