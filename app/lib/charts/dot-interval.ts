import { scaleBand, scaleLinear } from 'd3';
import { finiteDomain, normaliseCell, type CellStatus } from './cell-status';
import { round1 } from './compact-path';
import type { Rect } from './grouped-bars';

export interface DotIntervalRow {
	key: string;
	value: number | null;
	ci: [number, number] | null;
	status: CellStatus;
	/** A value to compare with on the same row (e.g. the whole city), drawn as a tick. */
	reference?: number | null;
	/** The row the reader chose (e.g. their borough): drawn on a shaded band with its label in bold. */
	highlight?: boolean;
}

export interface DotIntervalOptions {
	rows: DotIntervalRow[];
	width: number;
	rowHeight?: number;
	/** Room for the row labels (left), the axis (bottom). */
	margin?: { top: number; right: number; bottom: number; left: number };
	/** Default [0, 1]: shares. Values and intervals outside are clamped to the frame. */
	xDomain?: [number, number];
	/** `left` (default): row labels left of the plot; `above`: on their own line over each row, for a phone's width. */
	labels?: 'left' | 'above';
}

export interface DotIntervalMark {
	key: string;
	/** Centre line of the row. */
	y: number;
	/** Where the row's label ends (`left`) or starts (`above`). */
	label: { x: number; y: number; anchor: 'end' | 'start' };
	status: CellStatus;
	value: number | null;
	ci: [number, number] | null;
	/** The dot; null for a suppressed or missing value (a mark stands in its place, at `markX`). */
	x: number | null;
	/** The interval's scaled ends; null without a published value. */
	interval: { x1: number; x2: number } | null;
	reference: number | null;
	referenceX: number | null;
	/** Where the text mark of a flagged (after the interval) or missing (at the start) row is anchored. */
	markX: number | null;
	/** The row's band across labels and plot when it is the chosen one; null otherwise. */
	band: Rect | null;
}

export interface DotIntervalSpec {
	width: number;
	height: number;
	plot: Rect;
	ticks: { value: number; x: number }[];
	rows: DotIntervalMark[];
}

/**
 * One row per estimate: a dot at the value, a line across its 95 % interval and, if given, a
 * tick at a reference value (the city). Rows without a published value get no dot, no line and
 * no zero: only a mark at the start of the axis.
 *
 * @example buildDotInterval({ rows: [{ key: 'a', value: 0.5, ci: [0.4, 0.6], status: 'ok' }], width: 500 }).rows[0].x
 */
export function buildDotInterval(options: DotIntervalOptions): DotIntervalSpec {
	const { rows, width, xDomain = [0, 1], labels = 'left' } = options;
	const above = labels === 'above';
	const rowHeight = options.rowHeight ?? (above ? 44 : 32);
	const margin = options.margin ?? (above ? { top: 4, right: 16, bottom: 28, left: 12 } : { top: 8, right: 24, bottom: 28, left: 290 });
	const plot: Rect = { x: margin.left, y: margin.top, width: width - margin.left - margin.right, height: rows.length * rowHeight };
	const height = margin.top + plot.height + margin.bottom;
	const x = scaleLinear().domain(finiteDomain(xDomain)).range([plot.x, plot.x + plot.width]).clamp(true);
	const y = scaleBand<string>().domain(rows.map((r) => r.key)).range([plot.y, plot.y + plot.height]);
	const marks = rows.map((r): DotIntervalMark => {
		const { status, value } = normaliseCell(r.status, r.value);
		const ci = value === null || !r.ci?.every(Number.isFinite) ? null : r.ci;
		const interval = ci ? { x1: round1(x(ci[0])), x2: round1(x(ci[1])) } : null;
		const reference = r.reference !== undefined && r.reference !== null && Number.isFinite(r.reference) ? r.reference : null;
		const centre = round1(y(r.key)! + (above ? y.bandwidth() * 0.68 : y.bandwidth() / 2));
		return {
			key: r.key, y: centre, status, value, ci,
			label: above ? { x: plot.x, y: round1(centre - 16), anchor: 'start' } : { x: plot.x - 8, y: centre, anchor: 'end' },
			x: value === null ? null : round1(x(value)),
			interval, reference, referenceX: reference === null ? null : round1(x(reference)),
			markX: value === null ? plot.x + 8 : status === 'flag' ? round1((interval?.x2 ?? x(value)) + 10) : null,
			band: r.highlight ? { x: above ? plot.x : 0, y: round1(y(r.key)!), width: round1(plot.x + plot.width - (above ? plot.x : 0)), height: round1(y.bandwidth()) } : null
		};
	});
	return { width, height, plot, ticks: x.ticks(5).map((value) => ({ value, x: round1(x(value)) })), rows: marks };
}
