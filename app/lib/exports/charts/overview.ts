/** The overview's charts: each indicator's map by borough (`map-{indicator}`), from the `OverviewData` the page renders. */
import { indicatorFormat } from '../../format';
import type { OverviewData } from '../../server/views/overview';
import { cellOf, measureOf, methodLine, notesOf, safeName, sourceLine, subtitleOf, type ExportContext, type PageChart } from './common';

export function overviewCharts(data: OverviewData, ctx: ExportContext): PageChart[] {
	const { locale } = ctx;
	return data.indicators.map((ind): PageChart => {
		const f = indicatorFormat(locale, ind.type);
		const ci = ind.type === 'mean' ? 't' : 'kg';
		const cells = ind.boroughs.map((b) => cellOf(b.name, null, b));
		const city = ind.city.estimate !== null && ind.city.status !== 'suppressed'
			? f.tr('export.city_value', { value: f.value(ind.city.estimate), ci: f.interval(ind.city.ci) })
			: f.tr('reliability.with_reason', { label: f.tr('reliability.suppressed'), reason: f.reasons(ind.city.flags) });
		return {
			type: ind.type,
			model: {
				id: `map-${ind.id}`, chart: 'map', file: safeName('vigie', 'overview', ind.id, 'map', data.wave, locale), locale,
				title: f.tr('dashboard.map_title', { indicator: ind.label, wave: data.wave }),
				subtitle: subtitleOf(locale, { definition: ind.description, wave: data.wave, population: f.tr('export.population_boroughs') }),
				source: data.source ? sourceLine(locale, { ...data.source, ci_method: ci }) : '',
				method: methodLine(locale, ci),
				notes: notesOf(ctx, cells, ind.type, data.source?.synthetic ?? false, 'outline'),
				summary: city, measure: measureOf(locale, ind.type),
				categories: ind.boroughs.map((b) => b.name), series: [], cells
			},
			draw: { kind: 'map', spec: ind.map, legendTitle: ind.label, countLabel: (n) => f.tr('chart.legend_areas', { count: n }) }
		};
	});
}
