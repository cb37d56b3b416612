import type { Db } from '../../../db/connection';
import { listDatasets } from '../../../db/datasets';
import { loadCatalog } from './catalog';
import { loadRules } from './rules';

const views = new Map<string, unknown>();
const MAX_VIEWS = 64;

/**
 * A page's view computed once and kept: datasets (surveys, areas) never change once loaded (a replaced one
 * has another id and SHA-256), so a view depends only on them, the catalog, the reliability
 * rules and what the page asked (`parts`: the query, the language, suppression). The oldest
 * views are let go first. Dashboard pages otherwise recompute the same tables for every viewer.
 *
 * @example cachedView(db, ['home', url.search, locale, suppress], () => buildHome(db, url, locale, opts))
 */
export function cachedView<T>(db: Db, parts: unknown[], compute: () => T): T {
	const key = JSON.stringify([db.name, listDatasets(db).map((d) => `${d.id}:${d.sha256}`), loadCatalog(db), loadRules(db), parts]);
	if (views.has(key)) return views.get(key) as T;
	const view = compute();
	views.set(key, view);
	while (views.size > MAX_VIEWS) views.delete(views.keys().next().value!);
	return view;
}
