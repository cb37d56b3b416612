import { json, type RequestHandler } from '@sveltejs/kit';
import { listAreaGeometries, listAreas } from '$db/areas';
import { getDb } from '$lib/server/db';
import { csvResponse, wantsCsv } from '$lib/server/http/api';
import { rowsCsv } from '$lib/server/http/csv';
import { requirePermission } from '$lib/server/auth/guard';
import { loadGeography } from '$lib/server/settings/geography';

/**
 * GET /api/areas[?geography=NAME][&geometry=1]: the areas (of every geography, or one), with their
 * GeoJSON geometry on request (of the house geography when none is named).
 */
export const GET: RequestHandler = (event) => {
	requirePermission(event, 'dashboard.read');
	const { request, url } = event;
	const db = getDb();
	const geography = url.searchParams.get('geography') ?? undefined;
	if (url.searchParams.get('geometry') === '1') {
		return json({ areas: listAreaGeometries(db, geography ?? loadGeography(db)) });
	}
	const areas = listAreas(db, geography);
	if (wantsCsv(request, url)) return csvResponse(rowsCsv(['id', 'geography', 'code', 'name', 'type'], areas as unknown as Record<string, unknown>[]), 'vigie-areas.csv');
	return json({ areas });
};
