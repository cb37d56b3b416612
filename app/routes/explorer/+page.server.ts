import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { cachedView } from '$lib/server/view-cache';
import { buildExplorer } from '$lib/server/explorer';
import { pageSuppression, requirePermission } from '$lib/server/auth/guard';

/** The indicator explorer; `?suppress=0` shows an analyst the suppressed values (not for publication). */
export const load: PageServerLoad = (event) => {
	requirePermission(event, 'dashboard.read');
	const { url, locals } = event;
	const { suppress, unsuppressed, canUnsuppress } = pageSuppression(event);
	return {
		...cachedView(getDb(), ['explorer', url.searchParams.get('indicator'), url.searchParams.get('wave'), url.searchParams.get('borough'), locals.locale, suppress],
			() => buildExplorer(getDb(), url, locals.locale, { suppress })),
		unsuppressed,
		canUnsuppress
	};
};
