// Writes a synthetic canonical survey CSV: node bin/run-ts.js bench/make-csv.ts ROWS REPLICATES OUT.csv
import { syntheticSurvey } from './synthetic';
import { writeSurveyCsv } from './csv';

const [rows, reps, out] = process.argv.slice(2);
if (!out) {
	process.stderr.write('usage: make-csv.ts ROWS REPLICATES OUT.csv\n');
	process.exit(2);
}
const bytes = await writeSurveyCsv(out, syntheticSurvey(Number(rows), { replicates: Number(reps), seed: 7 }));
process.stdout.write(`${out}: ${rows} rows, ${(bytes / 1e6).toFixed(1)} MB\n`);
