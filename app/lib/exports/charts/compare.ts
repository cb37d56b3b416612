/**
 * The comparison page's charts, from the `CompareData` it renders: each place's shares and mean
 * scores against the whole city (`shares-a`, `shares-b`, `means-a`, `means-b`, dot charts as the
 * page draws them) and the side-by-side tables (`side-shares`, `side-means`: a line per indicator
 * and a column per place, as a picture with the values written in and as a CSV with intervals).
 */
import { indicatorFormat } from '../../format';
import type { CompareData, CompareIndicator, CompareValue } from '../../server/views/compare';
import type { ExportCell } from '../model';
import { cellOf, measureOf, methodLine, notesOf, safeName, sourceLine, type ExportContext, type PageChart } from './common';

export function compareCharts(data: CompareData, ctx: ExportContext): PageChart[] {
	if (data.empty) return [];
	const out: PageChart[] = [];
	for (const type of ['proportion', 'mean'] as const) {
		const inds = data.indicators.filter((i) => i.type === type);
		if (!inds.length) continue;
		const kind = type === 'mean' ? 'means' : 'shares';
		out.push(placeChart(data, ctx, inds, 'a'), placeChart(data, ctx, inds, 'b'), sideBySide(data, ctx, inds, kind));
	}
	return out;
}

function common(data: CompareData, ctx: ExportContext, type: 'proportion' | 'mean') {
	const ci = type === 'mean' ? 't' : 'kg';
	return { locale: ctx.locale, source: data.source ? sourceLine(ctx.locale, { ...data.source, ci_method: ci }) : '', method: methodLine(ctx.locale, ci),
		measure: measureOf(ctx.locale, type) };
}

const xDomainOf = (type: 'proportion' | 'mean'): [number, number] => [0, type === 'mean' ? 10 : 1];

/** One place's indicators of one type against the whole city: the page's dot chart. */
function placeChart(data: CompareData, ctx: ExportContext, inds: CompareIndicator[], side: 'a' | 'b'): PageChart {
	const type = inds[0]!.type;
	const f = indicatorFormat(ctx.locale, type);
	const kind = type === 'mean' ? 'means' : 'shares';
	const place = data[side];
	const city = f.tr('screens.whole_city');
	const cells: ExportCell[] = inds.flatMap((i) => [cellOf(i.label, place.name, i[side]), ...(place.code === 'city' ? [] : [cellOf(i.label, city, i.city)])]);
	const differ = inds.filter((i) => i[side].rest && i[side].rest!.verdict !== 'no_difference').length;
	return {
		type,
		model: { ...common(data, ctx, type), id: `${kind}-${side}`, chart: 'dots', file: safeName('vigie', 'compare', kind, place.code, data.wave, ctx.locale),
			title: f.tr(`screens.compare_${kind}_title`, { place: place.name, wave: data.wave }),
			subtitle: f.tr(data.b.code === 'city' ? 'screens.compare_title_city' : 'screens.compare_title', { a: data.a.name, b: data.b.name, wave: data.wave }),
			summary: place.code === 'city' ? f.tr('screens.compare_city_summary') : f.tr('screens.compare_place_summary', { place: place.name, count: differ }),
			notes: notesOf(ctx, cells, type, data.source?.synthetic ?? false),
			categories: inds.map((i) => i.label), series: place.code === 'city' ? [place.name] : [place.name, city], cells },
		draw: { kind: 'dots', rows: inds.map((i) => dotRow(i.id, i[side], i.city.estimate)), xDomain: xDomainOf(type),
			labels: Object.fromEntries(inds.map((i) => [i.id, i.label])), legend: { value: place.name, reference: city } }
	};
}

const dotRow = (key: string, v: CompareValue, reference: number | null) => ({ key, value: v.estimate, ci: v.ci, status: v.status, reference });

/** Both places on each indicator's line: the page's table as a picture (values in cells) and as a CSV. */
function sideBySide(data: CompareData, ctx: ExportContext, inds: CompareIndicator[], kind: 'shares' | 'means'): PageChart {
	const type = inds[0]!.type;
	const f = indicatorFormat(ctx.locale, type);
	const cells = inds.flatMap((i) => [cellOf(i.label, data.a.name, i.a), cellOf(i.label, data.b.name, i.b)]);

	return {
		type,
		model: { ...common(data, ctx, type), id: `side-${kind}`, chart: 'heatmap', file: safeName('vigie', 'compare', kind, data.a.code, data.b.code, data.wave, ctx.locale),
			title: f.tr(`screens.compare_table_${kind}`, { a: data.a.name, b: data.b.name, wave: data.wave }),
			subtitle: f.tr('screens.compare_untested'), summary: f.tr(data.b.code === 'city' ? 'screens.compare_title_city' : 'screens.compare_title', { a: data.a.name, b: data.b.name, wave: data.wave }),
			notes: notesOf(ctx, cells, type, data.source?.synthetic ?? false),
			categories: inds.map((i) => i.label), series: [data.a.name, data.b.name], cells },
		// A table as a picture: one line per indicator, a column per place, each value written in its cell
		// (bars of indicators side by side would need a legible label under each pair, which long names do not fit).
		draw: { kind: 'heatmap', cells: inds.flatMap((i) => (['a', 'b'] as const).map((s) => ({ row: i.id, column: s, value: i[s].estimate, status: i[s].status }))),
			rows: inds.map((i) => i.id), columns: ['a', 'b'], rowLabels: Object.fromEntries(inds.map((i) => [i.id, i.label])),
			columnLabels: { a: data.a.name, b: data.b.name }, margin: { top: 44, left: 310 }, domain: xDomainOf(type) }
	};
}
