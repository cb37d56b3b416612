import type { ReliabilityRules } from './engine/reliability';
import { formatNumber, formatPercent, isMessageKey, type Locale, type MessageKey, translator } from './i18n';

/**
 * The reliability thresholds in force, in words, as the technical messages take them: widths in
 * percentage points ("30"), ratios and coefficients of variation as percentages ("130 %").
 */
function thresholdParams(locale: Locale, rules: ReliabilityRules, type: 'proportion' | 'mean'): Record<string, string> {
	const n = (v: number) => formatNumber(locale, v, Number.isInteger(v) ? 0 : 1);
	const pct = (v: number) => formatPercent(locale, v, Number.isInteger(Math.round(v * 1000) / 10) ? 0 : 1);
	const p = rules.proportion, m = rules.mean, c = rules.count;
	const shared = { minCount: n(c.minCount), flagBelow: n(c.flagBelow), minPoints: n(c.minPoints) };
	if (type === 'mean') return { ...shared, minN: n(m.minN), flagCv: pct(m.flagCv), suppressCv: pct(m.suppressCv) };
	return { ...shared, minN: n(p.minN), minNEff: n(p.minNEff), maxCiWidth: n(p.maxCiWidth * 100), relativeWidthAbove: n(p.relativeWidthAbove * 100),
		maxRelativeWidth: pct(p.maxRelativeWidth), minDf: n(p.minDf) };
}

/**
 * The words and numbers of an indicator in one language: a share as "62,4 %" / "62.4%", a 0–10
 * mean with two decimals, intervals, reasons, age-group and gender labels. Pages and exports use
 * it so that a number reads the same everywhere.
 */
/**
 * `rules`: the reliability thresholds in force (the settings'), for the technical detail of the
 * reasons; without them the detail is the plain reason (type-only import: the browser's bundle
 * does not carry the rules' schema).
 */
export function indicatorFormat(locale: Locale, type: 'proportion' | 'mean', rules?: ReliabilityRules) {
	const tr = translator(locale);
	const thresholds = rules ? thresholdParams(locale, rules, type) : null;
	const value = (v: number) => (type === 'mean' ? formatNumber(locale, v, 2) : formatPercent(locale, v));
	return {
		tr,
		value,
		// A viewer's hidden row has no n: a dash, as for any value not shown.
		count: (n: number | null) => (n === null ? '—' : formatNumber(locale, n)),
		interval: (ci: [number, number] | null) => (ci ? `${value(ci[0])} – ${value(ci[1])}` : '—'),
		/** The distinct reasons in plain words, the decisive ones first (the engine lists them first). */
		reasons: (flags: string[]) =>
			[...new Set(flags.map((f) => `reason.${f}`).filter(isMessageKey).map((k) => tr(k)))].slice(0, 3).join(tr('format.list_sep')),
		/** The same reasons as the rules put them, with the thresholds in force ("fewer than 50 respondents"): the detail behind `reasons`. */
		reasonDetails: (flags: string[]) =>
			[...new Set(flags.map((f) => (thresholds && isMessageKey(`reason_detail.${f}`) ? tr(`reason_detail.${f}` as MessageKey, thresholds)
				: isMessageKey(`reason.${f}`) ? tr(`reason.${f}` as MessageKey) : null)).filter((x): x is string => x !== null))].join(tr('format.list_sep')),
		/** Every threshold in force for this kind of value, in one paragraph. */
		thresholds: () => (thresholds ? tr(type === 'mean' ? 'reliability.thresholds_mean' : 'reliability.thresholds_proportion', thresholds) : ''),
		ageGroup: (g: string) => (g === 'unknown' ? tr('age_group.unknown') : tr('age_group.label', { band: g.replace('-', '–') })),
		gender: (g: string) => (isMessageKey(`gender.${g}`) ? tr(`gender.${g}` as MessageKey) : g)
	};
}

export type IndicatorFormat = ReturnType<typeof indicatorFormat>;

/** How a value axis labels its ticks: whole percentages for shares (one decimal when the steps are finer), a mean with its decimals. */
export function axisTickFormat(locale: Locale, type: 'proportion' | 'mean' | 'rate', step = 0.1): (v: number) => string {
	if (type === 'proportion') return (v: number) => formatPercent(locale, v, step < 0.01 - 1e-12 ? 1 : 0);
	return (v: number) => formatNumber(locale, v, step < 1 - 1e-12 ? 1 : 0);
}

/**
 * A map legend's class, its bounds as the round steps they are: "55 % – 60 %" rather than
 * "55,0 % – 60,0 %". The one wording of class bounds, on the pages' maps and in every export.
 */
export function classRangeFormat(locale: Locale, type: 'proportion' | 'mean' | 'rate', step: number): (from: number, to: number) => string {
	const tick = axisTickFormat(locale, type, step);
	return (from, to) => `${tick(from)} – ${tick(to)}`;
}

/**
 * The label of a portrait's group of 12–24 year-olds: women's side, men's side (Women+ and Men+
 * when the published tables use the two-category gender), or everyone.
 */
export function youthGroupKey(gender: string | null, twoGenders: boolean): MessageKey {
	if (gender === 'woman') return twoGenders ? 'portrait.youth_women_plus' : 'portrait.youth_women';
	if (gender === 'man') return twoGenders ? 'portrait.youth_men_plus' : 'portrait.youth_men';
	return 'portrait.youth_all';
}

/**
 * The sources of a trend across waves in words, one per wave that gives the indicator (each wave
 * has its own file): "Sources: wave 2023: …, 1,242 respondents, design: …; wave 2024: …". Null
 * when no wave does. The explorer's trend chart and its exports say the same.
 */
export function trendSources(f: IndicatorFormat, trend: { wave: string; source: { title: string; respondents: number; design: string; ci_method: string } | null }[]): string | null {
	const sourced = trend.filter((x) => x.source !== null);
	if (!sourced.length) return null;
	return f.tr('explorer.trend_sources', {
		list: sourced.map((x) => f.tr('explorer.trend_source_item', { wave: x.wave, title: x.source!.title, n: f.count(x.source!.respondents),
			design: f.tr(`design.${x.source!.design}` as MessageKey) })).join(f.tr('explorer.trend_source_sep')),
		ci: f.tr(`ci.${sourced[0]!.source!.ci_method}` as MessageKey)
	});
}

const BYTE_UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
/** A file size in the reader's language: 1536 → "1,5 ko" (fr) or "1.5 kB" (en). */
export function formatBytes(locale: Locale, bytes: number): string {
	let v = bytes, u = 0;
	while (v >= 1000 && u < BYTE_UNITS.length - 1) { v /= 1000; u++; }
	return new Intl.NumberFormat(locale === 'fr' ? 'fr-CA' : 'en-CA', { style: 'unit', unit: BYTE_UNITS[u], unitDisplay: 'short',
		maximumFractionDigits: u === 0 ? 0 : 1 }).format(v);
}

/**
 * A moment as a local date and time with its zone ("3 mai 2025, 14 h 02 HAE"), in the reader's
 * language. Called on the server (in `load`): the page shows the server's time zone (TZ; the
 * city's, where the dashboard serves one city), named after the time so that no reader misreads
 * it, the same with or without JavaScript and in every cached copy of the page.
 */
export function formatDateTime(locale: Locale, iso: string | null): string | null {
	if (!iso) return null;
	return new Intl.DateTimeFormat(locale === 'fr' ? 'fr-CA' : 'en-CA', {
		year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short'
	}).format(new Date(iso));
}

/**
 * A moment as local time with its offset from UTC, sortable and unambiguous, for the command
 * line: "2025-03-04 09:15 -05:00". The zone is the machine's (TZ) unless given.
 */
export function localTimestamp(iso: string, timeZone?: string): string {
	const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', {
		timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'longOffset'
	}).formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
	const offset = parts.timeZoneName === 'GMT' ? '+00:00' : parts.timeZoneName!.replace('GMT', '');
	return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute} ${offset}`;
}
