import { suggestForFile } from '../ingest/suggest/index.ts';
const r = await suggestForFile(process.argv[2]!, { geographies: [] });
if ('code' in r) { console.log(r); process.exit(1); }
for (const [role, c] of Object.entries(r.suggestion.candidates)) console.log(role, JSON.stringify(c.slice(0,3).map(x=>[x.column,x.score,x.reasons.map(z=>z.code)])));
console.log(JSON.stringify(r.suggestion.chosen));
console.log(JSON.stringify(r.draft, null, 1));
