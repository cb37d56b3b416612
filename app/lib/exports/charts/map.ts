/**
 * The /map page's chart: the incident-rate layer by area (`rates`), from the `MapData` the page
 * renders (same query: geography, wave, category, layers, borough). Exported only when the page
 * shows it: the rates layer toggled on and the indicator a rate per 1,000 residents. The hexagon
 * and audit layers have no per-area numbers on the page and no export.
 */
import { formatNumber, t, type MessageKey } from '../../i18n';
import { categoryName, geographyName } from '../../place-words';
import type { MapData } from '../../server/views/map';
import { cellOf, methodLine, notesOf, safeName, subtitleOf, type ExportContext, type PageChart } from './common';

export function mapCharts(data: MapData, ctx: ExportContext): PageChart[] {
	const { locale } = ctx;
	const rates = data.rates;
	if (data.empty || !rates || !data.selected.layers.includes('rates') || rates.indicator !== 'incident_rate') return [];
	const tr = (key: MessageKey, p: Record<string, string | number> = {}) => t(locale, key, p);
	const value = (v: number) => formatNumber(locale, v, 1);
	const reasons = (flags: string[]) => [...new Set(flags.map((f) => `reason.${f}`))].map((k) => tr(k as MessageKey)).slice(0, 2).join(' ; ');
	const { geography, wave, category } = data.selected;
	const cells = rates.rows.map((r) => cellOf(r.name, null, r));
	const shown = cells.filter((c) => c.estimate !== null).length;
	const describe: Record<string, string> = {};
	for (const r of rates.rows)
		describe[r.code] = r.status === 'suppressed' ? tr('map.area_suppressed', { name: r.name, reason: reasons(r.flags) })
			: r.estimate === null ? tr('map.area_no_data', { name: r.name })
				: tr('map.area_value', { name: r.name, value: `${rates.label} ${value(r.estimate)}` });
	// The map's own synthetic-data note (the survey's says "this survey"), before "not for publication".
	const notes = notesOf(ctx, cells, 'rate', false, 'fill');
	if (rates.synthetic) notes.splice(notes.length - (ctx.unsuppressed ? 1 : 0), 0, tr('map.synthetic_banner'));
	return [{
		type: 'rate',
		model: {
			id: 'rates', chart: 'map', file: safeName('vigie', 'map', rates.indicator, geography, category || null, wave, locale), locale,
			title: tr('map.export_title', { indicator: rates.label, period: rates.period }),
			subtitle: subtitleOf(locale, { definition: category ? categoryName(locale, category) : tr('map.all_categories'), population: geographyName(locale, geography) }),
			source: rates.populationYear ? tr('map.rates_source', { title: rates.title, period: rates.period, year: rates.populationYear })
				: tr('map.count_source', { title: rates.title, period: rates.period }),
			method: methodLine(locale, 'garwood'),
			notes,
			summary: tr('map.export_summary', { shown, count: cells.length, hidden: cells.length - shown }),
			measure: { type: 'rate', label: tr('map.export_measure') },
			categories: rates.rows.map((r) => r.name), series: [], cells
		},
		draw: {
			kind: 'layered', width: data.map.width, height: data.map.height, patternId: data.map.patternId,
			areas: data.map.areas.map(({ code, name, d, fill, status, selected }) => ({ code, name, d, fill, status, selected })), describe,
			legend: { title: rates.label, suppressed: tr('chart.legend_suppressed'),
				items: [...rates.legend.map((c) => ({ fill: c.fill, label: `${value(c.from)} – ${value(c.to)}` })), { fill: '#f0f0f0', label: tr('map.legend_no_rate') }] }
		}
	}];
}
