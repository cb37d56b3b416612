import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { OVERVIEW } from '$lib/server/views/page-views';
import { loadView } from '$lib/server/request/load';
import { overviewScreen } from '$lib/server/views/first-screens';
import { getDb } from '$lib/server/db';
import { requirePermission } from '$lib/server/auth/guard';
import { shareShapes } from '$lib/charts/shared-shapes';

/**
 * The home page is the overview: every indicator's city value, its change and its map;
 * `?suppress=0` for analysts (not for publication); `?borough=CODE` turns the key findings to that
 * borough. The former home page's links (one indicator, with or without a borough) lead to the
 * explorer, which shows the same and more.
 * The page gets what it draws, not the whole view (its exports read the view itself): the maps'
 * area shapes once for all maps (they are the same areas at the same size), and no export-only
 * fields (the boroughs' table, the description, the areas' centroids).
 */
export const load: PageServerLoad = (event) => {
	requirePermission(event, 'dashboard.read');
	const { url, locals } = event;
	if (url.searchParams.has('indicator')) redirect(308, `/explorer${url.search}`);
	const { view: overview, q, reader } = loadView(event, OVERVIEW);
	const labels = new Map(overview.indicators.map((i) => [i.id, i.label]));
	const { shapes, specs } = shareShapes(overview.indicators.map((i) => i.map));
	const { empty, waves, wave, boroughCount, source } = overview;
	return {
		empty, waves, wave, boroughCount, source, shapes,
		indicators: overview.indicators.map(({ id, label, type, city, previous }, k) => ({ id, label, type, city, previous, map: specs[k]! })),
		screen: overviewScreen(getDb(), q.borough, locals.locale, overview.empty ? '' : overview.wave, labels),
		unsuppressed: reader.unsuppressed
	};
};
