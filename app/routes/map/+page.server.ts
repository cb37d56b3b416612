import type { PageServerLoad } from './$types';
import { mapView } from '$lib/server/page-views';
import { pageSuppression, requirePermission } from '$lib/server/auth/guard';

/** The map page; `?suppress=0` shows an analyst the suppressed values (not for publication). */
export const load: PageServerLoad = (event) => {
	requirePermission(event, 'dashboard.read');
	const { url, locals } = event;
	const { suppress, unsuppressed, canUnsuppress } = pageSuppression(event);
	return {
		...mapView(url, locals.locale, suppress),
		unsuppressed,
		canUnsuppress
	};
};
