/**
 * Cell rules shared by the diagnostic kinds (incidents, audit, mapping): dates, months, time of
 * day and coordinates. Each parser takes the cell as a string and returns the canonical value or
 * undefined; the loaders turn undefined into an issue code. Results of the string parsers are
 * memoised (a million incidents have a few hundred distinct dates).
 */
import { z } from 'zod';
import { parseNumber } from './survey/schema';

function memo<T>(fn: (s: string) => T, max = 10_000): (s: string) => T {
	const cache = new Map<string, T>();
	return (s: string) => {
		if (cache.has(s)) return cache.get(s)!;
		const v = fn(s);
		if (cache.size < max) cache.set(s, v);
		return v;
	};
}

const isCalendarDate = (y: number, m: number, d: number) => {
	const t = new Date(Date.UTC(y, m - 1, d));
	return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
};

/**
 * An ISO date, possibly followed by a time (the SPVM's `2021-03-14 00:00:00`, or `T12:30`).
 * The time part is not kept.
 */
const IsoDate = z
	.string()
	.regex(/^(\d{4})-(\d{2})-(\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/)
	.transform((s) => s.slice(0, 10))
	.refine((s) => isCalendarDate(Number(s.slice(0, 4)), Number(s.slice(5, 7)), Number(s.slice(8, 10))));

/** `2021-03-14`, `2021-03-14 00:00:00` → `2021-03-14`; `14/03/2021`, `2021-02-30` → undefined. */
export const parseDate = memo((s: string): string | undefined => {
	const r = IsoDate.safeParse(s.trim());
	return r.success ? r.data : undefined;
});

const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);

/** `2018-01` → `2018-01`; `2018-13`, `01/2018` → undefined. */
export const parseMonth = memo((s: string): string | undefined => (Month.safeParse(s.trim()).success ? s.trim() : undefined));

export type TimeOfDay = 'day' | 'evening' | 'night';
export const TIMES_OF_DAY: readonly TimeOfDay[] = ['day', 'evening', 'night'];

const TIME_OF_DAY_ALIASES = new Map<string, TimeOfDay>([
	...['day', 'jour', 'journee', 'daytime'].map((k) => [k, 'day'] as const),
	...['evening', 'soir', 'soiree'].map((k) => [k, 'evening'] as const),
	...['night', 'nuit'].map((k) => [k, 'night'] as const)
]);

/** `jour`, `Day` → `day`; `soir` → `evening`; `nuit` → `night` (the SPVM's QUART values, in French or English). */
export const parseTimeOfDay = memo((s: string): TimeOfDay | undefined =>
	TIME_OF_DAY_ALIASES.get(s.normalize('NFD').replace(/\p{M}+/gu, '').trim().toLowerCase())
);

/**
 * A clock time to the SPVM's shifts: day 08:01–16:00, evening 16:01–24:00, night 00:01–08:00
 * (so 16:00 is day and 00:00 is evening, the end of the previous evening).
 *
 * @example
 * timeToTimeOfDay('16:00') // 'day'
 * timeToTimeOfDay('16:01') // 'evening'
 * timeToTimeOfDay('03:15') // 'night'
 */
export const timeToTimeOfDay = memo((s: string): TimeOfDay | undefined => {
	const m = /^(\d{1,2})[:h](\d{2})(?::\d{2})?$/.exec(s.trim());
	if (!m) return undefined;
	const minutes = Number(m[1]) * 60 + Number(m[2]);
	if (Number(m[1]) > 23 || Number(m[2]) > 59) return undefined;
	if (minutes === 0) return 'evening';
	if (minutes <= 8 * 60) return 'night';
	if (minutes <= 16 * 60) return 'day';
	return 'evening';
});

/**
 * A coordinate: a decimal number with `.`, or with a French decimal comma when it has no dot
 * (`45,5012`). Undefined for an empty cell or anything else.
 */
export function parseCoordinate(s: string): number | undefined {
	const t = s.trim();
	if (t === '') return undefined;
	const v = parseNumber(t);
	if (v !== undefined) return v;
	return /^[+-]?\d+,\d+$/.test(t) ? parseNumber(t.replace(',', '.')) : undefined;
}
