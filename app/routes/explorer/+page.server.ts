import type { PageServerLoad } from './$types';
import { EXPLORER } from '$lib/server/views/page-views';
import { loadView } from '$lib/server/request/load';
import { getDb } from '$lib/server/db';
import { loadRules } from '$lib/server/settings/rules';

/** The indicator explorer; `?suppress=0` shows an analyst the suppressed values (not for publication). */
export const load: PageServerLoad = (event) => {
	const { view, q, reader } = loadView(event, EXPLORER);
	return {
		...view,
		// Unknown values read as the default: the order is a view preference, not a filter.
		order: q.order,
		// The thresholds in force, for the technical side of the reliability words.
		rules: loadRules(getDb()),
		unsuppressed: reader.unsuppressed,
		canUnsuppress: reader.canUnsuppress
	};
};
