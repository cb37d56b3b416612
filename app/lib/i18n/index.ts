import { en, type MessageKey } from './en';
import { fr } from './fr';

export type Locale = 'fr' | 'en';
/** Montreal works in French: French unless the reader or a setting says otherwise. */
export const DEFAULT_LOCALE: Locale = 'fr';
export type { MessageKey };

const catalogs: Record<Locale, Record<MessageKey, string>> = { en, fr };

export function isLocale(x: unknown): x is Locale {
	return x === 'fr' || x === 'en';
}

export function isMessageKey(x: string): x is MessageKey {
	return x in en;
}

const pluralRules = { fr: new Intl.PluralRules('fr-CA'), en: new Intl.PluralRules('en-CA') };
/** `{count, plural, one {# row} other {# rows}}`: the branch of the count's plural category, `#` the count. */
const PLURAL = /\{(\w+), plural,((?:\s*\w+ \{[^{}]*\})+)\s*\}/g;

function plural(locale: Locale, text: string, params: Record<string, string | number>): string {
	return text.replace(PLURAL, (m, name: string, branches: string) => {
		if (!(name in params)) return m;
		const n = Number(params[name]);
		const forms = new Map([...branches.matchAll(/(\w+) \{([^{}]*)\}/g)].map((b) => [b[1]!, b[2]!] as const));
		const form = forms.get(pluralRules[locale].select(n)) ?? forms.get('other') ?? '';
		return form.replace(/#/g, String(params[name]));
	});
}

/**
 * `t('fr', 'ingest.loaded', { rows: 3 })` → the French message with {rows} filled in. Plurals
 * follow `Intl.PluralRules` through `{count, plural, one {…} other {…}}` (French "one" covers 0 and 1).
 */
export function t(locale: Locale, key: MessageKey, params: Record<string, string | number> = {}): string {
	return plural(locale, catalogs[locale][key], params).replace(/\{(\w+)\}/g, (m, name: string) =>
		name in params ? String(params[name]) : m
	);
}

const percentFormats = new Map<string, Intl.NumberFormat>();
/** A share as a percentage with one decimal: 0.624 → "62,4 %" (fr) or "62.4%" (en). */
export function formatPercent(locale: Locale, v: number, digits = 1): string {
	const key = `${locale}:${digits}`;
	let f = percentFormats.get(key);
	if (!f) {
		f = new Intl.NumberFormat(locale === 'fr' ? 'fr-CA' : 'en-CA', {
			style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits
		});
		percentFormats.set(key, f);
	}
	return f.format(v);
}

const numberFormats = new Map<string, Intl.NumberFormat>();
/** A number with the locale's separators: 12345.6 → "12 345,6" (fr) or "12,345.6" (en). */
export function formatNumber(locale: Locale, v: number, digits = 0): string {
	// One formatter per language and precision: making one costs more than a page's other work.
	const key = `${locale}:${digits}`;
	let f = numberFormats.get(key);
	if (!f) {
		f = new Intl.NumberFormat(locale === 'fr' ? 'fr-CA' : 'en-CA', { minimumFractionDigits: digits, maximumFractionDigits: digits });
		numberFormats.set(key, f);
	}
	return f.format(v);
}
