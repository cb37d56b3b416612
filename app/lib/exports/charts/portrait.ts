/**
 * The borough portrait's charts, from the `PortraitData` the page renders: the one builder of
 * both the single-chart exports (`/export/portrait/{id}.{format}`) and the PowerPoint deck
 * (portrait-deck.ts), which is these charts, in this order, after a summary slide.
 * - `all`: every share against the whole city; `all-means`: the mean scores likewise;
 * - `youth`: the young women aged 12–24 against the city's; `youth-men`: the young men;
 * - one heat map per victims' distribution by the victim's gender (its indicator's id), or of all
 *   victims together where the page shows that instead.
 * The words are the medium's own: a dot chart in SVG is bars with error bars in PowerPoint, so the
 * titles name values and intervals, not dots. The footer is as compact as any chart's: what the
 * marks drawn mean (E, ×, –, one line each, only when such a mark is drawn) and the source; the
 * verdicts against the rest of the city are counted in the summary, and said for each value in the
 * CSV's verdict column, as in the page's table.
 */
import { indicatorFormat, youthGroupKey, type IndicatorFormat } from '../../format';
import type { PortraitData, PortraitIndicator, PortraitLine, PortraitMatrix, PortraitValue } from '../../server/views/portrait';
import type { ExportCell } from '../model';
import { matrixShown, verdictLine } from '../../portrait-words';
import { fitAxis, measureLimit, type FittedAxis } from '../../charts/axis';
import { axisNote, subtitleOf, cellOf, measureOf, methodLine, notesOf, safeName, sourceLine, type ExportContext, type PageChart } from './common';

/** What the chart's marks mean (E, ×, –) and the Women+ note, as every chart export says them (the lead notes are said first). */
const markNotes = (ctx: ExportContext, cells: ExportCell[], type: 'proportion' | 'mean') => notesOf({ ...ctx, unsuppressed: false }, cells, type, false);

type Pick = (i: PortraitIndicator) => { borough: PortraitValue; city: PortraitValue };

/** The axis of a portrait's dot chart (the borough's values and the city's), on the page and in its exports. */
export function sharesAxis(indicators: PortraitIndicator[], pick: Pick, type: 'proportion' | 'mean' = 'proportion'): FittedAxis {
	return fitAxis(indicators.filter((i) => i.type === type).flatMap((i) => {
		const { borough, city } = pick(i);
		return [{ value: borough.estimate, ci: borough.ci, status: borough.status, reference: city.status === 'suppressed' ? null : city.estimate }];
	}), { kind: 'dots', limit: measureLimit(type) });
}

const verdictNote = (f: IndicatorFormat, label: string, line: PortraitLine) =>
	line.rest ? f.tr('deck.verdict_note', { label, verdict: line.rest.text, other: f.value(line.rest.other) }) : '';

export function portraitCharts(data: PortraitData, ctx: ExportContext): PageChart[] {
	if (data.empty) return [];
	const { locale } = ctx;
	const tr = indicatorFormat(locale, 'proportion').tr;
	const borough = data.boroughName, wave = data.selected.wave, city = tr('portrait.legend_city');
	// An analyst's unsuppressed chart says so first: it must not be shown as it is.
	const lead = [...(ctx.unsuppressed ? [tr('dashboard.unsuppressed_banner')] : []), ...(data.source?.synthetic ? [tr('app.synthetic_banner')] : [])];
	const common = { locale, source: data.source ? sourceLine(locale, { ...data.source, ci_method: 'kg' }) : '', method: methodLine(locale, 'kg') };
	const file = (chart: string) => safeName('vigie', 'portrait', data.selected.borough, chart, wave, locale);

	/** The borough's values beside the city's, one row per indicator of the type, drawn as dots with the city as a tick. */
	const dots = (id: string, type: 'proportion' | 'mean', pick: (i: PortraitIndicator) => PortraitLine, words: { title: string; population: string; summary: string; notes?: string[] }): PageChart | null => {
		const list = data.indicators.filter((i) => i.type === type);
		if (!list.length) return null;
		// The CSV's verdict column says each borough value's comparisons as the page's table does; the city is not compared.
		const cells: ExportCell[] = list.flatMap((i) => [{ ...cellOf(i.label, borough, pick(i).borough), verdict: verdictLine(indicatorFormat(locale, type), pick(i)) },
			{ ...cellOf(i.label, city, pick(i).city), verdict: '' }]);
		const axis = sharesAxis(list, pick, type);
		const notes = [...lead, ...markNotes(ctx, cells, type), ...(words.notes ?? [])];
		return {
			type,
			model: { ...common, id, chart: 'dots', file: file(id), title: words.title, summary: words.summary, notes, measure: measureOf(locale, type),
				subtitle: subtitleOf(locale, { definition: tr(type === 'proportion' ? 'export.definition_portrait' : 'deck.definition_means'), wave, population: words.population }),
				categories: list.map((i) => i.label), series: [borough, city], cells },
			draw: { kind: 'dots', rows: list.map((i) => ({ key: i.id, value: pick(i).borough.estimate, ci: pick(i).borough.ci, status: pick(i).borough.status,
				reference: pick(i).city.estimate })), xDomain: axis.domain, axisNote: axisNote(locale, type, axis),
				labels: Object.fromEntries(list.map((i) => [i.id, i.label])), legend: { value: tr('portrait.legend_borough', { borough }), reference: tr('portrait.legend_city_with', { borough }) } }
		};
	};

	/** The verdicts against the rest of the city, counted (one indicator: said in full), as the page's summary says them. */
	const summaryOf = (type: 'proportion' | 'mean', pick: (i: PortraitIndicator) => PortraitLine = (i) => i.all) => {
		const list = data.indicators.filter((i) => i.type === type);
		const count = (v: string) => list.filter((i) => pick(i).rest?.verdict === v).length;
		return list.length > 1
			? tr('portrait.chart_all_summary', { count: list.length, borough, higher: count('higher'), lower: count('lower'), same: count('no_difference') })
			: list.map((i) => verdictNote(indicatorFormat(locale, type), i.label, pick(i)) || i.label).join(' ');
	};
	const population = tr('export.population_portrait', { borough });
	const youth = (gender: 'woman' | 'man') => {
		const group = tr(youthGroupKey(gender, data.twoGenders));
		const pick = (i: PortraitIndicator) => i.youth.find((y) => y.gender === gender)!;
		return dots(gender === 'woman' ? 'youth' : 'youth-men', 'proportion', pick, {
			title: tr('deck.youth_gender_title', { group, borough, wave }), population: tr('export.population_youth', { group, borough }),
			summary: `${tr('portrait.youth_lede')} ${summaryOf('proportion', pick)}`, notes: data.twoGenders ? [tr('gender.two_categories_note')] : [] });
	};
	const charts = [
		dots('all', 'proportion', (i) => i.all, { title: tr('deck.all_title', { borough, wave }), population, summary: summaryOf('proportion') }),
		dots('all-means', 'mean', (i) => i.all, { title: tr('deck.all_means_title', { borough, wave }), population, summary: summaryOf('mean') }),
		youth('woman'),
		youth('man')
	].filter((c): c is PageChart => c !== null);
	return [...charts, ...data.matrices.map((m) => matrixChart(m, data, ctx, { ...common, lead, file: file(m.id) }))];
}

/**
 * A victims' distribution by the victim's gender: a heat map, each column adding up to about 100 %.
 * As on the page, all victims together (one column) with the page's sentence saying why, when most
 * cells by gender are hidden and the borough's table of all victims can be published.
 */
function matrixChart(m: PortraitMatrix, data: PortraitData, ctx: ExportContext, words: { source: string; method: string; lead: string[]; file: string }): PageChart {
	const { locale } = ctx;
	const f = indicatorFormat(locale, 'proportion');
	const borough = data.boroughName, wave = data.selected.wave;
	const shown = matrixShown(f, m, { borough, wave });
	const columnLabels = Object.fromEntries(shown.columns.map((g) => [g, shown.columnLabel(g)]));
	const none: PortraitValue = { estimate: null, ci: null, n: 0, status: 'no_data', flags: [] };
	const cells = m.categories.flatMap((c) => shown.columns.map((g) => cellOf(c.label, columnLabels[g]!,
		shown.cells.find((x) => x.category === c.key && x.gender === g) ?? none)));
	const notes = [...words.lead, ...markNotes(ctx, cells, 'proportion'), f.tr('deck.matrix_columns')];
	const population = f.tr(shown.why ? 'export.population_victims_all' : 'export.population_victims', { borough });
	return {
		type: 'proportion',
		model: { locale, source: words.source, method: words.method, id: m.id, chart: 'heatmap', file: words.file, title: shown.title,
			subtitle: subtitleOf(locale, { definition: f.tr('export.definition_victims'), wave, population }),
			summary: [shown.why, shown.summary].filter(Boolean).join(' '), notes, measure: { type: 'proportion', label: f.tr('deck.measure_victims') },
			categories: m.categories.map((c) => c.label), series: shown.columns.map((g) => columnLabels[g]!), cells },
		draw: { kind: 'heatmap', cells: shown.cells.map((c) => ({ row: c.category, column: c.gender, value: c.estimate, status: c.status })),
			rows: m.categories.map((c) => c.key), columns: shown.columns,
			rowLabels: Object.fromEntries(m.categories.map((c) => [c.key, c.label])), columnLabels }
	};
}
