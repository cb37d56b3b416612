import { json, type RequestHandler } from '@sveltejs/kit';
import { listDatasets } from '$db/datasets';
import { getDb } from '$lib/server/db';
import { csvResponse, wantsCsv } from '$lib/server/api';
import { rowsCsv } from '$lib/server/csv';

/** GET /api/datasets: every dataset with its provenance (PRODUCT.md §2). */
export const GET: RequestHandler = ({ request, url }) => {
	const datasets = listDatasets(getDb());
	if (wantsCsv(request, url))
		return csvResponse(rowsCsv(['id', 'kind', 'wave', 'title', 'file_name', 'sha256', 'rows', 'created_by', 'created_at', 'synthetic'],
			datasets as unknown as Record<string, unknown>[]), 'vigie-datasets.csv');
	return json({ datasets });
};
