/**
 * The /map page's charts, one per layer the page shows, from the `MapData` it renders (same
 * query: geography, wave, category, layers, borough): `rates`, the incidents by area (a rate per
 * 1,000 residents, or a count where the geography has no residents); `hexagons`, the hexagon
 * aggregates of mapped points or incidents; `audit`, the exploratory-walk sites. Each is drawn as
 * the page draws it (the frame with the areas' names and the chosen area outlined, the layer, its
 * legend). The partners layer is a directory (names and addresses, no numbers): its export is
 * the partners page's CSV.
 */
import { formatNumber, formatPercent, t, type MessageKey } from '../../i18n';
import { categoryName, geographyName } from '../../place-words';
import type { MapData } from '../../server/views/map';
import { ratesLegendRows } from '../../charts/rates-legend';
import { countClassRange } from '../../charts/count-classes';
import type { AuditSymbol, HexagonCell } from '../../charts/map-layers';
import type { ExportCell } from '../model';
import { classRangeFormat } from '../../format';
import { waveText } from '../../wave-words';
import { cellOf, methodLine, notesOf, safeName, subtitleOf, type ExportContext, type PageChart } from './common';

type Tr = (key: MessageKey, p?: Record<string, string | number>) => string;

export function mapCharts(data: MapData, ctx: ExportContext): PageChart[] {
	if (data.empty) return [];
	const tr: Tr = (key, p = {}) => t(ctx.locale, key, p);
	return [ratesChart(data, ctx, tr), hexagonsChart(data, ctx, tr), auditChart(data, ctx, tr)].filter((c): c is PageChart => c !== null);
}

/** The frame's parts every layer's chart shares: the areas as drawn, their names, the chosen one outlined. */
function frameOf(data: MapData, filled: boolean, describe: Record<string, string>) {
	return { kind: 'layered' as const, width: data.map.width, height: data.map.height, patternId: data.map.patternId, filled, describe, labels: data.map.labels,
		areas: data.map.areas.map(({ code, name, d, fill, status, selected }) => ({ code, name, d, fill, status, selected })) };
}

/** The notes every layer's chart ends with: synthetic data, then "not for publication" for an analyst's unsuppressed export. */
function tailNotes(ctx: ExportContext, synthetic: boolean, tr: Tr): string[] {
	return [...(synthetic ? [tr('map.synthetic_banner')] : []), ...(ctx.unsuppressed ? [tr('dashboard.unsuppressed_banner')] : [])];
}

/** The form's lower-case option label ("participatory-mapping points …") as a subtitle's first words. */
const capitalise = (s: string) => s.charAt(0).toLocaleUpperCase() + s.slice(1);

const chosenName = (data: MapData) => data.map.areas.find((a) => a.selected)?.name ?? null;

function ratesChart(data: MapData, ctx: ExportContext, tr: Tr): PageChart | null {
	const { locale } = ctx;
	const rates = data.rates;
	if (!rates || !rates.legend || !data.selected.layers.includes('rates')) return null;
	const isRate = rates.indicator === 'incident_rate';
	const value = (v: number) => formatNumber(locale, v, isRate ? 1 : 0);
	const reasons = (flags: string[]) => [...new Set(flags.map((f) => `reason.${f}`))].map((k) => tr(k as MessageKey)).slice(0, 2).join(tr('format.list_sep'));
	const { geography, wave, category } = data.selected;
	const cells = rates.rows.map((r) => cellOf(r.name, null, r));
	const shown = cells.filter((c) => c.estimate !== null && c.status !== 'suppressed').length;
	const describe: Record<string, string> = {};
	for (const r of rates.rows)
		describe[r.code] = r.status === 'suppressed' ? tr('map.area_suppressed', { name: r.name, reason: reasons(r.flags) })
			: r.estimate === null ? tr('map.area_no_data', { name: r.name })
				: tr('map.area_value', { name: r.name, value: `${rates.label} ${value(r.estimate)}` });
	// Flagged areas are drawn with a dashed outline, suppressed ones hatched, those without a rate grey.
	const notes = [...notesOf({ ...ctx, unsuppressed: false }, cells, 'rate', false, 'outline'), ...tailNotes(ctx, rates.synthetic, tr)];
	const measure = tr(isRate ? 'map.export_measure' : 'map.export_measure_count');
	return {
		type: 'rate',
		model: {
			id: 'rates', chart: 'map', file: safeName('vigie', 'map', rates.indicator, geography, category || null, wave, locale), locale,
			title: tr('map.export_title', { indicator: rates.label, period: rates.period }),
			subtitle: subtitleOf(locale, { definition: category ? categoryName(locale, category) : tr('map.all_categories'), population: geographyName(locale, geography) }),
			source: rates.populationYear ? tr('map.rates_source', { title: rates.title, period: rates.period, year: rates.populationYear })
				: tr('map.count_source', { title: rates.title, period: rates.period }),
			method: methodLine(locale, 'garwood'),
			notes,
			summary: [tr(isRate ? 'map.export_summary' : 'map.export_summary_count', { shown, count: cells.length, hidden: cells.length - shown }),
				chosenLine(data, measure, value, tr), extremesLine(data, value, tr)].filter(Boolean).join(' '),
			measure: { type: 'rate', label: measure },
			categories: rates.rows.map((r) => r.name), series: [], cells
		},
		draw: { ...frameOf(data, true, describe),
			legend: { title: rates.label, shape: 'square', ...ratesLegendRows(rates.legend, { range: classRangeFormat(locale, 'rate', rates.legend.step), count: (n) => tr('chart.legend_areas', { count: n }),
				noRate: tr('map.legend_no_rate'), flag: tr('reliability.flag'), suppressed: tr('chart.legend_suppressed') }) } }
	};
}

/** "Montréal-Nord (outlined): 9.9 incidents per 1,000 residents." — the chosen area as the map outlines it; no value when none is published. */
function chosenLine(data: MapData, measure: string, value: (v: number) => string, tr: Tr): string {
	const code = data.selected.borough;
	const row = code ? data.rates?.rows.find((r) => r.code === code) : undefined;
	if (!row) return '';
	const published = row.estimate !== null && (row.status === 'ok' || row.status === 'flag');
	return published ? tr('map.export_chosen', { name: row.name, value: value(row.estimate!), measure }) : tr('map.export_chosen_none', { name: row.name });
}

/** "Highest: Ville-Marie (15.2); lowest: Kirkland (0.4)." — the names the map writes in bold besides the chosen one. */
function extremesLine(data: MapData, value: (v: number) => string, tr: Tr): string {
	const published = (data.rates?.rows ?? []).filter((r) => r.estimate !== null && (r.status === 'ok' || r.status === 'flag'));
	if (published.length < 2) return '';
	const sorted = [...published].sort((a, b) => b.estimate! - a.estimate!);
	const [hi, lo] = [sorted[0]!, sorted.at(-1)!];
	if (hi.estimate === lo.estimate) return '';
	return tr('map.export_extremes', { high: hi.name, high_value: value(hi.estimate!), low: lo.name, low_value: value(lo.estimate!) });
}

/** A hexagon by its centre ("45.5123, -73.6012"): where it is, in numbers a reader can put on any map. */
const hexagonPlace = (c: HexagonCell) => (c.center ? `${c.center[1].toFixed(4)}, ${c.center[0].toFixed(4)}` : c.id);

function hexagonsChart(data: MapData, ctx: ExportContext, tr: Tr): PageChart | null {
	const hex = data.hexagons;
	if (!hex || !data.selected.layers.includes('hexagons')) return null;
	const { locale } = ctx;
	const share = hex.measure === 'unsafe_share';
	const value = (v: number) => (share ? formatPercent(locale, v, 0) : formatNumber(locale, v, 0));
	const shown = hex.cells.filter((c) => c.value !== null);
	const cells: ExportCell[] = shown.map((c) => ({ category: hexagonPlace(c), series: null, estimate: c.value, ci: null, n: c.points, status: 'ok', flags: [] }));
	const describe = (c: HexagonCell) => (c.value === null ? tr('map.hex_suppressed', { min: hex.minPoints })
		: share ? tr('map.hex_tooltip_share', { points: formatNumber(locale, c.points), share: value(c.value) }) : tr('map.hex_tooltip_points', { points: formatNumber(locale, c.points) }));
	const name = chosenName(data);
	const title = tr(share ? 'map.legend_unsafe_share' : 'map.legend_incident_points');
	return {
		type: share ? 'proportion' : 'rate',
		model: {
			id: 'hexagons', chart: 'map', file: safeName('vigie', 'map', 'hexagons', hex.source, hex.wave, locale), locale,
			title: tr('map.export_hex_title', { layer: title, wave: waveText(locale, hex.wave) }),
			subtitle: subtitleOf(locale, { definition: capitalise(tr(share ? 'map.hex_mapping' : 'map.hex_incidents')), population: geographyName(locale, data.selected.geography) }),
			source: tr('map.hex_source', { title: hex.title, wave: waveText(locale, hex.wave) }),
			method: tr('map.export_hex_method', { size: formatNumber(locale, hex.sizeM), min: hex.minPoints }),
			notes: tailNotes(ctx, hex.synthetic, tr),
			summary: [tr(hex.source === 'mapping' ? 'map.hex_summary_mapping' : 'map.hex_summary_incidents',
				{ count: formatNumber(locale, shown.length), size: formatNumber(locale, hex.sizeM), min: hex.minPoints, withheld: formatNumber(locale, hex.withheld) }),
				name ? tr('map.export_chosen_plain', { name }) : ''].filter(Boolean).join(' '),
			measure: { type: share ? 'proportion' : 'rate', label: title },
			categories: cells.map((c) => c.category), series: [], cells
		},
		draw: { ...frameOf(data, false, Object.fromEntries(data.map.areas.map((a) => [a.code, a.name]))), hexagons: { cells: hex.cells, describe },
			legend: { title, shape: 'hexagon', items: hex.legend.map((c) => ({ fill: c.fill,
				label: tr('map.legend_hexagon_class', { range: share ? `${value(c.from)} – ${value(c.to)}` : countClassRange(c, value), count: formatNumber(locale, c.count) }) })) } }
	};
}

function auditChart(data: MapData, ctx: ExportContext, tr: Tr): PageChart | null {
	const audit = data.audit;
	if (!audit || !data.selected.layers.includes('audit')) return null;
	const { locale } = ctx;
	const score = (v: number) => formatNumber(locale, v, 1);
	const criterion = (c: string) => tr(`map.criterion.${c}` as MessageKey);
	const cells: ExportCell[] = audit.symbols.map((s) => ({ category: s.site_id, series: null, estimate: s.mean, ci: null, n: null,
		status: s.mean === null ? 'no_data' : 'ok', flags: [] }));
	const describe = (s: AuditSymbol) => tr('map.audit_tooltip', { site: s.site_id, mean: s.mean !== null ? score(s.mean) : '—', poor: s.poor.map(criterion).join(', ') || tr('map.none') });
	const name = chosenName(data);
	return {
		type: 'mean',
		model: {
			id: 'audit', chart: 'map', file: safeName('vigie', 'map', 'audit', audit.wave, locale), locale,
			title: tr('map.export_audit_title', { wave: waveText(locale, audit.wave) }),
			subtitle: subtitleOf(locale, { definition: tr('map.legend_audit'), population: geographyName(locale, data.selected.geography) }),
			source: tr('map.audit_source', { title: audit.title, wave: waveText(locale, audit.wave) }),
			method: tr('map.export_audit_method'),
			notes: [...notesOf({ ...ctx, unsuppressed: false }, cells, 'mean', false, 'fill'), ...tailNotes(ctx, audit.synthetic, tr)],
			summary: [tr('map.export_audit_summary', { count: cells.length }), name ? tr('map.export_chosen_plain', { name }) : ''].filter(Boolean).join(' '),
			measure: { type: 'mean', label: tr('map.col_mean_score') },
			categories: cells.map((c) => c.category), series: [], cells
		},
		draw: { ...frameOf(data, false, Object.fromEntries(data.map.areas.map((a) => [a.code, a.name]))), sites: { symbols: audit.symbols, describe },
			legend: { title: tr('map.legend_audit'), shape: 'diamond', items: audit.legend.map((c) => ({ fill: c.fill,
				label: tr('map.audit_class', { from: formatNumber(locale, c.from), to: formatNumber(locale, c.to), count: formatNumber(locale, c.count) }) })) } }
	};
}
