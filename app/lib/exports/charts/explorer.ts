/**
 * The explorer's charts: the indicator view's two (map, age group × gender), then every borough
 * against the whole city (`boroughs`) and the chosen place across waves (`trend`), from the
 * `ExplorerData` the page renders.
 */
import { fitAxis, measureLimit, type FittedAxis } from '../../charts/axis';
import { indicatorFormat, trendSources } from '../../format';
import type { Locale } from '../../i18n';
import type { ExplorerData } from '../../server/views/explorer';
import type { IndicatorData } from '../../server/views/indicator';
import { axisNote, subtitleOf, cellOf, measureOf, methodLine, notesOf, safeName, sourceLine, type BoroughOrder, type ExportContext, type PageChart } from './common';
import { boroughsSummary, indicatorCharts } from './indicator';

type BoroughRow = IndicatorData['mapRows'][number];
const published = (r: BoroughRow) => r.estimate !== null && r.status !== 'suppressed' && r.status !== 'no_data';

/**
 * The boroughs in the order of the boroughs chart: highest value first (`rank`, the default: where
 * a borough stands is what the chart is read for), those without a published value last in
 * alphabetical order; or all alphabetical (`alpha`), to find one by name.
 */
export function orderedBoroughs(rows: BoroughRow[], order: BoroughOrder, locale: Locale): BoroughRow[] {
	const byName = (a: BoroughRow, b: BoroughRow) => a.name.localeCompare(b.name, locale === 'fr' ? 'fr-CA' : 'en-CA');
	if (order === 'alpha') return [...rows].sort(byName);
	return [...rows].sort((a, b) => (published(b) ? 1 : 0) - (published(a) ? 1 : 0)
		|| (published(a) && published(b) ? b.estimate! - a.estimate! : 0) || byName(a, b));
}

/** The boroughs chart's axis (dots against the city's value), on the page and in its exports. */
export function boroughsAxis(data: IndicatorData): FittedAxis {
	const city = data.city?.status === 'suppressed' ? null : data.city?.estimate ?? null;
	return fitAxis(data.mapRows.map((r) => ({ value: r.estimate, ci: r.ci, status: r.status, reference: city })),
		{ kind: 'dots', limit: measureLimit(data.indicator.type) });
}

/** The trend's axis: a line from zero, to a round value above the highest interval. */
export function trendAxis(data: ExplorerData): FittedAxis {
	return fitAxis(data.trend.map((t) => ({ value: t.estimate, ci: t.ci, status: t.status })), { kind: 'bars', limit: measureLimit(data.indicator.type) });
}

export function explorerCharts(data: ExplorerData, ctx: ExportContext): PageChart[] {
	const charts = indicatorCharts('explorer', data, ctx);
	if (!charts.length) return charts;
	const { locale } = ctx;
	const type = data.indicator.type;
	const f = indicatorFormat(locale, type);
	const place = data.boroughName ?? f.tr('dashboard.city');
	const wave = data.selected.wave;
	const synthetic = data.source?.synthetic ?? false;
	const method = methodLine(locale, data.source?.ci_method ?? 'kg');
	const common = { locale, method, measure: measureOf(locale, type) };
	const file = (chart: string, where: string | null, w: string | null) => safeName('vigie', 'explorer', data.indicator.id, chart, w, where, locale);
	const boroughs = orderedBoroughs(data.mapRows, ctx.order ?? 'rank', locale);
	const axis = boroughsAxis(data);
	const boroughCells = [
		...boroughs.map((r) => cellOf(r.name, f.tr('explorer.legend_borough'), r)),
		...(data.city ? [cellOf(f.tr('dashboard.city'), f.tr('dashboard.city'), data.city)] : [])
	];
	const labels: Record<string, string> = Object.fromEntries(data.mapRows.map((r) => [r.code, r.name]));
	charts.push({
		type,
		model: { ...common, id: 'boroughs', chart: 'dots', file: file('boroughs', null, wave), source: sourceLine(locale, data.source),
			title: f.tr('explorer.boroughs_title', { indicator: data.indicator.label, wave }),
			subtitle: subtitleOf(locale, { definition: data.indicator.description, wave, population: f.tr('export.population_boroughs') }),
			notes: notesOf(ctx, boroughCells, type, synthetic), summary: boroughsSummary(data, locale),
			categories: [...boroughs.map((r) => r.name), ...(boroughCells.length > boroughs.length ? [f.tr('dashboard.city')] : [])],
			series: [f.tr('explorer.legend_borough'), f.tr('dashboard.city')], cells: boroughCells },
		draw: { kind: 'dots', rows: boroughs.map((r) => ({ key: r.code, value: r.estimate, ci: r.ci, status: r.status, reference: data.city?.estimate ?? null,
			highlight: r.code === data.selected.borough })),
			xDomain: axis.domain, axisNote: axisNote(locale, type, axis), labels, legend: { value: f.tr('explorer.legend_borough'), reference: f.tr('dashboard.city') } }
	});

	const trendCells = data.trend.map((t) => cellOf(t.wave, null, t));
	const shown = data.trend.filter((t) => t.estimate !== null && t.status !== 'suppressed');
	const summary = shown.length >= 2
		? f.tr('explorer.trend_summary', { borough: place, first: f.value(shown[0]!.estimate!), from: shown[0]!.wave, last: f.value(shown.at(-1)!.estimate!), to: shown.at(-1)!.wave })
		: f.tr('explorer.trend_summary_one', { borough: place });
	charts.push({
		type,
		model: { ...common, id: 'trend', chart: 'trend', file: file('trend', data.selected.borough ?? 'city', null),
			// Each wave has its own file: each is named, as under the page's trend chart.
			source: trendSources(f, data.trend) ?? `${sourceLine(locale, data.source)} ${f.tr('export.waves', { waves: data.waves.join(', ') })}`,
			title: f.tr('explorer.trend_title', { indicator: data.indicator.label, borough: place }),
			subtitle: subtitleOf(locale, { definition: data.indicator.description,
				population: data.waves.length ? f.tr('export.population_trend', { place, first: data.waves[0]!, last: data.waves.at(-1)! }) : null }),
			notes: notesOf(ctx, trendCells, type, synthetic), summary,
			categories: data.trend.map((t) => t.wave), series: [], cells: trendCells },
		draw: { kind: 'trend', points: data.trend.map((t) => ({ wave: t.wave, value: t.estimate, ci: t.ci, status: t.status })), waves: data.waves, yDomain: trendAxis(data).domain }
	});
	return charts;
}

