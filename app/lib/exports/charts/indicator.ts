/**
 * The charts of one indicator's view, which the explorer shows first: the map by
 * borough and the age group × gender bars, from the `IndicatorData` the page renders.
 */
import { fitAxis, measureLimit, type FittedAxis } from '../../charts/axis';
import { indicatorFormat } from '../../format';
import type { IndicatorData } from '../../server/views/indicator';
import { withFallback } from './fallback';
import { cellOf, measureOf, notesOf, safeName, sourceLine, methodLine, subtitleOf, type ExportContext, type PageChart } from './common';

/** The y axis of the age group × gender bars, on the page and in every export: zero to a round value above the highest interval. */
export function barsAxis(data: IndicatorData): FittedAxis {
	return fitAxis(data.rows.map((r) => ({ value: r.estimate, ci: r.ci, status: r.status })), { kind: 'bars', limit: measureLimit(data.indicator.type) });
}

/** The page's summary sentence: the place's value with its interval and the city's, or why it is not shown. */
export function indicatorSummary(data: IndicatorData, locale: ExportContext['locale']): string {
	const f = indicatorFormat(locale, data.indicator.type);
	const place = data.boroughName ?? f.tr('dashboard.city');
	const s = data.summary;
	if (!s) return '';
	if (s.estimate === null || s.status === 'suppressed')
		return f.tr('explorer.summary_suppressed', { borough: place, wave: data.selected.wave, reason: f.reasons(s.flags) });
	return f.tr(`explorer.summary_${data.indicator.type === 'mean' ? 'mean' : 'share'}_${data.boroughName ? 'borough' : 'city'}`, {
		borough: place, value: f.value(s.estimate), ci: `${f.tr('col.ci')} ${f.interval(s.ci)}`, wave: data.selected.wave,
		city: data.city?.estimate != null ? f.value(data.city.estimate) : '—' });
}

/** "Of 19 boroughs, 3 are significantly above…": the explorer's summary of the boroughs against the city. */
export function boroughsSummary(data: IndicatorData, locale: ExportContext['locale']): string {
	const count = (v: string | null) => data.mapRows.filter((r) => r.verdict === v).length;
	return indicatorFormat(locale, data.indicator.type).tr('explorer.boroughs_summary', { count: data.mapRows.length, higher: count('higher'),
		lower: count('lower'), same: count('no_difference'), hidden: count(null) });
}

/** The map (`map`) and the age group × gender bars (`age-gender`) of the explorer's indicator view. */
export function indicatorCharts(view: 'explorer', data: IndicatorData, ctx: ExportContext): PageChart[] {
	if (data.empty || !data.map) return [];
	const { locale } = ctx;
	const type = data.indicator.type;
	const f = indicatorFormat(locale, type);
	const place = data.boroughName ?? f.tr('dashboard.city');
	const wave = data.selected.wave;
	const source = sourceLine(locale, data.source);
	const method = methodLine(locale, data.source?.ci_method ?? 'kg');
	const synthetic = data.source?.synthetic ?? false;
	const file = (chart: string, where: string | null) => safeName('vigie', view, data.indicator.id, chart, wave, where, locale);
	const common = { locale, source, method, measure: measureOf(locale, type) };

	const mapCells = data.mapRows.map((r) => cellOf(r.name, null, r));
	const map: PageChart = {
		type,
		model: { ...common, id: 'map', chart: 'map', file: file('map', null),
			title: f.tr('dashboard.map_title', { indicator: data.indicator.label, wave }),
			subtitle: subtitleOf(locale, { definition: data.indicator.description, wave, population: f.tr('export.population_boroughs') }),
			notes: notesOf(ctx, mapCells, type, synthetic, 'outline'), summary: boroughsSummary(data, locale),
			categories: data.mapRows.map((r) => r.name), series: [], cells: mapCells },
		draw: { kind: 'map', spec: data.map, legendTitle: data.indicator.label, countLabel: (n) => f.tr('chart.legend_areas', { count: n }) }
	};

	const labels: Record<string, string> = {};
	for (const g of data.ageGroups) labels[g] = f.ageGroup(g);
	for (const g of data.genders) labels[g] = f.gender(g);
	const barCells = data.ageGroups.flatMap((g) => data.genders.map((s) => {
		const r = data.rows.find((x) => x.age_group === g && x.gender === s);
		return cellOf(labels[g]!, labels[s]!, r ?? { estimate: null, ci: null, n: 0, status: 'no_data', flags: [] });
	}));
	const bars: PageChart = {
		type,
		model: { ...common, id: 'age-gender', chart: 'bars', file: file('age-gender', data.selected.borough ?? 'city'),
			title: f.tr('explorer.chart_title', { indicator: data.indicator.label, borough: place, wave }),
			subtitle: subtitleOf(locale, { definition: data.indicator.description, wave,
				population: data.boroughName ? f.tr('export.population_place', { place }) : f.tr('export.population_city') }),
			notes: notesOf(ctx, barCells, type, synthetic), summary: indicatorSummary(data, locale),
			categories: data.ageGroups.map((g) => labels[g]!), series: data.genders.map((g) => labels[g]!), cells: barCells },
		draw: { kind: 'bars', rows: data.rows.map((r) => ({ group: r.age_group, series: r.gender, value: r.estimate, ci: r.ci, status: r.status })),
			groups: data.ageGroups, series: data.genders, yDomain: barsAxis(data).domain, labels }
	};
	return [map, withFallback(bars, data, ctx)];
}
