/**
 * A borough portrait as exports: its charts as `ChartExport`s (every share indicator against the
 * whole city, the means likewise, the 12–24 year-olds by gender against the city, each victims'
 * matrix) and the PowerPoint deck made of them, led by the portrait's key findings in words (the
 * page's "In brief" and verdicts). Built from the same `PortraitData` as the page, after
 * suppression, so the deck holds the page's numbers.
 */
import { indicatorFormat, youthGroupKey, type IndicatorFormat } from '../format';
import type { Locale, MessageKey } from '../i18n';
import type { PortraitData, PortraitIndicator, PortraitLine, PortraitValue } from '../server/portrait';
import type { ChartExport, ExportCell } from './model';
import type { Deck } from './pptx';

export interface PortraitExportOptions {
	/** An analyst's view with the suppressed values (`?suppress=0`): every chart says "not for publication". */
	unsuppressed?: boolean;
}

const KEY_INDICATOR = 'feel_safe_after_dark';

const cellOf = (category: string, series: string | null, v: PortraitValue): ExportCell =>
	({ category, series, estimate: v.estimate, ci: v.ci, n: v.n, status: v.status, flags: [...v.flags] });

/** Why a value carries a caution or has no value, in words ('' when reliable). */
function statusNote(f: IndicatorFormat, label: string, v: PortraitValue): string {
	if (v.status === 'ok') return '';
	if (v.status === 'no_data') return `${label} — ${f.tr('chart.no_data')}`;
	const s = f.tr('reliability.with_reason', { label: f.tr(`reliability.${v.status}`), reason: f.reasons(v.flags) });
	return `${label} — ${s}${v.status === 'suppressed' && v.estimate !== null ? ` · ${f.tr('reliability.not_for_publication')}` : ''}`;
}

function sourceText(data: PortraitData, f: IndicatorFormat): string {
	const s = data.source;
	if (!s) return '';
	return f.tr('home.source', { title: s.title, wave: s.wave, n: f.count(s.respondents), design: f.tr(`design.${s.design}` as MessageKey), ci: f.tr('ci.kg') });
}

/** The notes every chart of the portrait carries: synthetic data, not for publication. */
function commonNotes(data: PortraitData, f: IndicatorFormat, opts: PortraitExportOptions): string[] {
	return [...(opts.unsuppressed ? [f.tr('home.unsuppressed_banner')] : []), ...(data.source?.synthetic ? [f.tr('app.synthetic_banner')] : [])];
}

/** The portrait's charts, in the page's order, as exports. */
export function portraitCharts(data: PortraitData, locale: Locale, opts: PortraitExportOptions = {}): ChartExport[] {
	if (data.empty) return [];
	const share = indicatorFormat(locale, 'proportion');
	const tr = share.tr;
	const borough = data.boroughName, wave = data.selected.wave, code = data.selected.borough;
	const base = {
		locale, source: sourceText(data, share), method: tr('deck.method'),
		file: '', title: '', subtitle: ''
	};
	const file = (id: string) => `vigie-portrait-${id}-${wave}-${code}`.replace(/[^A-Za-z0-9_-]/g, '-');
	const verdictNote = (label: string, f: IndicatorFormat, line: PortraitLine) =>
		line.rest ? tr('deck.verdict_note', { label, verdict: line.rest.text, other: f.value(line.rest.other) }) : '';
	const charts: ChartExport[] = [];

	for (const type of ['proportion', 'mean'] as const) {
		const list = data.indicators.filter((i) => i.type === type);
		if (!list.length) continue;
		const f = indicatorFormat(locale, type);
		const city = tr('portrait.legend_city');
		const count = (v: string) => list.filter((i) => i.all.rest?.verdict === v).length;
		charts.push({
			...base, id: type === 'proportion' ? 'all' : 'all-means', chart: 'dots', file: file(type === 'proportion' ? 'all' : 'all-means'),
			title: tr(type === 'proportion' ? 'deck.all_title' : 'deck.all_means_title', { borough, wave }),
			subtitle: tr('deck.subtitle', { borough, wave, group: tr('deck.group_everyone') }),
			summary: list.length > 1
				? tr('portrait.chart_all_summary', { count: list.length, borough, higher: count('higher'), lower: count('lower'), same: count('no_difference') })
				: list.map((i) => verdictNote(i.label, f, i.all) || i.label).join(' '),
			measure: { type, label: tr(type === 'proportion' ? 'deck.measure_share' : 'deck.measure_mean') },
			categories: list.map((i) => i.label),
			series: [borough, city],
			cells: list.flatMap((i) => [cellOf(i.label, borough, i.all.borough), cellOf(i.label, city, i.all.city)]),
			notes: [...commonNotes(data, f, opts),
				...list.flatMap((i) => [statusNote(f, `${i.label} · ${borough}`, i.all.borough), statusNote(f, `${i.label} · ${city}`, i.all.city)]),
				...(list.length > 1 ? list.map((i) => verdictNote(i.label, f, i.all)) : [])].filter(Boolean)
		});
	}

	const shares = data.indicators.filter((i) => i.type === 'proportion');
	if (shares.length) {
		const groups = [{ gender: 'woman', label: tr(youthGroupKey('woman', data.twoGenders)) }, { gender: 'man', label: tr(youthGroupKey('man', data.twoGenders)) }];
		const lineOf = (i: PortraitIndicator, g: string) => i.youth.find((y) => y.gender === g)!;
		const series = groups.flatMap((g) => [`${g.label} · ${borough}`, `${g.label} · ${tr('portrait.legend_city')}`]);
		charts.push({
			...base, id: 'youth', chart: 'bars', file: file('youth'),
			title: tr('deck.youth_title', { borough, wave }),
			subtitle: tr('deck.subtitle', { borough, wave, group: tr('deck.group_youth') }),
			summary: tr('portrait.youth_lede'),
			measure: { type: 'proportion', label: tr('deck.measure_share') },
			categories: shares.map((i) => i.label),
			series,
			cells: shares.flatMap((i) => groups.flatMap((g, k) => [cellOf(i.label, series[2 * k]!, lineOf(i, g.gender).borough), cellOf(i.label, series[2 * k + 1]!, lineOf(i, g.gender).city)])),
			notes: [...commonNotes(data, share, opts), ...(data.twoGenders ? [tr('gender.two_categories_note')] : []),
				...shares.flatMap((i) => groups.flatMap((g) => [statusNote(share, `${i.label} · ${g.label} · ${borough}`, lineOf(i, g.gender).borough),
					statusNote(share, `${i.label} · ${g.label} · ${tr('portrait.legend_city')}`, lineOf(i, g.gender).city)])),
				...shares.flatMap((i) => groups.map((g) => verdictNote(`${i.label} · ${g.label}`, share, lineOf(i, g.gender))))].filter(Boolean)
		});
	}

	for (const m of data.matrices) {
		const labelOf = (key: string) => m.categories.find((c) => c.key === key)?.label ?? key;
		const top = (gender: string) => m.cells.filter((c) => c.gender === gender && c.estimate !== null && c.status !== 'suppressed')
			.sort((a, b) => b.estimate! - a.estimate!)[0];
		const w = top(m.genders[0]!), man = top(m.genders[1]!);
		charts.push({
			...base, id: `matrix-${m.id}`, chart: 'heatmap', file: file(`matrix-${m.id}`),
			title: tr('portrait.matrix_title', { indicator: m.label, borough, wave }),
			subtitle: tr('deck.subtitle', { borough, wave, group: tr('deck.group_victims') }),
			summary: !w && !man ? tr('portrait.matrix_summary_none') : tr('portrait.matrix_summary', {
				category: w ? labelOf(w.category) : '—', value: w ? share.value(w.estimate!) : '—',
				category_m: man ? labelOf(man.category) : '—', value_m: man ? share.value(man.estimate!) : '—' }),
			measure: { type: 'proportion', label: tr('deck.measure_victims') },
			categories: m.categories.map((c) => c.label),
			series: m.genders.map((g) => share.gender(g)),
			cells: m.categories.flatMap((c) => m.genders.map((g) => {
				const v = m.cells.find((x) => x.category === c.key && x.gender === g) ?? { estimate: null, ci: null, n: 0, status: 'no_data' as const, flags: [] };
				return cellOf(c.label, share.gender(g), v);
			})),
			notes: [...commonNotes(data, share, opts), tr('deck.matrix_columns'),
				...m.cells.map((c) => statusNote(share, `${labelOf(c.category)} · ${share.gender(c.gender)}`, c))].filter(Boolean)
		});
	}
	return charts;
}

/** The portrait's key findings in words, as the page's "In brief" says them, then the count of differences. */
export function portraitFindings(data: PortraitData, locale: Locale, opts: PortraitExportOptions = {}): string[] {
	const out: string[] = [];
	const borough = data.boroughName;
	const ind = data.indicators.find((i) => i.id === KEY_INDICATOR) ?? data.indicators[0];
	const f = indicatorFormat(locale, ind?.type ?? 'proportion');
	if (opts.unsuppressed) out.push(f.tr('home.unsuppressed_banner'));
	if (data.source?.synthetic) out.push(f.tr('app.synthetic_banner'));
	const line = ind?.youth.find((y) => y.gender === 'woman');
	if (ind && line) {
		if (line.borough.estimate !== null && line.borough.ci && line.rest && line.borough.status !== 'suppressed') {
			out.push(f.tr('portrait.key_sentence', { borough, value: f.value(line.borough.estimate), indicator: ind.label,
				ci: f.interval(line.borough.ci), other: f.value(line.rest.other) }));
			out.push(f.tr(line.rest.verdict === 'no_difference' ? 'portrait.key_real_no' : 'portrait.key_real_yes', { verdict: line.rest.text, borough }));
			if (line.borough.status === 'flag') out.push(f.tr('reliability.with_reason', { label: f.tr('reliability.flag'), reason: f.reasons(line.borough.flags) }));
		} else {
			out.push(f.tr('portrait.key_suppressed', { borough, reason: f.reasons(line.borough.flags) || f.tr('chart.no_data') }));
		}
	}
	if (ind?.all.rest && ind.all.borough.estimate !== null && ind.all.borough.status !== 'suppressed')
		out.push(f.tr('deck.finding_all', { indicator: ind.label, borough, value: f.value(ind.all.borough.estimate), verdict: ind.all.rest.text, other: f.value(ind.all.rest.other) }));
	const count = (v: string) => data.indicators.filter((i) => i.all.rest?.verdict === v).length;
	if (data.indicators.length)
		out.push(f.tr('portrait.chart_all_summary', { count: data.indicators.length, borough, higher: count('higher'), lower: count('lower'), same: count('no_difference') }));
	return out;
}

/** The whole portrait as a deck: the key findings, then one slide per chart. */
export function portraitDeck(data: PortraitData, locale: Locale, opts: PortraitExportOptions = {}): Deck {
	const f = indicatorFormat(locale, 'proportion');
	return {
		locale,
		title: f.tr('portrait.title', { borough: data.boroughName, wave: data.selected.wave }),
		subtitle: f.tr('deck.portrait_subtitle', { borough: data.boroughName, wave: data.selected.wave }),
		summary: portraitFindings(data, locale, opts),
		source: sourceText(data, f),
		charts: portraitCharts(data, locale, opts)
	};
}
