import type { MessageKey } from './en';
import { catalog } from '#i18n-catalogs';
import type { Locale } from './locale';

export { DEFAULT_LOCALE, isLocale, type Locale } from './locale';
export { isMessageKey, loadCatalog } from '#i18n-catalogs';
export type { MessageKey };

const pluralOf = { fr: new Intl.PluralRules('fr-CA'), en: new Intl.PluralRules('en-CA') };
/**
 * `{count, plural, one {# row} other {# rows}}`: the branch of the count's plural category, `#` the
 * count. A branch may hold other parameters (`one {{n} value}`): they are filled in afterwards. A
 * count given already formatted ("1 234") that is not a plain number reads as plural.
 */
const PLURAL = /\{(\w+), plural,((?:\s*\w+ \{(?:[^{}]|\{\w+\})*\})+)\s*\}/g;

function plural(locale: Locale, text: string, params: Record<string, string | number>): string {
	return text.replace(PLURAL, (m, name: string, branches: string) => {
		if (!(name in params)) return m;
		const n = Number(params[name]);
		const forms = new Map([...branches.matchAll(/(\w+) \{((?:[^{}]|\{\w+\})*)\}/g)].map((b) => [b[1]!, b[2]!] as const));
		const form = forms.get(pluralOf[locale].select(n)) ?? forms.get('other') ?? '';
		return form.replace(/#/g, String(params[name]));
	});
}

/**
 * `t('fr', 'ingest.loaded', { rows: 3 })` → the French message with {rows} filled in. Plurals
 * follow `Intl.PluralRules` through `{count, plural, one {…} other {…}}` (French "one" covers 0 and 1).
 */
export function t(locale: Locale, key: MessageKey, params: Record<string, string | number> = {}): string {
	return plural(locale, catalog(locale)[key], params).replace(/\{(\w+)\}/g, (m, name: string) =>
		name in params ? String(params[name]) : m
	);
}

/** `t` bound to one language, as pages and components use it: `const tr = translator(locale)`. */
export const translator = (locale: Locale) => (key: MessageKey, params: Record<string, string | number> = {}): string => t(locale, key, params);

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

const pluralRules = new Map<Locale, Intl.PluralRules>();
/** Keys that come in a `.one` and an `.other` form, e.g. `count.rows` for 'count.rows.one' and 'count.rows.other'. */
export type PluralKey = { [K in MessageKey]: K extends `${infer B}.one` ? (`${B}.other` extends MessageKey ? B : never) : never }[MessageKey];

/**
 * A message for a count, in the form the language's plural rules choose (`Intl.PluralRules`):
 * `tn('fr', 'count.rows', 1)` → "1 ligne", `tn('en', 'count.rows', 1500)` → "1,500 rows". French
 * puts 0 and 1 in the singular. `{count}` is the number with the language's separators.
 */
export function tn(locale: Locale, key: PluralKey, count: number, params: Record<string, string | number> = {}): string {
	let rules = pluralRules.get(locale);
	if (!rules) pluralRules.set(locale, (rules = new Intl.PluralRules(locale === 'fr' ? 'fr-CA' : 'en-CA')));
	// Only two forms in these catalogs: French's "many" (a million, a billion) reads as "other".
	const form = rules.select(count) === 'one' ? 'one' : 'other';
	return t(locale, `${key}.${form}` as MessageKey, { ...params, count: formatNumber(locale, count) });
}

/**
 * A message in both languages, English first: for the few replies given before a request's
 * language is known (the server's own checks, in front of the dashboard, read no cookie or setting).
 */
export const inBothLanguages = (key: MessageKey): string => `${t('en', key)} / ${t('fr', key)}`;
