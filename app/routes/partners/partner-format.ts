/** Words for a partner's fields in the reader's language, shared by the directory's pages. */
import { type Locale, type MessageKey, translator } from '$lib/i18n';

export interface PartnerLike {
	services: string[];
	age_min: number | null;
	age_max: number | null;
	genders: string[];
	languages: string[];
}

export function partnerFormat(locale: Locale, services: { id: string; label: string }[]) {
	const tr = translator(locale);
	const labels = new Map(services.map((s) => [s.id, s.label]));
	const names = new Intl.DisplayNames([locale === 'fr' ? 'fr-CA' : 'en-CA'], { type: 'language', fallback: 'code' });
	const language = (code: string) => (code === 'sgn' ? (locale === 'fr' ? 'LSQ / ASL' : 'ASL / LSQ') : names.of(code) ?? code);
	const ages = (p: PartnerLike) =>
		p.age_min === null && p.age_max === null ? tr('partners.all_ages')
		: tr('partners.ages', { range: p.age_max === null ? `${p.age_min}+` : `${p.age_min ?? 0}–${p.age_max}` });
	return {
		tr,
		service: (id: string) => labels.get(id) ?? id,
		services: (p: PartnerLike) => p.services.map((id) => labels.get(id) ?? id).join(', '),
		language,
		languages: (p: PartnerLike) => p.languages.map(language).join(', '),
		audience: (p: PartnerLike) => [ages(p), p.genders.length ? p.genders.map((g) => tr(`partners.gender.${g}` as MessageKey)).join(', ') : tr('partners.everyone')].join(' · '),
		date: (iso: string) => !/^\d{4}-\d{2}-\d{2}$/.test(iso) ? iso : new Date(`${iso}T12:00:00Z`).toLocaleDateString(locale === 'fr' ? 'fr-CA' : 'en-CA', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' })
	};
}
export type PartnerFormat = ReturnType<typeof partnerFormat>;

/** The query string of the directory's filters (without the display), for the export and print links. */
export function filterQuery(q: { q: string; service: string; area: string; age: number | null; gender: string; language: string }): string {
	const s = new URLSearchParams();
	for (const [k, v] of Object.entries(q)) if (v !== '' && v !== null) s.set(k, String(v));
	const text = s.toString();
	return text ? `?${text}` : '';
}
