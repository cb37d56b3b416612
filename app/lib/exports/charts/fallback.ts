/**
 * The explorer's age group × gender chart when most of its cells are hidden: exported as the page
 * shows it instead, the place by age group and by gender alone (the tables that can be published),
 * with the page's sentence saying why, so an export never shows holes the page has filled.
 */
import { fitAxis, measureLimit, type FittedAxis } from '../../charts/axis';
import { fallbackSentence, fallbackTables, type FallbackTable } from '../../fallback-words';
import { indicatorFormat } from '../../format';
import type { IndicatorData } from '../../server/views/indicator';
import { cellOf, notesOf, subtitleOf, type ExportContext, type PageChart } from './common';

/** The one series of the coarser bars: the place itself. */
const ALL = 'all';

/** The coarser bars' axis, on the page and in every export: zero to a round value above the highest interval. */
export function fallbackAxis(tables: readonly FallbackTable[], type: 'proportion' | 'mean'): FittedAxis {
	return fitAxis(tables.flatMap((t) => t.rows).map((r) => ({ value: r.estimate, ci: r.ci, status: r.status })), { kind: 'bars', limit: measureLimit(type) });
}

/**
 * The age group × gender chart (`bars`, as the page would draw it without a fallback) replaced by
 * the fallback's tables, one bar a row, age groups then genders; unchanged when there is no
 * fallback. Without any table that can be shown, the chart stays and says why first.
 */
export function withFallback(bars: PageChart, data: IndicatorData, ctx: ExportContext): PageChart {
	if (!data.fallback) return bars;
	const type = data.indicator.type;
	const f = indicatorFormat(ctx.locale, type);
	const place = data.boroughName ?? f.tr('dashboard.city');
	const wave = data.selected.wave;
	const tables = fallbackTables(f, data.fallback, { indicator: data.indicator.label, place, wave });
	const why = fallbackSentence(f, tables, place);
	const summary = [why, bars.model.summary].filter(Boolean).join(' ');
	if (!tables.length || bars.draw.kind !== 'bars') return { ...bars, model: { ...bars.model, summary } };
	const cells = tables.flatMap((t) => t.rows.map((r) => cellOf(t.label(r.key), place, r)));
	const labels: Record<string, string> = { [ALL]: place, ...Object.fromEntries(tables.flatMap((t) => t.rows.map((r) => [r.key, t.label(r.key)]))) };
	const title = tables.length === 2 ? f.tr('screens.fallback_both_title', { indicator: data.indicator.label, place, wave }) : tables[0]!.title;
	// The subtitle names the tables shown, not the age group × gender table they replace.
	const shown = tables.length === 2 ? 'both' : tables[0]!.id === 'fallback-age' ? 'age' : 'gender';
	const subtitle = subtitleOf(ctx.locale, { definition: data.indicator.description, wave, population: f.tr(`export.population_fallback_${shown}`, { place }) });
	return {
		type,
		model: { ...bars.model, title, subtitle, summary, notes: notesOf(ctx, cells, type, data.source?.synthetic ?? false),
			categories: cells.map((c) => c.category), series: [place], cells },
		draw: { kind: 'bars', rows: tables.flatMap((t) => t.rows.map((r) => ({ group: r.key, series: ALL, value: r.status === 'suppressed' ? null : r.estimate,
			ci: r.status === 'suppressed' ? null : r.ci, status: r.status }))),
			groups: tables.flatMap((t) => t.rows.map((r) => r.key)), series: [ALL], yDomain: fallbackAxis(tables, type).domain, labels }
	};
}
