/**
 * The dashboard pages' views, each described once (its query, what it depends on, how it is
 * computed) for the page's `load` and its exports (`/export/{view}/…`, the portrait's deck),
 * which read it with `loadView` (request/load.ts): one cache entry per view, query, language and
 * suppression, so that an export holds exactly the numbers the page showed.
 */
import type { ViewSpec } from '../request/load';
import { compareQuery, explorerQuery, mapQuery, overviewQuery, portraitQuery } from '../request/queries';
import { buildCompare, type CompareData } from './compare';
import { buildExplorer, type ExplorerData } from './explorer';
import { buildMap, type MapData } from './map';
import { buildOverview, type OverviewData } from './overview';
import { buildPortrait, type PortraitData } from './portrait';
import { error } from '@sveltejs/kit';
import { t } from '../../i18n';

/** The overview's charts depend on the wave only (`borough` turns the key findings, which are kept apart). */
export const OVERVIEW: ViewSpec<typeof overviewQuery, OverviewData> = {
	kind: 'overview', query: overviewQuery, key: (q) => [q.wave ?? null],
	compute: (db, q, r) => buildOverview(db, q, r.locale, r)
};

/** `order` is drawn by the page and its exports from the same view. */
export const EXPLORER: ViewSpec<typeof explorerQuery, ExplorerData> = {
	kind: 'explorer', query: explorerQuery, key: (q) => [q.indicator ?? null, q.wave ?? null, q.borough ?? null],
	compute: (db, q, r) => buildExplorer(db, q, r.locale, r)
};

/** The borough comes from the page's path (given to `loadView` as fixed) or the export's `?borough=` (required there). */
export const PORTRAIT: ViewSpec<typeof portraitQuery, PortraitData> = {
	kind: 'portrait', query: portraitQuery, key: (q) => [q.borough ?? null, q.wave ?? null],
	compute: (db, q, r) => {
		if (!q.borough) error(400, t(r.locale, 'export.missing_borough'));
		return buildPortrait(db, q.borough, q, r.locale, r);
	}
};

export const MAP: ViewSpec<typeof mapQuery, MapData> = {
	kind: 'map', query: mapQuery,
	compute: (db, q, r) => buildMap(db, q, r.locale, r)
};

/** Always the viewer's tables, whoever asks (the comparison's query has no `suppress`). */
export const COMPARE: ViewSpec<typeof compareQuery, CompareData> = {
	kind: 'compare', query: compareQuery,
	compute: (db, q, r) => buildCompare(db, q, r.locale)
};
