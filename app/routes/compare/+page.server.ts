import type { PageServerLoad } from './$types';
import { compareView } from '$lib/server/views/compare';
import { requirePermission } from '$lib/server/auth/guard';

/** Two boroughs, or a borough and the whole city, side by side: `?a=CODE&b=CODE|city&wave=W`. Viewer's tables only. */
export const load: PageServerLoad = (event) => {
	requirePermission(event, 'dashboard.read');
	return compareView(event.url, event.locals.locale);
};
