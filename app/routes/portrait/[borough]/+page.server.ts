import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { cachedView } from '$lib/server/view-cache';
import { buildPortrait } from '$lib/server/portrait';
import { pageSuppression, requirePermission } from '$lib/server/auth/guard';

/** A borough's portrait; `?suppress=0` shows an analyst the suppressed values (not for publication). */
export const load: PageServerLoad = (event) => {
	requirePermission(event, 'dashboard.read');
	const { url, locals, params } = event;
	const { suppress, unsuppressed, canUnsuppress } = pageSuppression(event);
	return {
		...cachedView(getDb(), ['portrait', params.borough, url.search, locals.locale, suppress], () => buildPortrait(getDb(), params.borough, url, locals.locale, { suppress })),
		unsuppressed,
		canUnsuppress
	};
};
