import { join } from 'node:path';
import { openDb } from '../db/connection';
import { finishDataset, insertDataset } from '../db/datasets';
import { surveyWriter } from '../db/survey';
import { areaNameIndex } from '../db/areas';
import { loadMontrealAreas } from '../ingest/areas';
import { CodeColumn, NumberColumn } from '../ingest/survey/columns';
import { clearCache } from '../app/lib/server/cache/cache';
import { computeIndicator } from '../app/lib/server/indicators/survey';
import { syntheticSurvey } from './synthetic';
import { BENCH_BOROUGHS } from './csv';

/**
 * Stores a synthetic survey of n respondents through the column writers (as ingestion does, minus
 * CSV parsing), then times what GET /api/indicators/{id} does: read the columns from SQLite, build
 * the frame, recode, estimate every borough × age group × gender domain.
 */
export async function benchStored(n: number, dir: string): Promise<Record<string, string | number>[]> {
	const s = syntheticSurvey(n, { seed: 11 });
	const db = openDb(join(dir, 'stored.db'));
	loadMontrealAreas(db);
	const areas = areaNameIndex(db, 'montreal');
	const idOf = BENCH_BOROUGHS.map((b) => areas.find((a) => a.name === b)!.id);
	db.transaction(() => {
		const id = insertDataset(db, { kind: 'survey', wave: 'bench', title: 'bench', file_name: 'bench', sha256: 'bench', created_by: 'bench',
			created_at: new Date().toISOString(), mapping: {}, design: { strata: true, psu: true, replicate: null }, synthetic: true });
		const w = surveyWriter(db, id);
		const f = s.frame;
		const cols = {
			area: new NumberColumn(w, 'area_id', 0, 'domain'), age: new CodeColumn(w, 'age_group', 1, 'domain', f.factors.age_group.levels),
			gender: new CodeColumn(w, 'gender', 2, 'domain', f.factors.gender.levels), stratum: new CodeColumn(w, 'stratum', 3, 'design'),
			psu: new CodeColumn(w, 'psu', 4, 'design'), weight: new NumberColumn(w, 'weight', 5, 'weight'),
			item: new CodeColumn(w, 'safe_after_dark', 6, 'item')
		};
		for (let i = 0; i < n; i++) {
			const b = f.factors.borough.codes[i]!;
			cols.area.push(idOf[b]);
			cols.age.push(f.factors.age_group.levels[f.factors.age_group.codes[i]!]);
			cols.gender.push(f.factors.gender.levels[f.factors.gender.codes[i]!]);
			cols.stratum.push(String(f.strata![i]));
			cols.psu.push(String(f.psu![i]));
			cols.weight.push(f.weight[i]);
			const y = s.y[i]!;
			cols.item.push(y !== y ? '8' : y === 1 ? '1' : '3');
		}
		for (const c of Object.values(cols)) c.finish();
		finishDataset(db, id, { rows: n, wave: 'bench' });
	})();
	const out: Record<string, string | number>[] = [];
	for (const design of ['weights', 'strata_psu'] as const) {
		const run = () => computeIndicator(db, { indicator: 'feel_safe_after_dark', wave: 'bench', by: ['borough', 'age_group', 'gender'], design, ci: 'kg', suppress: true });
		clearCache();
		let t0 = performance.now();
		run();
		const cold = performance.now() - t0;
		const warm: number[] = [];
		for (let k = 0; k < 5; k++) {
			t0 = performance.now();
			run();
			warm.push(performance.now() - t0);
		}
		warm.sort((a, b) => a - b);
		out.push({ respondents: n, design, 'cold ms (SQLite read + estimate)': cold.toFixed(1), 'warm ms (frame cached)': warm[2]!.toFixed(1), 'target ms': 300 });
	}
	db.close();
	return out;
}
