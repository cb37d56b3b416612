/**
 * What every page's exports share: a chart as the page draws it (`ChartDraw`, the props of the
 * same Svelte chart component) beside its `ChartExport` (the numbers and the words around them),
 * and the pieces of those words: the source line, the interval method, the reliability notes and
 * a file name.
 */
import type { ChoroplethSpec } from '../../charts/choropleth';
import type { MapLabels } from '../../charts/map-labels';
import type { AuditSymbol, HexagonCell } from '../../charts/map-layers';
import type { CellStatus } from '../../charts/cell-status';
import type { DotIntervalRow } from '../../charts/dot-interval';
import type { GroupedBarsRow } from '../../charts/grouped-bars';
import type { HeatmapCellInput } from '../../charts/heatmap';
import type { TrendPoint } from '../../charts/trend';
import { axisTickFormat, indicatorFormat } from '../../format';
import type { FittedAxis } from '../../charts/axis';
import { t, type Locale, type MessageKey } from '../../i18n';
import type { ChartExport, ExportCell } from '../model';

/** The props of the page's chart component, with every label already in words. */
export type ChartDraw =
	| { kind: 'map'; spec: ChoroplethSpec; legendTitle: string;
		/** How many areas a legend row holds, in words ("3 boroughs"). */
		countLabel: (n: number) => string }
	| { kind: 'bars'; rows: GroupedBarsRow[]; groups: string[]; series: string[]; yDomain: [number, number]; labels: Record<string, string> }
	| { kind: 'dots'; rows: DotIntervalRow[]; xDomain: [number, number]; labels: Record<string, string>; legend: { value: string; reference: string };
		/** Under the chart when its axis starts above zero. */
		axisNote?: string }
	| { kind: 'trend'; points: TrendPoint[]; waves: string[]; yDomain: [number, number] }
	| { kind: 'heatmap'; cells: HeatmapCellInput[]; rows: string[]; columns: string[]; rowLabels: Record<string, string>; columnLabels: Record<string, string>;
		/** Room for long row labels, and the colour scale's range for values that are not shares (a 0–10 mean). */
		margin?: { top: number; left: number }; domain?: [number, number] }
	/** The /map page's frame (LayeredMap) with its areas as drawn, each area's words, and the layer's legend (MapLegend). */
	| { kind: 'layered'; width: number; height: number; patternId: string; areas: LayeredArea[]; describe: Record<string, string>;
		/** Whether the areas carry the rates' colours (else plain, under a point layer). */
		filled: boolean;
		/** The point layer drawn over the areas, with each mark's words. */
		hexagons?: { cells: HexagonCell[]; describe: (cell: HexagonCell) => string };
		sites?: { symbols: AuditSymbol[]; describe: (site: AuditSymbol) => string };
		/** The areas' names as the page places them. */
		labels: MapLabels;
		legend: { title: string; shape: 'square' | 'hexagon' | 'diamond'; items: { fill: string; label: string; dashed?: boolean }[]; suppressed?: string } };

/** An area of the /map page's frame, as its view draws it. */
export interface LayeredArea { code: string; name: string; d: string; fill: string; status: CellStatus; selected: boolean }

/** One chart of a page: its export model and how the page draws it. */
export interface PageChart {
	model: ChartExport;
	draw: ChartDraw;
	/** How the chart's values read on the page (share in %, 0–10 mean, rate per 1,000). */
	type: 'proportion' | 'mean' | 'rate';
}

/** The pages whose charts can be exported, as in `/export/{view}/…`. */
export const EXPORT_VIEWS = ['explorer', 'overview', 'portrait', 'map', 'compare'] as const;
export type ExportView = (typeof EXPORT_VIEWS)[number];

/** What every chart of a page needs besides its view: the language and whether suppressed values are shown (analysts only). */
export interface ExportContext {
	locale: Locale;
	/** An analyst's `suppress=0`: the export carries "not for publication" like the page's banner. */
	unsuppressed: boolean;
	/** The order of the explorer's boroughs chart (`?order=`); ranked by default. */
	order?: BoroughOrder;
}

/** Boroughs ranked by their value (the default) or in alphabetical order. */
export const BOROUGH_ORDERS = ['rank', 'alpha'] as const;
export type BoroughOrder = (typeof BOROUGH_ORDERS)[number];

/** The sentence under a dot chart whose axis does not start at zero; undefined when it does. */
export function axisNote(locale: Locale, type: 'proportion' | 'mean' | 'rate', axis: FittedAxis): string | undefined {
	if (axis.fromZero) return undefined;
	return t(locale, 'chart.axis_from', { value: axisTickFormat(locale, type, axis.step)(axis.domain[0]) });
}

export interface SourceInfo {
	title: string;
	wave: string;
	respondents: number;
	design: string;
	ci_method: string;
	synthetic: boolean;
}

/** "Source: Enquête 2024 (wave 2024), 2,400 respondents. Design: weights only. Interval: Korn–Graubard." — the page's source line. */
export function sourceLine(locale: Locale, s: SourceInfo | null): string {
	if (!s) return '';
	const f = indicatorFormat(locale, 'proportion');
	return f.tr('dashboard.source', { title: s.title, wave: s.wave, n: f.count(s.respondents), design: f.tr(`design.${s.design}` as MessageKey),
		ci: f.tr(`ci.${s.ci_method}` as MessageKey) });
}

/** "95 % confidence intervals (Korn–Graubard)". */
export function methodLine(locale: Locale, ciMethod: string): string {
	const f = indicatorFormat(locale, 'proportion');
	return f.tr('export.method', { method: f.tr(`ci.${ciMethod}` as MessageKey) });
}

/**
 * How a chart shows a value that is not plainly published: `text` marks beside it (E, ×, –: bars,
 * dots, trends, heat maps), a map's `outline` (flagged areas dashed, suppressed ones hatched, no
 * data grey), or a map's `fill` alone (hatched, grey; flagged areas look like the others).
 */
export type MarkStyle = 'text' | 'outline' | 'fill';

/**
 * The reliability notes: one line per reason present among the cells (values to use with
 * caution, suppressed values, no data), each naming the mark the chart actually draws for it,
 * then the synthetic-data and the not-for-publication notes when they apply. Nothing is said
 * about a kind of value the chart does not hold.
 */
export function notesOf(ctx: ExportContext, cells: ExportCell[], type: 'proportion' | 'mean' | 'rate', synthetic: boolean, marks: MarkStyle = 'text'): string[] {
	const f = indicatorFormat(ctx.locale, type === 'mean' ? 'mean' : 'proportion');
	const notes: string[] = [];
	const reasons = (status: CellStatus) => f.reasons(cells.filter((c) => c.status === status).flatMap((c) => c.flags));
	const count = (status: CellStatus) => cells.filter((c) => c.status === status).length;
	const text = marks === 'text';
	if (count('flag')) {
		const key = text ? 'export.note_flag' : marks === 'outline' ? 'export.note_flag_outline' : 'export.note_flag_plain';
		notes.push(f.tr(key, { n: count('flag'), mark: f.tr('reliability.flag_mark'), reason: reasons('flag') }));
	}
	if (count('suppressed')) notes.push(f.tr('export.note_suppressed', { n: count('suppressed'), mark: f.tr(text ? 'export.mark_cross' : 'export.mark_hatched'), reason: reasons('suppressed') }));
	if (count('no_data')) notes.push(f.tr('export.note_no_data', { n: count('no_data'), mark: f.tr(text ? 'export.mark_dash' : 'export.mark_grey') }));
	if (cells.some((c) => c.series === f.gender('women+') || c.category === f.gender('women+'))) notes.push(f.tr('gender.two_categories_note'));
	if (synthetic) notes.push(f.tr('app.synthetic_banner'));
	if (ctx.unsuppressed) notes.push(f.tr('dashboard.unsuppressed_banner'));
	return notes;
}

/**
 * A chart's subtitle: what its title does not say. The indicator's definition, the wave (or the
 * period) and the population the values are about: "Share of respondents who … · Wave 2024 ·
 * Respondents in Montréal-Nord, by age group and gender".
 */
export function subtitleOf(locale: Locale, parts: { definition?: string | null; wave?: string | null; period?: string | null; population?: string | null }): string {
	const wave = parts.wave ? t(locale, 'export.subtitle_wave', { wave: parts.wave }) : parts.period ?? null;
	return [parts.definition?.replace(/[.\s]+$/, ''), wave, parts.population].filter(Boolean).join(' · ');
}

/** A file name part safe on every system: letters, digits, `_` and `-`. */
export function safeName(...parts: (string | null | undefined)[]): string {
	return parts.filter((p): p is string => !!p)
		.map((p) => p.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, ''))
		.filter(Boolean).join('-');
}

/** A cell of a chart from one of the views' values. */
export function cellOf(category: string, series: string | null, v: { estimate: number | null; ci: [number, number] | null; n: number | null; status: CellStatus; flags: string[] }): ExportCell {
	return { category, series, estimate: v.estimate, ci: v.ci, n: v.n, status: v.status, flags: [...v.flags] };
}

export const measureOf = (locale: Locale, type: 'proportion' | 'mean'): ChartExport['measure'] => ({
	type, label: indicatorFormat(locale, type).tr(type === 'mean' ? 'export.measure_mean' : 'export.measure_share')
});
