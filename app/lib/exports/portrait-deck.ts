/**
 * A borough portrait as a PowerPoint deck: the page's "In brief" (the borough's most important
 * finding first) and the verdicts on a summary slide, then the portrait's charts, one a slide, as the
 * single-chart exports build them (charts/portrait.ts). Built from the same `PortraitData` as the
 * page, after suppression, so the deck holds the page's numbers.
 */
import { briefSentences } from '../finding-words';
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

/**
 * The portrait's key findings in words: "In brief" as the page says it (the borough's most
 * important finding first, everyone's before the young people's, or that there is none), the
 * count of differences, and last what the data is (synthetic). An analyst's unsuppressed deck
 * says so before anything else: it must not be shown as it is.
 */
export function portraitFindings(data: PortraitData, locale: Locale, opts: PortraitExportOptions = {}): string[] {
	const f = indicatorFormat(locale, 'proportion');
	const borough = data.boroughName;
	const out: string[] = opts.unsuppressed ? [f.tr('dashboard.unsuppressed_banner')] : [];
	if (data.indicators.length) out.push(...briefSentences(data.findings, { locale, borough, wave: data.selected.wave, twoGenders: data.twoGenders,
		label: (id) => data.indicators.find((i) => i.id === id)?.label ?? id }));
	const count = (v: string) => data.indicators.filter((i) => i.all.rest?.verdict === v).length;
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
