export type Locale = 'fr' | 'en';
/** Montreal works in French: French unless the reader or a setting says otherwise. */
export const DEFAULT_LOCALE: Locale = 'fr';

export function isLocale(x: unknown): x is Locale {
	return x === 'fr' || x === 'en';
}
