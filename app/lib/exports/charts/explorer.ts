/**
 * The explorer's charts: the home page's two (map, age group × gender), then every borough
 * against the whole city (`boroughs`) and the chosen place across waves (`trend`), from the
 * `ExplorerData` the page renders.
 */
import { indicatorFormat, trendSources } from '../../format';
import type { ExplorerData } from '../../server/explorer';
import { cellOf, measureOf, methodLine, notesOf, safeName, sourceLine, type ExportContext, type PageChart } from './common';
import { boroughsSummary, homeCharts } from './home';

export function explorerCharts(data: ExplorerData, ctx: ExportContext): PageChart[] {
	const charts = homeCharts('explorer', data, ctx);
	if (!charts.length) return charts;
	const { locale } = ctx;
	const type = data.indicator.type;
	const f = indicatorFormat(locale, type);
	const place = data.boroughName ?? f.tr('home.city');
	const wave = data.selected.wave;
	const synthetic = data.source?.synthetic ?? false;
	const method = methodLine(locale, data.source?.ci_method ?? 'kg');
	const common = { locale, method, measure: measureOf(locale, type) };
	const file = (chart: string, where: string | null, w: string | null) => safeName('vigie', 'explorer', data.indicator.id, chart, w, where, locale);
	const max = type === 'mean' ? 10 : 1;

		const boroughCells = [
		...data.mapRows.map((r) => cellOf(r.name, f.tr('explorer.legend_borough'), r)),
		...(data.city ? [cellOf(f.tr('home.city'), f.tr('home.city'), data.city)] : [])
	];
	const labels: Record<string, string> = Object.fromEntries(data.mapRows.map((r) => [r.code, r.name]));
	charts.push({
		type,
		model: { ...common, id: 'boroughs', chart: 'dots', file: file('boroughs', null, wave), source: sourceLine(locale, data.source),
			title: f.tr('explorer.boroughs_title', { indicator: data.indicator.label, wave }),
			subtitle: [data.indicator.label, wave].join(' · '),
			notes: notesOf(ctx, boroughCells, type, synthetic), summary: boroughsSummary(data, locale),
			categories: [...data.mapRows.map((r) => r.name), ...(boroughCells.length > data.mapRows.length ? [f.tr('home.city')] : [])],
			series: [f.tr('explorer.legend_borough'), f.tr('home.city')], cells: boroughCells },
		draw: { kind: 'dots', rows: data.mapRows.map((r) => ({ key: r.code, value: r.estimate, ci: r.ci, status: r.status, reference: data.city?.estimate ?? null })),
			xDomain: [0, max], labels, legend: { value: f.tr('explorer.legend_borough'), reference: f.tr('home.city') } }
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
			subtitle: [data.indicator.label, place, data.waves.length ? `${data.waves[0]}–${data.waves.at(-1)}` : ''].filter(Boolean).join(' · '),
			notes: notesOf(ctx, trendCells, type, synthetic), summary,
			categories: data.trend.map((t) => t.wave), series: [], cells: trendCells },
		draw: { kind: 'trend', points: data.trend.map((t) => ({ wave: t.wave, value: t.estimate, ci: t.ci, status: t.status })), waves: data.waves, yDomain: [0, max] }
	});
	return charts;
}

