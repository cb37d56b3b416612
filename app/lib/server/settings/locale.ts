import type { Db } from '../../../../db/connection';
import { getSetting, setSetting } from '../../../../db/settings';
import { DEFAULT_LOCALE, isLocale, type Locale } from '../../i18n';
import { audit, type Actor } from '../auth/audit-log';

export const LOCALE_COOKIE = 'vigie_lang';
const KEY = 'locale.default';

/** The default language setting (admin settings page; `VIGIE_DEFAULT_LANG` seeds it at start-up), else French. */
export function defaultLocale(db: Db): Locale {
	const v = getSetting(db, KEY);
	return isLocale(v) ? v : DEFAULT_LOCALE;
}

export function setDefaultLocale(db: Db, locale: Locale, actor: Actor): void {
	const before = defaultLocale(db);
	if (before === locale && getSetting(db, KEY) !== undefined) return;
	setSetting(db, KEY, locale, actor.name);
	audit(db, actor, 'settings_change', { setting: KEY, from: before, to: locale });
}

/** `VIGIE_DEFAULT_LANG` as the server starts: `fr` or `en` is stored as the setting; unset → as stored. */
export function localeFromEnv(value: string | undefined): Locale | undefined {
	if (value === undefined || value === '') return undefined;
	const v = value.trim().toLowerCase();
	if (isLocale(v)) return v;
	throw new Error(`VIGIE_DEFAULT_LANG must be fr or en, not "${value}"`);
}

/**
 * The reader's language: `?lang=` in the URL (then remembered in a cookie), else the cookie, else
 * the browser's Accept-Language, else the default setting (`fallback`).
 */
export function resolveLocale(param: string | null, cookie: string | undefined, acceptLanguage: string | null, fallback: Locale = DEFAULT_LOCALE): { locale: Locale; remember: boolean } {
	if (isLocale(param)) return { locale: param, remember: param !== cookie };
	if (isLocale(cookie)) return { locale: cookie, remember: false };
	for (const part of (acceptLanguage ?? '').split(',')) {
		const tag = part.split(';')[0]!.trim().slice(0, 2).toLowerCase();
		if (isLocale(tag)) return { locale: tag, remember: false };
	}
	return { locale: fallback, remember: false };
}
