import type { PageServerLoad } from './$types';
import { PORTRAIT } from '$lib/server/views/page-views';
import { loadView } from '$lib/server/request/load';
import { getDb } from '$lib/server/db';
import { loadRules } from '$lib/server/settings/rules';
import { partnersOfArea } from '$lib/server/partners/portrait';

/** A borough's portrait; `?suppress=0` shows an analyst the suppressed values (not for publication). */
export const load: PageServerLoad = (event) => {
	const { view, reader } = loadView(event, PORTRAIT, { borough: event.params.borough });
	return {
		...view,
		// Beside the view (kept in the cache on its own): the directory's public fields, the same for every reader.
		partners: partnersOfArea(getDb(), view.selected.borough, view.selected.wave, reader.locale),
		// The thresholds in force, for the technical side of the reliability words.
		rules: loadRules(getDb()),
		unsuppressed: reader.unsuppressed,
		canUnsuppress: reader.canUnsuppress
	};
};
