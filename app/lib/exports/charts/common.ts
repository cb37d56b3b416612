/**
 * What every page's exports share: a chart as the page draws it (`ChartDraw`, the props of the
 * same Svelte chart component) beside its `ChartExport` (the numbers and the words around them),
 * and the pieces of those words: the source line, the interval method, the reliability notes and
 * a file name.
 */
import type { ChoroplethSpec } from '../../charts/choropleth';
import type { CellStatus } from '../../charts/cell-status';
import type { DotIntervalRow } from '../../charts/dot-interval';
import type { GroupedBarsRow } from '../../charts/grouped-bars';
import type { HeatmapCellInput } from '../../charts/heatmap';
import type { TrendPoint } from '../../charts/trend';
import { indicatorFormat } from '../../format';
import type { Locale, MessageKey } from '../../i18n';
import type { ChartExport, ExportCell } from '../model';

/** The props of the page's chart component, with every label already in words. */
export type ChartDraw =
	| { kind: 'map'; spec: ChoroplethSpec; legendTitle: string }
	| { kind: 'bars'; rows: GroupedBarsRow[]; groups: string[]; series: string[]; yDomain: [number, number]; labels: Record<string, string> }
	| { kind: 'dots'; rows: DotIntervalRow[]; xDomain: [number, number]; labels: Record<string, string>; legend: { value: string; reference: string } }
	| { kind: 'trend'; points: TrendPoint[]; waves: string[]; yDomain: [number, number] }
	| { kind: 'heatmap'; cells: HeatmapCellInput[]; rows: string[]; columns: string[]; rowLabels: Record<string, string>; columnLabels: Record<string, string> }
	/** The /map page's frame (LayeredMap) with its areas as drawn, each area's words, and the layer's legend (MapLegend). */
	| { kind: 'layered'; width: number; height: number; patternId: string; areas: LayeredArea[]; describe: Record<string, string>;
		legend: { title: string; items: { fill: string; label: string }[]; suppressed: string } };

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
export const EXPORT_VIEWS = ['explorer', 'home', 'overview', 'portrait', 'map'] as const;
export type ExportView = (typeof EXPORT_VIEWS)[number];

/** What every chart of a page needs besides its view: the language and whether suppressed values are shown (analysts only). */
export interface ExportContext {
	locale: Locale;
	/** An analyst's `suppress=0`: the export carries "not for publication" like the page's banner. */
	unsuppressed: boolean;
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
	return f.tr('home.source', { title: s.title, wave: s.wave, n: f.count(s.respondents), design: f.tr(`design.${s.design}` as MessageKey),
		ci: f.tr(`ci.${s.ci_method}` as MessageKey) });
}

/** "95 % confidence intervals (Korn–Graubard)". */
export function methodLine(locale: Locale, ciMethod: string): string {
	const f = indicatorFormat(locale, 'proportion');
	return f.tr('export.method', { method: f.tr(`ci.${ciMethod}` as MessageKey) });
}

/**
 * The reliability notes: one line per reason present among the cells (values to use with
 * caution, suppressed values, no data), what the marks mean, then the synthetic-data and the
 * not-for-publication notes when they apply.
 */
export function notesOf(ctx: ExportContext, cells: ExportCell[], type: 'proportion' | 'mean' | 'rate', synthetic: boolean): string[] {
	const f = indicatorFormat(ctx.locale, type === 'mean' ? 'mean' : 'proportion');
	const notes: string[] = [];
	const reasons = (status: CellStatus) => f.reasons(cells.filter((c) => c.status === status).flatMap((c) => c.flags));
	const count = (status: CellStatus) => cells.filter((c) => c.status === status).length;
	if (count('flag')) notes.push(f.tr('export.note_flag', { n: count('flag'), mark: f.tr('reliability.flag_mark'), reason: reasons('flag') }));
	if (count('suppressed')) notes.push(f.tr('export.note_suppressed', { n: count('suppressed'), reason: reasons('suppressed') }));
	if (count('no_data')) notes.push(f.tr('export.note_no_data', { n: count('no_data') }));
	if (cells.some((c) => c.series === f.gender('women+') || c.category === f.gender('women+'))) notes.push(f.tr('gender.two_categories_note'));
	if (synthetic) notes.push(f.tr('app.synthetic_banner'));
	if (ctx.unsuppressed) notes.push(f.tr('home.unsuppressed_banner'));
	return notes;
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
