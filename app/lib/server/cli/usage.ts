import type { Locale } from '../../i18n';

/** A command line that cannot be run as given: exit code 2 with the usage text. */
export class UsageError extends Error {}

/** The language of the command's messages: --lang, else VIGIE_LANG or LANG (fr…), else English. */
export function localeFrom(flag: string | undefined): Locale {
	if (flag === 'fr' || flag === 'en') return flag;
	if (flag) throw new UsageError(`--lang must be fr or en, not "${flag}"`);
	return (process.env.VIGIE_LANG ?? process.env.LANG ?? '').startsWith('fr') ? 'fr' : 'en';
}
