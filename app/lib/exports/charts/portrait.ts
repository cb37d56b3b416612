/**
 * The borough portrait's charts, from the `PortraitData` the page renders: every share against
 * the city (`all`), the young women's shares against the city's (`youth`), and each victims'
 * distribution by the victim's gender as a heat map (its indicator's id).
 */
import { indicatorFormat, youthGroupKey } from '../../format';
import type { PortraitData, PortraitIndicator, PortraitValue } from '../../server/views/portrait';
import type { ExportCell } from '../model';
import { fitAxis, type FittedAxis } from '../../charts/axis';
import { axisNote, subtitleOf, cellOf, measureOf, methodLine, notesOf, safeName, sourceLine, type ExportContext, type PageChart } from './common';

type Pick = (i: PortraitIndicator) => { borough: PortraitValue; city: PortraitValue };

/** The axis of a portrait's dot chart of shares (the borough's and the city's), on the page and in its exports. */
export function sharesAxis(indicators: PortraitIndicator[], pick: Pick): FittedAxis {
	return fitAxis(indicators.filter((i) => i.type === 'proportion').flatMap((i) => {
		const { borough, city } = pick(i);
		return [{ value: borough.estimate, ci: borough.ci, status: borough.status, reference: city.status === 'suppressed' ? null : city.estimate }];
	}), { kind: 'dots', limit: [0, 1] });
}

export function portraitCharts(data: PortraitData, ctx: ExportContext): PageChart[] {
	if (data.empty) return [];
	const { locale } = ctx;
	const f = indicatorFormat(locale, 'proportion');
	const borough = data.boroughName;
	const wave = data.selected.wave;
	const synthetic = data.source?.synthetic ?? false;
	const source = data.source ? sourceLine(locale, { ...data.source, ci_method: 'kg' }) : '';
	const common = { locale, source, method: methodLine(locale, 'kg'), measure: measureOf(locale, 'proportion') };
	const file = (chart: string) => safeName('vigie', 'portrait', data.selected.borough, chart, wave, locale);
	const shares = data.indicators.filter((i) => i.type === 'proportion');
	const labels = Object.fromEntries(data.indicators.map((i) => [i.id, i.label]));
	const count = (v: 'higher' | 'lower' | 'no_difference') => data.indicators.filter((i) => i.all.rest?.verdict === v).length;

	/** A dot chart of the shares: the borough's value and the city's, for everybody or the young women. */
	const dots = (id: 'all' | 'youth', pick: Pick, title: string, subtitle: string, summary: string): PageChart => {
		const place = f.tr('portrait.legend_borough', { borough }), city = f.tr('portrait.legend_city');
		const cells: ExportCell[] = shares.flatMap((i) => [cellOf(i.label, place, pick(i).borough), cellOf(i.label, city, pick(i).city)]);
		const axis = sharesAxis(shares, pick);
		return {
			type: 'proportion',
			model: { ...common, id, chart: 'dots', file: file(id), title, subtitle, summary,
				notes: notesOf(ctx, cells, 'proportion', synthetic), categories: shares.map((i) => i.label), series: [place, city], cells },
			draw: { kind: 'dots', rows: shares.map((i) => ({ key: i.id, value: pick(i).borough.estimate, ci: pick(i).borough.ci, status: pick(i).borough.status,
				reference: pick(i).city.estimate })), xDomain: axis.domain, axisNote: axisNote(locale, 'proportion', axis), labels, legend: { value: place, reference: city } }
		};
	};
	const women = (i: PortraitIndicator) => i.youth.find((y) => y.gender === 'woman')!;
	const charts = [
		dots('all', (i) => i.all, f.tr('portrait.chart_all_title', { borough, wave }),
			subtitleOf(locale, { definition: f.tr('export.definition_portrait'), wave, population: f.tr('export.population_portrait', { borough }) }),
			f.tr('portrait.chart_all_summary', { count: data.indicators.length, borough, higher: count('higher'), lower: count('lower'), same: count('no_difference') })),
		dots('youth', women, f.tr('portrait.youth_chart_title', { borough, wave }),
			subtitleOf(locale, { definition: f.tr('export.definition_portrait'), wave, population: f.tr('export.population_youth', { group: f.tr(youthGroupKey('woman', data.twoGenders)), borough }) }),
			f.tr('portrait.youth_lede'))
	];

	for (const m of data.matrices) {
		const categoryLabel = (key: string) => m.categories.find((c) => c.key === key)?.label ?? key;
		const genderLabels = Object.fromEntries(m.genders.map((g) => [g, f.gender(g)]));
		const cells = m.categories.flatMap((c) => m.genders.map((g) => cellOf(c.label, genderLabels[g]!,
			m.cells.find((x) => x.category === c.key && x.gender === g) ?? { estimate: null, ci: null, n: 0, status: 'no_data', flags: [] })));
		const top = (gender: string) => m.cells.filter((c) => c.gender === gender && c.estimate !== null && c.status !== 'suppressed')
			.sort((a, b) => b.estimate! - a.estimate!)[0];
		const w = top(m.genders[0]!), man = top(m.genders[1]!);
		const summary = !w && !man ? f.tr('portrait.matrix_summary_none') : f.tr('portrait.matrix_summary', {
			category: w ? categoryLabel(w.category) : '—', value: w ? f.value(w.estimate!) : '—',
			category_m: man ? categoryLabel(man.category) : '—', value_m: man ? f.value(man.estimate!) : '—' });
		charts.push({
			type: 'proportion',
			model: { ...common, id: m.id, chart: 'heatmap', file: file(m.id), title: f.tr('portrait.matrix_title', { indicator: m.label, borough, wave }),
				subtitle: subtitleOf(locale, { definition: f.tr('export.definition_victims'), wave, population: f.tr('export.population_victims', { borough }) }), summary, notes: notesOf(ctx, cells, 'proportion', synthetic),
				categories: m.categories.map((c) => c.label), series: m.genders.map((g) => genderLabels[g]!), cells },
			draw: { kind: 'heatmap', cells: m.cells.map((c) => ({ row: c.category, column: c.gender, value: c.estimate, status: c.status })),
				rows: m.categories.map((c) => c.key), columns: m.genders,
				rowLabels: Object.fromEntries(m.categories.map((c) => [c.key, c.label])), columnLabels: genderLabels }
		});
	}
	return charts;
}
