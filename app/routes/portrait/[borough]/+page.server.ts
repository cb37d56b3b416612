import type { PageServerLoad } from './$types';
import { portraitView } from '$lib/server/views/page-views';
import { getDb } from '$lib/server/db';
import { loadRules } from '$lib/server/settings/rules';
import { pageSuppression, requirePermission } from '$lib/server/auth/guard';
import { partnersOfArea } from '$lib/server/partners/portrait';

/** A borough's portrait; `?suppress=0` shows an analyst the suppressed values (not for publication). */
export const load: PageServerLoad = (event) => {
	requirePermission(event, 'dashboard.read');
	const { url, locals, params } = event;
	const { suppress, unsuppressed, canUnsuppress } = pageSuppression(event);
	const view = portraitView(params.borough, url, locals.locale, suppress);
	return {
		...view,
		// Outside the cached view: the directory's public fields, the same for every reader.
		partners: partnersOfArea(getDb(), view.selected.borough, locals.locale),
		// The thresholds in force, for the technical side of the reliability words.
		rules: loadRules(getDb()),
		unsuppressed,
		canUnsuppress
	};
};
