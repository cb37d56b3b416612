import type { Reason } from '../../../../ingest/suggest/score';
import { formatNumber, isMessageKey, t, type Locale } from '../../i18n';
import { geographyName } from '../../place-words';

/** Parameters of a reason in the reader's words: a role's label, a language's name, a geography's name. */
function localParams(locale: Locale, params: Record<string, string | number>): Record<string, string | number> {
	const out = { ...params };
	for (const [k, v] of Object.entries(out)) if (typeof v === 'number' && k !== 'count') out[k] = formatNumber(locale, v, Number.isInteger(v) ? 0 : 1);
	if (typeof out.role === 'string' && isMessageKey(`check.role.${out.role}`)) out.role = t(locale, `check.role.${out.role}` as never).toLowerCase();
	if (typeof out.language === 'string' && isMessageKey(`language.${out.language}`)) out.language = t(locale, `language.${out.language}` as never);
	if (typeof out.geography === 'string') out.geography = geographyName(locale, out.geography);
	return out;
}

/** Why the assistant proposes something, as a phrase: "its name is a usual Spanish name for gender". */
export function reasonText(locale: Locale, r: Reason): string {
	const key = `reason.${r.code}`;
	return isMessageKey(key) ? t(locale, key, localParams(locale, r.params ?? {})) : r.code;
}
