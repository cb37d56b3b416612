/**
 * The partners directory as readers get it: the query (search by name, service, audience, area)
 * read from the URL, the matching partners, and who sees what. Organisation names, services,
 * audiences, addresses and public websites are public; the personal contact details (a named
 * person, a direct phone or e-mail) leave the server only for signed-in readers — `forReader`
 * is the one place that decides it, for pages, the API and exports alike.
 */
import { error } from '@sveltejs/kit';
import type { Db } from '../../../../db/connection';
import { listAreas } from '../../../../db/areas';
import { listDatasets } from '../../../../db/datasets';
import { listPartnerServices, readPartnerDirectory, type PartnerRecord } from '../../../../db/partners';
import { headerKey } from '../../../../ingest/survey/schema';
import { t, type Locale } from '../../i18n';
import { loadGeography } from '../settings/geography';

/** A partner as one reader may see it: `contact`, `phone` and `email` only for signed-in readers. */
export type PartnerView = Omit<PartnerRecord, 'dataset_id' | 'row_index' | 'name_key' | 'geography' | 'contact' | 'phone' | 'email'>
	& Partial<Pick<PartnerRecord, 'contact' | 'phone' | 'email'>> & { id: string };

/** The one rule of who sees what: contact details are added only when `contacts` is true. */
export function forReader(p: PartnerRecord, contacts: boolean): PartnerView {
	const view: PartnerView = { id: `${p.dataset_id}-${p.row_index}`, name: p.name, address: p.address, area: p.area, area_code: p.area_code,
		lon: p.lon, lat: p.lat, services: p.services, age_min: p.age_min, age_max: p.age_max, genders: p.genders, languages: p.languages,
		website: p.website, hours: p.hours, member: p.member, updated: p.updated };
	return contacts ? { ...view, contact: p.contact, phone: p.phone, email: p.email } : view;
}

export const OUTSIDE_AREA = 'outside';
const GENDERS = ['woman', 'man', 'non-binary'] as const;

export interface PartnerQuery {
	q: string;
	service: string;
	area: string;
	age: number | null;
	gender: string;
	language: string;
}

function bad(locale: Locale, name: string, value: string, allowed: string): never {
	error(400, t(locale, 'api.bad_value', { name, value, allowed }));
}

/** The query from the URL; a value that names nothing is a 400 naming what is allowed. */
export function parsePartnerQuery(q: URLSearchParams, ctx: { services: string[]; areas: string[] }, locale: Locale): PartnerQuery {
	const get = (k: string) => (q.get(k) ?? '').trim();
	const service = get('service'), area = get('area'), gender = get('gender'), language = get('language'), ageText = get('age');
	if (service && !ctx.services.includes(service)) bad(locale, 'service', service, ctx.services.join(', '));
	if (area && area !== OUTSIDE_AREA && !ctx.areas.includes(area)) bad(locale, 'area', area, [...ctx.areas, OUTSIDE_AREA].join(', '));
	if (gender && !(GENDERS as readonly string[]).includes(gender)) bad(locale, 'gender', gender, GENDERS.join(', '));
	if (language && !/^[a-z]{2,3}$/.test(language)) bad(locale, 'language', language, 'fr, en, …');
	if (ageText && !/^\d{1,3}$/.test(ageText)) bad(locale, 'age', ageText, '0–120');
	return { q: get('q').slice(0, 200), service, area, age: ageText ? Number(ageText) : null, gender, language };
}

/** Whether a partner matches every filter given (an empty audience list serves everyone). */
export function matches(p: PartnerRecord, query: PartnerQuery): boolean {
	const key = headerKey(query.q);
	if (key && !p.name_key.includes(key)) return false;
	if (query.service && !p.services.includes(query.service)) return false;
	if (query.area === OUTSIDE_AREA ? p.area_code !== null : query.area && p.area_code !== query.area) return false;
	if (query.age !== null && ((p.age_min !== null && query.age < p.age_min) || (p.age_max !== null && query.age > p.age_max))) return false;
	if (query.gender && p.genders.length > 0 && !p.genders.includes(query.gender)) return false;
	if (query.language && !p.languages.includes(query.language)) return false;
	return true;
}

export interface Directory {
	query: PartnerQuery;
	partners: PartnerView[];
	total: number;
	contacts: boolean;
	services: { id: string; label: string }[];
	areas: { code: string; name: string }[];
	languages: string[];
	source: { title: string; wave: string; synthetic: boolean; created_at: string } | null;
}

/** The directory filtered by the URL's query, as the reader may see it. */
export function buildDirectory(db: Db, url: URL, locale: Locale, opts: { contacts: boolean }): Directory {
	const all = readPartnerDirectory(db);
	const services = listPartnerServices(db).map((s) => ({ id: s.id, label: locale === 'fr' ? s.label_fr : s.label_en }));
	const geography = all[0]?.geography ?? loadGeography(db);
	const areas = listAreas(db, geography).map((a) => ({ code: a.code, name: a.name })).sort((a, b) => a.name.localeCompare(b.name, 'fr'));
	const query = parsePartnerQuery(url.searchParams, { services: services.map((s) => s.id), areas: areas.map((a) => a.code) }, locale);
	const ds = listDatasets(db, 'partners').at(-1);
	return {
		query, total: all.length, contacts: opts.contacts, services, areas,
		partners: all.filter((p) => matches(p, query)).map((p) => forReader(p, opts.contacts)),
		languages: [...new Set(all.flatMap((p) => p.languages))].sort(),
		source: ds ? { title: ds.title, wave: ds.wave, synthetic: ds.synthetic, created_at: ds.created_at } : null
	};
}
