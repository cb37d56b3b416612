/** The portrait's "who works here": the first partners of the directory placed in the borough (public fields only). */
import type { Db } from '../../../../db/connection';
import { listDatasets } from '../../../../db/datasets';
import { listPartnerServices, readPartnerDirectory } from '../../../../db/partners';
import type { Locale } from '../../i18n';
import { DEFAULT_GEOGRAPHY } from '../../../../domain/words';

export interface AreaPartners {
	count: number;
	shown: { name: string; services: string[]; website: string | null; member: boolean | null }[];
	synthetic: boolean;
}

/** Null when no directory is loaded (the portrait then says nothing about partners). */
export function partnersOfArea(db: Db, code: string, locale: Locale, limit = 6): AreaPartners | null {
	const ds = listDatasets(db, 'partners').at(-1);
	if (!ds) return null;
	const labels = new Map(listPartnerServices(db).map((s) => [s.id, locale === 'fr' ? s.label_fr : s.label_en]));
	const here = readPartnerDirectory(db).filter((p) => p.area_code === code && p.geography === DEFAULT_GEOGRAPHY);
	// Members of the table first, then by name (the directory's order).
	const ordered = [...here.filter((p) => p.member), ...here.filter((p) => !p.member)];
	return { count: here.length, synthetic: ds.synthetic,
		shown: ordered.slice(0, limit).map((p) => ({ name: p.name, services: p.services.map((id) => labels.get(id) ?? id), website: p.website, member: p.member })) };
}
