import type { IndicatorFormat } from '$lib/format';
import type { PortraitValue } from '$lib/server/views/portrait';

/** "62,4 %" (with " E" when flagged), or "—" when there is no published value. */
export function valueText(f: IndicatorFormat, v: PortraitValue): string {
	if (v.estimate === null || v.status === 'suppressed' && v.ci === null) return '—';
	return `${f.value(v.estimate)}${v.status === 'flag' ? ` ${f.tr('reliability.flag_mark')}` : ''}`;
}

/** Why a value has a caution or no value: "À utiliser avec prudence : …", "Supprimée : …", or ''. */
export function statusText(f: IndicatorFormat, v: PortraitValue): string {
	if (v.status === 'no_data') return f.tr('chart.no_data');
	if (v.status === 'ok') return '';
	const s = f.tr('reliability.with_reason', { label: f.tr(`reliability.${v.status}`), reason: f.reasons(v.flags) });
	return v.status === 'suppressed' && v.estimate !== null ? `${s} · ${f.tr('reliability.not_for_publication')}` : s;
}

/** Hover text of a value in a chart: label, value, interval and n, or why it is not shown (never its number). */
export function hoverText(f: IndicatorFormat, label: string, v: PortraitValue): string {
	if (v.status === 'no_data') return `${label} · ${f.tr('chart.no_data')}`;
	if (v.status === 'suppressed' || v.estimate === null || v.ci === null)
		return f.tr('chart.suppressed_tooltip', { label, reason: f.reasons(v.flags) });
	const flag = v.status === 'flag' ? ` · ${statusText(f, v)}` : '';
	return f.tr('chart.value_tooltip', { label, value: f.value(v.estimate), lo: f.value(v.ci[0]), hi: f.value(v.ci[1]), n: f.count(v.n) }) + flag;
}
