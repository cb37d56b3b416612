import type { PageServerLoad } from './$types';
import { portraitView } from '$lib/server/page-views';
import { getDb } from '$lib/server/db';
import { loadRules } from '$lib/server/rules';
import { pageSuppression, requirePermission } from '$lib/server/auth/guard';

/** A borough's portrait; `?suppress=0` shows an analyst the suppressed values (not for publication). */
export const load: PageServerLoad = (event) => {
	requirePermission(event, 'dashboard.read');
	const { url, locals, params } = event;
	const { suppress, unsuppressed, canUnsuppress } = pageSuppression(event);
	return {
		...portraitView(params.borough, url, locals.locale, suppress),
		// The thresholds in force, for the technical side of the reliability words.
		rules: loadRules(getDb()),
		unsuppressed,
		canUnsuppress
	};
};
