import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { OVERVIEW } from '$lib/server/views/page-views';
import { loadView } from '$lib/server/request/load';
import { overviewScreen } from '$lib/server/views/first-screens';
import { getDb } from '$lib/server/db';
import { requirePermission } from '$lib/server/auth/guard';

/**
 * The home page is the overview: every indicator's city value, its change and its map;
 * `?suppress=0` for analysts (not for publication); `?borough=CODE` turns the key findings to that
 * borough. The former home page's links (one indicator, with or without a borough) lead to the
 * explorer, which shows the same and more.
 */
export const load: PageServerLoad = (event) => {
	requirePermission(event, 'dashboard.read');
	const { url, locals } = event;
	if (url.searchParams.has('indicator')) redirect(308, `/explorer${url.search}`);
	const { view: overview, q, reader } = loadView(event, OVERVIEW);
	const labels = new Map(overview.indicators.map((i) => [i.id, i.label]));
	return {
		...overview,
		screen: overviewScreen(getDb(), q.borough, locals.locale, overview.empty ? '' : overview.wave, labels),
		unsuppressed: reader.unsuppressed
	};
};
