import type { Db } from '../../../../db/connection';
import { dataVersion } from './data-version';

const views = new Map<string, unknown>();
let version = '';
const MAX_VIEWS = 64;

/**
 * A page's view computed once and kept while the database does not change: a view depends only on
 * what is stored (datasets, catalog, reliability rules) and what the page asked (`parts`: the
 * query, the language, suppression). Any write to the database (`dataVersion`) lets every view go;
 * otherwise the oldest go first. Dashboard pages otherwise recompute the same tables for every viewer.
 *
 * @example cachedView(db, ['explorer', url.search, locale, suppress], () => buildIndicator(db, url, locale, opts))
 */
export function cachedView<T>(db: Db, parts: unknown[], compute: () => T): T {
	const now = dataVersion(db);
	if (now !== version) {
		views.clear();
		version = now;
	}
	const key = JSON.stringify(parts);
	if (views.has(key)) return views.get(key) as T;
	const view = compute();
	views.set(key, view);
	while (views.size > MAX_VIEWS) views.delete(views.keys().next().value!);
	return view;
}
