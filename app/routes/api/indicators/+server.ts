import { json, type RequestHandler } from '@sveltejs/kit';
import { listSurveyWaves } from '$db/datasets';
import { loadCatalog } from '$lib/server/settings/catalog';
import { getDb } from '$lib/server/db';
import { csvResponse, wantsCsv } from '$lib/server/http/api';
import { rowsCsv } from '$lib/server/http/csv';
import { requirePermission } from '$lib/server/auth/guard';

/** GET /api/indicators: the catalog (survey and diagnostic indicators, each with its `source`), with the waves that have survey data. */
export const GET: RequestHandler = (event) => {
	requirePermission(event, 'dashboard.read');
	const { request, url } = event;
	const db = getDb();
	const waves = listSurveyWaves(db);
	const catalog = loadCatalog(db);
	const indicators = [
		...catalog.indicators.map((d) => ({
			id: d.id, source: 'survey', type: d.type, label: d.label, description: d.description, unit: d.unit, standard: d.standard ?? null
		})),
		...catalog.diagnostics.map((d) => ({
			id: d.id, source: d.source, type: d.type, label: d.label, description: d.description, unit: d.unit, standard: d.standard ?? null
		}))
	];
	if (wantsCsv(request, url)) {
		return csvResponse(
			rowsCsv(['id', 'source', 'type', 'label_en', 'label_fr', 'unit', 'standard'],
				indicators.map((d) => ({ ...d, label_en: d.label.en, label_fr: d.label.fr }))),
			'vigie-indicators.csv'
		);
	}
	return json({ waves, indicators });
};
