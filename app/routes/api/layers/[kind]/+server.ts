import type { RequestHandler } from '@sveltejs/kit';
import { layerResponse } from '$lib/server/http/diagnostic-api';
import { allows, requirePermission } from '$lib/server/auth/guard';

/**
 * GET /api/layers/{mapping|incidents|audit}?wave&size&category — map layers as GeoJSON: mapped
 * points and incidents only as hexagons of at least 5 points (no single place a person marked), audit sites with
 * their scores (never the free-text findings). Viewers choose among a few grid sizes, analysts any.
 */
export const GET: RequestHandler = (event) => {
	requirePermission(event, 'dashboard.read');
	return layerResponse(event.params.kind!, event.url, event.locals.locale, allows(event.locals, 'estimates.unsuppressed'));
};
