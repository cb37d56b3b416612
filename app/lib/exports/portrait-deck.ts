/**
 * A borough portrait as a PowerPoint deck: the borough's most important finding, the page's "In
 * brief" and verdicts on a summary slide, then the portrait's charts, one a slide, as the
 * single-chart exports build them (charts/portrait.ts). Built from the same `PortraitData` as the
 * page, after suppression, so the deck holds the page's numbers.
 */
import { indicatorFormat } from '../format';
import type { Locale } from '../i18n';
import type { PortraitData } from '../server/views/portrait';
import { chartsOf, type PageChart } from './charts';
import { sourceLine } from './charts/common';
import type { Deck } from './pptx';

export interface PortraitExportOptions {
	/** An analyst's view with the suppressed values (`?suppress=0`): every chart says "not for publication". */
	unsuppressed?: boolean;
}

/** The portrait's charts, in the page's order, as the deck's slides show them. */
export function portraitCharts(data: PortraitData, locale: Locale, opts: PortraitExportOptions = {}): PageChart['model'][] {
	return chartsOf({ view: 'portrait', data }, { locale, unsuppressed: opts.unsuppressed ?? false }).map((c) => c.model);
}

const KEY_INDICATOR = 'feel_safe_after_dark';

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
	if (opts.unsuppressed) out.push(f.tr('dashboard.unsuppressed_banner'));
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
		source: data.source ? sourceLine(locale, { ...data.source, ci_method: 'kg' }) : '',
		charts: portraitCharts(data, locale, opts)
	};
}
