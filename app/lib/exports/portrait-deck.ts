/**
 * A borough portrait as exports: its charts as `ChartExport`s (every share indicator against the
 * whole city, the means likewise, the young women and the young men aged 12–24 against the city
 * on a slide each, each victims' matrix) and the PowerPoint deck made of them, led by the
 * borough's most important finding, then the page's "In brief" and verdicts. Built from the same `PortraitData` as the page, after
 * suppression, so the deck holds the page's numbers.
 */
import { indicatorFormat, youthGroupKey, type IndicatorFormat } from '../format';
import type { Locale, MessageKey } from '../i18n';
import type { PortraitData, PortraitIndicator, PortraitLine, PortraitValue } from '../server/views/portrait';
import { subtitleOf } from './charts/common';
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
			subtitle: subtitleOf(locale, { definition: tr(type === 'proportion' ? 'export.definition_portrait' : 'deck.definition_means'), wave, population: tr('export.population_portrait', { borough }) }),
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

	// The 12–24 year-olds, one slide per gender: each indicator for the borough beside the city
	// (two bars a row), not four series of eight indicators on one slide.
	const shares = data.indicators.filter((i) => i.type === 'proportion');
	for (const gender of shares.length ? (['woman', 'man'] as const) : []) {
		const group = tr(youthGroupKey(gender, data.twoGenders));
		const lineOf = (i: PortraitIndicator) => i.youth.find((y) => y.gender === gender)!;
		const series = [borough, tr('portrait.legend_city')];
		const id = gender === 'woman' ? 'youth-women' : 'youth-men';
		charts.push({
			...base, id, chart: 'bars', file: file(id),
			title: tr('deck.youth_gender_title', { group, borough, wave }),
			subtitle: subtitleOf(locale, { definition: tr('export.definition_portrait'), wave, population: tr('export.population_youth', { group, borough }) }),
			summary: tr('portrait.youth_lede'),
			measure: { type: 'proportion', label: tr('deck.measure_share') },
			categories: shares.map((i) => i.label),
			series,
			cells: shares.flatMap((i) => [cellOf(i.label, series[0]!, lineOf(i).borough), cellOf(i.label, series[1]!, lineOf(i).city)]),
			notes: [...commonNotes(data, share, opts), ...(data.twoGenders ? [tr('gender.two_categories_note')] : []),
				...shares.flatMap((i) => [statusNote(share, `${i.label} · ${borough}`, lineOf(i).borough),
					statusNote(share, `${i.label} · ${tr('portrait.legend_city')}`, lineOf(i).city)]),
				...shares.map((i) => verdictNote(i.label, share, lineOf(i)))].filter(Boolean)
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
			subtitle: subtitleOf(locale, { definition: tr('export.definition_victims'), wave, population: tr('export.population_victims', { borough }) }),
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

/**
 * The borough's most important finding: among every indicator for all ages, the significant
 * difference from the rest of the city that is largest relative to the city's value; null when no
 * difference is significant (or none can be shown).
 */
function leadFinding(data: PortraitData, locale: Locale): string | null {
	const candidates = data.indicators.flatMap((i) => {
		const mine = i.all.borough, rest = i.all.rest;
		if (!rest || rest.verdict === 'no_difference' || mine.estimate === null || mine.status === 'suppressed') return [];
		return [{ i, mine: mine.estimate, rest, weight: Math.abs(mine.estimate - rest.other) / Math.max(Math.abs(rest.other), 1e-9) }];
	}).sort((a, b) => b.weight - a.weight);
	const top = candidates[0];
	if (!top) return null;
	const f = indicatorFormat(locale, top.i.type);
	return f.tr('deck.lead_finding', { indicator: top.i.label, borough: data.boroughName, value: f.value(top.mine), verdict: top.rest.text,
		other: f.value(top.rest.other), ci: f.interval(top.i.all.borough.ci) });
}

/**
 * The portrait's key findings in words: the most important one first (the largest significant
 * difference from the rest of the city, or that there is none), then the page's "In brief" about
 * young women, the count of differences, and last what the data is (not for publication, synthetic).
 */
export function portraitFindings(data: PortraitData, locale: Locale, opts: PortraitExportOptions = {}): string[] {
	const out: string[] = [];
	const borough = data.boroughName;
	const ind = data.indicators.find((i) => i.id === KEY_INDICATOR) ?? data.indicators[0];
	const f = indicatorFormat(locale, ind?.type ?? 'proportion');
	// An analyst's unsuppressed deck says so before anything else: it must not be shown as it is.
	if (opts.unsuppressed) out.push(f.tr('home.unsuppressed_banner'));
	const count = (v: string) => data.indicators.filter((i) => i.all.rest?.verdict === v).length;
	const lead = leadFinding(data, locale);
	if (lead) out.push(lead);
	else if (data.indicators.length) out.push(f.tr('deck.lead_none', { borough, count: data.indicators.length }));
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
	if (data.indicators.length > 1)
		out.push(f.tr('portrait.chart_all_summary', { count: data.indicators.length, borough, higher: count('higher'), lower: count('lower'), same: count('no_difference') }));
	if (data.source?.synthetic) out.push(f.tr('app.synthetic_banner'));
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
