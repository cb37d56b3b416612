/**
 * The browser's side of catalogs.ts (package.json "imports" picks this file for the client
 * build): a reader needs one language, so each catalog is its own chunk, fetched by
 * `loadCatalog` (the root layout's load awaits it before the page is drawn).
 */
import type { MessageKey } from './en';
import type { Locale } from './locale';

const loaded: Partial<Record<Locale, Record<MessageKey, string>>> = {};

/** The messages of `locale`, which `loadCatalog(locale)` must have fetched. */
export function catalog(locale: Locale): Record<MessageKey, string> {
	const messages = loaded[locale];
	if (!messages) throw new Error(`The ${locale} messages are not loaded: await loadCatalog('${locale}') first.`);
	return messages;
}

/** Fetches the catalog of `locale` once; later calls resolve at once. */
export async function loadCatalog(locale: Locale): Promise<void> {
	if (loaded[locale]) return;
	loaded[locale] = locale === 'en' ? (await import('./en')).en : (await import('./fr')).fr;
}

/** Whether `x` is a message of a loaded catalog (every catalog has the same keys). */
export function isMessageKey(x: string): x is MessageKey {
	return Object.values(loaded).some((messages) => x in messages);
}
