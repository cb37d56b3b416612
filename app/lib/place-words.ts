import { isMessageKey, t, type Locale, type MessageKey } from './i18n';

/**
 * Names a reader sees for codes that come from the data: a geography's display name instead of
 * its code ("Montréal, arrondissements et villes liées", not "montreal"), and an incident
 * category in the reader's language. Codes the catalogs do not know are shown as they are: an
 * analyst's own geography or category is already in the words of its file.
 */
const key = (prefix: string, code: string) => `${prefix}.${code.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '')}`;

export function geographyName(locale: Locale, code: string): string {
	const k = key('geography', code);
	return isMessageKey(k) ? t(locale, k as MessageKey) : code;
}

export function categoryName(locale: Locale, category: string): string {
	const k = key('incident_category', category);
	return isMessageKey(k) ? t(locale, k as MessageKey) : category;
}
