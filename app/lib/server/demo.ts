import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Db } from '../../../db/connection';
import { listDatasets } from '../../../db/datasets';
import { loadSurvey } from '../../../ingest/survey/load-survey';
import { DEMO_WAVES, generateDemoSurvey } from '../../../fixtures/demo/generate-survey';

export const DEMO_TITLE = 'Enquête de démonstration Vigie (synthétique) / Vigie demo survey (synthetic)';

/**
 * Loads the synthetic demo survey (two waves) into a database that has no survey yet, through
 * the same ingestion as any analyst's file. The CSVs are written beside the database so an
 * analyst can look at what was loaded. Returns the dataset ids loaded (none if there was data).
 */
export async function ensureDemoData(db: Db, dbPath: string): Promise<number[]> {
	if (listDatasets(db, 'survey').length > 0) return [];
	const dir = join(dirname(dbPath), 'demo');
	mkdirSync(dir, { recursive: true });
	const ids: number[] = [];
	for (const w of DEMO_WAVES) {
		const file = join(dir, `vigie-demo-survey-${w.wave}.csv`);
		writeFileSync(file, generateDemoSurvey(w));
		const r = await loadSurvey(db, file, { wave: w.wave, title: DEMO_TITLE, synthetic: true, createdBy: 'demo' });
		if (!r.ok) throw new Error(`the demo survey ${w.wave} did not load: ${JSON.stringify(r.errors.slice(0, 3))}`);
		ids.push(r.dataset_id!);
	}
	return ids;
}
