import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { cachedView } from '$lib/server/view-cache';
import { buildOverview } from '$lib/server/overview';
import { pageSuppression, requirePermission } from '$lib/server/auth/guard';

/** Every indicator's city value and map; `?suppress=0` for analysts (not for publication). */
export const load: PageServerLoad = (event) => {
	requirePermission(event, 'dashboard.read');
	const { url, locals } = event;
	const { suppress, unsuppressed } = pageSuppression(event);
	return { ...cachedView(getDb(), ['overview', url.search, locals.locale, suppress], () => buildOverview(getDb(), url, locals.locale, { suppress })), unsuppressed };
};
