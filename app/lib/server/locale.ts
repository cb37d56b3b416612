import { DEFAULT_LOCALE, isLocale, type Locale } from '../i18n';

export const LOCALE_COOKIE = 'vigie_lang';

/** The default language setting: VIGIE_DEFAULT_LANG, else French. */
export function defaultLocale(): Locale {
	const v = process.env.VIGIE_DEFAULT_LANG;
	return isLocale(v) ? v : DEFAULT_LOCALE;
}

/**
 * The reader's language: `?lang=` in the URL (then remembered in a cookie), else the cookie, else
 * the browser's Accept-Language, else the default setting.
 */
export function resolveLocale(param: string | null, cookie: string | undefined, acceptLanguage: string | null): { locale: Locale; remember: boolean } {
	if (isLocale(param)) return { locale: param, remember: param !== cookie };
	if (isLocale(cookie)) return { locale: cookie, remember: false };
	for (const part of (acceptLanguage ?? '').split(',')) {
		const tag = part.split(';')[0]!.trim().slice(0, 2).toLowerCase();
		if (isLocale(tag)) return { locale: tag, remember: false };
	}
	return { locale: defaultLocale(), remember: false };
}
