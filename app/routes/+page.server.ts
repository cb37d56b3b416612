import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { overviewView } from '$lib/server/page-views';
import { pageSuppression, requirePermission } from '$lib/server/auth/guard';

/**
 * The home page is the overview: every indicator's city value, its change and its map;
 * `?suppress=0` for analysts (not for publication). The former home page's links (one indicator,
 * a borough) lead to the explorer, which shows the same and more.
 */
export const load: PageServerLoad = (event) => {
	requirePermission(event, 'dashboard.read');
	const { url, locals } = event;
	if (url.searchParams.has('indicator') || url.searchParams.has('borough')) redirect(308, `/explorer${url.search}`);
	const { suppress, unsuppressed } = pageSuppression(event);
	return {
		...overviewView(url, locals.locale, suppress),
		unsuppressed
	};
};
