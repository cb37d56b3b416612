import type { PageServerLoad } from './$types';
import type { BoroughOrder } from '$lib/exports/charts/common';
import { explorerView } from '$lib/server/views/page-views';
import { getDb } from '$lib/server/db';
import { loadRules } from '$lib/server/settings/rules';
import { pageSuppression, requirePermission } from '$lib/server/auth/guard';

/** The indicator explorer; `?suppress=0` shows an analyst the suppressed values (not for publication). */
export const load: PageServerLoad = (event) => {
	requirePermission(event, 'dashboard.read');
	const { url, locals } = event;
	const { suppress, unsuppressed, canUnsuppress } = pageSuppression(event);
	return {
		...explorerView(url, locals.locale, suppress),
		// Unknown values read as the default: the order is a view preference, not a filter.
		order: (url.searchParams.get('order') === 'alpha' ? 'alpha' : 'rank') as BoroughOrder,
		// The thresholds in force, for the technical side of the reliability words.
		rules: loadRules(getDb()),
		unsuppressed,
		canUnsuppress
	};
};
