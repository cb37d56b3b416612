/**
 * The message catalogs on the server (and in Node: the command line, workers, tests): both
 * languages, loaded with the module, since one server answers readers of either language.
 * package.json "imports" gives the browser catalogs.browser.ts instead, which loads only the
 * reader's language.
 */
import { en, type MessageKey } from './en';
import { fr } from './fr';
import type { Locale } from './locale';

const catalogs: Record<Locale, Record<MessageKey, string>> = { en, fr };

/** The messages of `locale`. */
export function catalog(locale: Locale): Record<MessageKey, string> {
	return catalogs[locale];
}

/** Both catalogs are already here: nothing to wait for. */
export function loadCatalog(_locale: Locale): Promise<void> {
	return Promise.resolve();
}

export function isMessageKey(x: string): x is MessageKey {
	return x in en;
}
