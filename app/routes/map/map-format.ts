import { categoryName, geographyName } from '$lib/place-words';
import { formatNumber, formatPercent, isMessageKey, translator, type Locale, type MessageKey } from '$lib/i18n';
import { waveText } from '$lib/wave-words';

/** The map page's words and numbers in one language: rates "4,5", shares "62,4 %", ratios "1,32", scores "2,9". */
export function mapFormat(locale: Locale) {
	const tr = translator(locale);
	const value = (type: 'proportion' | 'mean' | 'rate' | 'count' | 'score', v: number) =>
		type === 'proportion' ? formatPercent(locale, v) : type === 'count' ? formatNumber(locale, v) : formatNumber(locale, v, type === 'mean' ? 2 : 1);
	return {
		tr,
		value,
		count: (n: number) => formatNumber(locale, n),
		ratio: (v: number) => formatNumber(locale, v, 2),
		interval: (type: 'proportion' | 'mean' | 'rate' | 'count', ci: [number, number] | null) =>
			(ci ? `${value(type === 'count' ? 'rate' : type, ci[0])} – ${value(type === 'count' ? 'rate' : type, ci[1])}` : '—'),
		reasons: (flags: string[]) =>
			[...new Set(flags.map((f) => `reason.${f}`).filter(isMessageKey).map((k) => tr(k)))].slice(0, 2).join(tr('format.list_sep')),
		/** A wave or a diagnostic period in words ("janv. – déc. 2024"), as the wave menus say it. */
		wave: (w: string) => waveText(locale, w),
		category: (c: string) => categoryName(locale, c),
		geography: (g: string) => geographyName(locale, g),
		criterion: (c: string) => (isMessageKey(`map.criterion.${c}`) ? tr(`map.criterion.${c}` as MessageKey) : c)
	};
}

export type MapFormat = ReturnType<typeof mapFormat>;
