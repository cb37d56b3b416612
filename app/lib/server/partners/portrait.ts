/** The portrait's "who works here": the first partners of the directory placed in the borough (public fields only). */
import type { Db } from '../../../../db/connection';
import { listDatasets } from '../../../../db/datasets';
import { listPartnerServices, readPartnerDirectory } from '../../../../db/partners';
import type { Locale } from '../../i18n';
import { cached } from '../cache/cache';
import { surveyGeography } from '../settings/geography';

export interface AreaPartners {
	count: number;
	shown: { name: string; services: string[]; website: string | null; member: boolean | null }[];
	synthetic: boolean;
}

/**
 * The partners placed in a portrait's area (of the geography the wave's survey is placed in).
 * Null when no directory is loaded (the portrait then says nothing about partners).
 */
export function partnersOfArea(db: Db, code: string, wave: string, locale: Locale, limit = 6): AreaPartners | null {
	// The directory's public fields only: the same value for every reader of the portrait.
	return cached(db, { kind: 'area-partners', params: { code, wave, limit }, locale, audience: 'public' }, () => readPartnersOfArea(db, code, wave, locale, limit));
}

function readPartnersOfArea(db: Db, code: string, wave: string, locale: Locale, limit: number): AreaPartners | null {
	const ds = listDatasets(db, 'partners').at(-1);
	if (!ds) return null;
	const geography = surveyGeography(db, wave || undefined);
	const labels = new Map(listPartnerServices(db).map((s) => [s.id, locale === 'fr' ? s.label_fr : s.label_en]));
	const here = readPartnerDirectory(db).filter((p) => p.area_code === code && p.geography === geography);
	// Members of the table first, then by name (the directory's order).
	const ordered = [...here.filter((p) => p.member), ...here.filter((p) => !p.member)];
	return { count: here.length, synthetic: ds.synthetic,
		shown: ordered.slice(0, limit).map((p) => ({ name: p.name, services: p.services.map((id) => labels.get(id) ?? id), website: p.website, member: p.member })) };
}
