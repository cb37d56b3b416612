import type { PageServerLoad } from './$types';
import { MAP } from '$lib/server/views/page-views';
import { loadView } from '$lib/server/request/load';
import { getDb } from '$lib/server/db';
import { buildPartnersLayer } from '$lib/server/partners/map-layer';

/** The map page; `?suppress=0` shows an analyst the suppressed values (not for publication). */
export const load: PageServerLoad = (event) => {
	const { view, reader } = loadView(event, MAP);
	return {
		...view,
		// Outside the cached view (and so the map's exports): the same for every reader, names and services only, and cheap.
		partners: view.selected.layers.includes('partners') ? buildPartnersLayer(getDb(), view.selected.geography, view.map, reader.locale) : null,
		unsuppressed: reader.unsuppressed,
		canUnsuppress: reader.canUnsuppress
	};
};
