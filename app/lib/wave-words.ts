/**
 * A wave label written as dates, in words in the reader's language: "2024-01..2024-12" →
 * "janv. – déc. 2024" / "Jan–Dec 2024", "2024-Q4" → "oct. – déc. 2024", "2024-03-15" →
 * "15 mars 2024". Labels already in words ("hiver 2024", "Enquête 2023") and plain years stay as
 * they are: null. Formatted by Intl.DateTimeFormat, the dates read as calendar days (UTC), so no
 * time zone moves them.
 */
import { parseWavePeriod } from '../../db/wave-period';
import type { Locale } from './i18n';

/** Labels made of dates: months or days, alone or as a range "A..B", and quarters or halves of a year. */
const DATE_LIKE = /^(\d{4}-\d{2}(-\d{2})?(\.\.\d{4}-\d{2}(-\d{2})?)?|\d{4}-?[QTSH][1-4])$/i;

const formats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(locale: Locale, days: boolean): Intl.DateTimeFormat {
	const key = `${locale}:${days}`;
	let f = formats.get(key);
	if (!f) {
		f = new Intl.DateTimeFormat(locale === 'fr' ? 'fr-CA' : 'en-CA', { timeZone: 'UTC', year: 'numeric', month: 'short', ...(days ? { day: 'numeric' } : {}) });
		formats.set(key, f);
	}
	return f;
}

const utc = (isoDay: string) => new Date(`${isoDay}T00:00:00Z`);

/** The wave in words, or null when its label is not written as dates. */
export function waveInWords(locale: Locale, wave: string): string | null {
	if (!DATE_LIKE.test(wave.trim())) return null;
	const p = parseWavePeriod(wave);
	if (!p) return null;
	const end = utc(p.end);
	// Whole months (from the 1st to a month's last day) are said in months; anything else in days.
	const wholeMonths = p.start.endsWith('-01') && new Date(end.getTime() + 86_400_000).getUTCDate() === 1;
	const f = dateFormat(locale, !wholeMonths);
	const sameUnit = wholeMonths ? p.start.slice(0, 7) === p.end.slice(0, 7) : p.start === p.end;
	return sameUnit ? f.format(utc(p.start)) : f.formatRange(utc(p.start), end);
}

/** The wave as a reader sees it: in words when its label is written as dates, else as it is. */
export function waveText(locale: Locale, wave: string): string {
	return waveInWords(locale, wave) ?? wave;
}
