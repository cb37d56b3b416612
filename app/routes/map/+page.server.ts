import type { PageServerLoad } from './$types';
import { mapView } from '$lib/server/views/page-views';
import { pageSuppression, requirePermission } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db';
import { buildPartnersLayer } from '$lib/server/partners/map-layer';

/** The map page; `?suppress=0` shows an analyst the suppressed values (not for publication). */
export const load: PageServerLoad = (event) => {
	requirePermission(event, 'dashboard.read');
	const { url, locals } = event;
	const { suppress, unsuppressed, canUnsuppress } = pageSuppression(event);
	const view = mapView(url, locals.locale, suppress);
	return {
		...view,
		// Outside the cached view (and so the map's exports): the same for every reader, names and services only, and cheap.
		partners: view.selected.layers.includes('partners') ? buildPartnersLayer(getDb(), view.selected.geography, view.map, locals.locale) : null,
		unsuppressed,
		canUnsuppress
	};
};
