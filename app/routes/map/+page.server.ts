import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { cachedView } from '$lib/server/view-cache';
import { buildMap } from '$lib/server/map';
import { pageSuppression, requirePermission } from '$lib/server/auth/guard';

/** The map page; `?suppress=0` shows an analyst the suppressed values (not for publication). */
export const load: PageServerLoad = (event) => {
	requirePermission(event, 'dashboard.read');
	const { url, locals } = event;
	const { suppress, unsuppressed, canUnsuppress } = pageSuppression(event);
	return {
		...cachedView(getDb(), ['map', url.search, locals.locale, suppress], () => buildMap(getDb(), url, locals.locale, { suppress })),
		unsuppressed,
		canUnsuppress
	};
};
