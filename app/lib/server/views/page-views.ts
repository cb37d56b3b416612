/**
 * The dashboard pages' views, each under one cache entry shared by the page's `load` and its
 * exports (`/export/{view}/…`, the portrait's deck): an export then holds exactly the numbers
 * the page showed and costs nothing more once the page was seen. The key is what the builder
 * reads from the query, the language and suppression (see `cachedView`).
 */
import type { Locale } from '../../i18n';
import { getDb } from '../db';
import { buildExplorer } from './explorer';
import { buildMap } from './map';
import { buildOverview } from './overview';
import { buildPortrait } from './portrait';
import { cachedView } from '../cache/view-cache';

/** Query parameters of an export that the page does not have: left out of the map's key. */
const EXPORT_ONLY = ['scale', 'background', 'variant'];

export function overviewView(url: URL, locale: Locale, suppress: boolean) {
	return cachedView(getDb(), ['overview', url.searchParams.get('wave'), locale, suppress], () => buildOverview(getDb(), url, locale, { suppress }));
}

export function explorerView(url: URL, locale: Locale, suppress: boolean) {
	const q = url.searchParams;
	return cachedView(getDb(), ['explorer', q.get('indicator'), q.get('wave'), q.get('borough'), locale, suppress], () => buildExplorer(getDb(), url, locale, { suppress }));
}

/** `code`: the borough, from the page's path or the export's `?borough=`. */
export function portraitView(code: string, url: URL, locale: Locale, suppress: boolean) {
	return cachedView(getDb(), ['portrait', code, url.searchParams.get('wave'), locale, suppress], () => buildPortrait(getDb(), code, url, locale, { suppress }));
}

export function mapView(url: URL, locale: Locale, suppress: boolean) {
	const q = new URLSearchParams(url.search);
	for (const k of EXPORT_ONLY) q.delete(k);
	q.delete('lang');
	q.sort();
	return cachedView(getDb(), ['map', q.toString(), locale, suppress], () => buildMap(getDb(), url, locale, { suppress }));
}
