import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '../../../../db/connection';
import { listDatasets } from '../../../../db/datasets';
import { ingestSurvey } from './ingest';
import { loadIncidents } from '../../../../ingest/incidents/load-incidents';
import { loadPopulation } from '../../../../ingest/population/load-population';
import { loadWalkAudit } from '../../../../ingest/walk-audit/load-walk-audit';
import { loadParticipatoryMap } from '../../../../ingest/participatory-map/load-participatory-map';
import { loadPartners } from '../../../../ingest/partners/load-partners';
import type { DiagnosticIngestResult } from '../../../../ingest/diagnostic-load';
import { DEMO_WAVES, generateDemoSurvey } from '../../../../demo/generate-survey';
import { demoWalkAudit, demoIncidents, demoParticipatoryMap } from '../../../../demo/generate-diagnostics';
import { DEFAULT_GEOGRAPHY } from '../../../../domain/words';

export const DEMO_TITLE = 'Enquête de démonstration Vigie (synthétique) / Vigie demo survey (synthetic)';

/** The real Montreal census table by age (Statistics Canada 2021), the rates' denominators. */
const CENSUS = fileURLToPath(new URL('../../../../demo/population_2021_by_age.csv', import.meta.url));
/** A synthetic partners directory: made-up organisations, "(fictif)" in every name, 555 phones, example.org. */
const PARTNERS = fileURLToPath(new URL('../../../../demo/vigie-demo-partners.csv', import.meta.url));

/** What `VIGIE_DEMO` asks for: `all` (default), `survey` (the survey only) or `none`. */
export type DemoScope = 'all' | 'survey' | 'none';
export function demoScopeFromEnv(value: string | undefined): DemoScope {
	return value === 'survey' || value === 'none' || value === '0' ? (value === '0' ? 'none' : value) : 'all';
}

/**
 * Loads the synthetic demo survey (two waves) into a database that has no survey yet, through
 * the same ingestion as any analyst's file. The CSVs are written beside the database so an
 * analyst can look at what was loaded. Returns the dataset ids loaded (none if there was data).
 */
export async function ensureDemoData(db: Db, dbPath: string, scope: DemoScope = 'all'): Promise<number[]> {
	if (scope === 'none' || listDatasets(db, 'survey').length > 0) return [];
	const dir = join(dirname(dbPath), 'demo');
	mkdirSync(dir, { recursive: true });
	const ids: number[] = [];
	for (const w of DEMO_WAVES) {
		const file = join(dir, `vigie-demo-survey-${w.wave}.csv`);
		writeFileSync(file, generateDemoSurvey(w));
		const r = await ingestSurvey(db, file, { wave: w.wave, title: DEMO_TITLE, synthetic: true, createdBy: 'demo' });
		if (!r.ok) throw new Error(`the demo survey ${w.wave} did not load: ${JSON.stringify(r.errors.slice(0, 3))}`);
		ids.push(r.dataset_id!);
	}
	if (scope === 'all') ids.push(...(await loadDemoDiagnostics(db, dir)));
	return ids;
}

const DEMO_DIAGNOSTICS = [
	{ file: 'vigie-demo-incidents-2024.csv', make: demoIncidents, title: 'Incidents de démonstration, forme SPVM (synthétiques) / Demo incidents, SPVM shape (synthetic)',
		load: (db: Db, f: string, o: object) => loadIncidents(db, f, o) },
	{ file: 'vigie-demo-audit-2024.csv', make: demoWalkAudit, title: 'Marches exploratoires de démonstration (synthétiques) / Demo exploratory walks (synthetic)',
		load: (db: Db, f: string, o: object) => loadWalkAudit(db, f, { ...o, wave: '2024' }) },
	{ file: 'vigie-demo-mapping-2024.csv', make: demoParticipatoryMap, title: 'Cartographie participative de démonstration (synthétique) / Demo participatory mapping (synthetic)',
		load: (db: Db, f: string, o: object) => loadParticipatoryMap(db, f, { ...o, wave: '2024' }) }
] as const;

/**
 * The demo's diagnostic data for Montréal: the real 2021 census table (denominators) and
 * synthetic incidents, exploratory walks, participatory-mapping points and partners directory,
 * each marked synthetic.
 */
async function loadDemoDiagnostics(db: Db, dir: string): Promise<number[]> {
	const ok = (what: string, r: DiagnosticIngestResult) => {
		if (!r.ok) throw new Error(`the demo ${what} did not load: ${JSON.stringify(r.errors.slice(0, 3))}`);
		return r.dataset_id!;
	};
	const ids = [ok('population', await loadPopulation(db, CENSUS, { geography: DEFAULT_GEOGRAPHY, wave: '2021', createdBy: 'demo',
		title: 'Recensement 2021 par âge, Montréal (Statistique Canada) / Census 2021 by age, Montréal (Statistics Canada)' }))];
	for (const d of DEMO_DIAGNOSTICS) {
		const file = join(dir, d.file);
		writeFileSync(file, d.make());
		ids.push(ok(d.file, await d.load(db, file, { geography: DEFAULT_GEOGRAPHY, title: d.title, synthetic: true, createdBy: 'demo' })));
	}
	ids.push(ok('partners', await loadPartners(db, PARTNERS, { geography: DEFAULT_GEOGRAPHY, synthetic: true, createdBy: 'demo',
		title: 'Répertoire des partenaires de démonstration (synthétique) / Demo partners directory (synthetic)' })));
	return ids;
}
