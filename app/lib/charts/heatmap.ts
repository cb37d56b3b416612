import { interpolateRgb, rgb, scaleBand, scaleLinear } from 'd3';
import { MISSING_FILL, normaliseCell, type CellStatus } from './cell-status';
import { round1 } from './compact-path';

export interface HeatmapCellInput {
	row: string;
	column: string;
	value: number | null;
	status: CellStatus;
}

export interface HeatmapOptions {
	cells: HeatmapCellInput[];
	/** Order of the rows (e.g. the contexts); cells of other rows are ignored. */
	rows: string[];
	/** Order of the columns (e.g. the victims' genders). */
	columns: string[];
	width: number;
	/** Height of one row. */
	rowHeight?: number;
	/** Room on the left for the row labels and on top for the column labels. */
	margin?: { top: number; left: number };
	/** Default [0, 1]: shares. */
	domain?: [number, number];
}

export interface HeatmapCell {
	row: string;
	column: string;
	x: number;
	y: number;
	width: number;
	height: number;
	/** A published value's colour; the missing grey otherwise (suppressed cells are hatched over it). */
	fill: string;
	/** Dark text on light cells, white on dark ones (contrast ≥ 4.5:1 either way). */
	text: string;
	status: CellStatus;
	value: number | null;
}

export interface HeatmapSpec {
	width: number;
	height: number;
	cells: HeatmapCell[];
	rowLabels: { key: string; x: number; y: number }[];
	columnLabels: { key: string; x: number; y: number }[];
}

/** WCAG relative luminance of a colour. */
function luminance(colour: string): number {
	const { r, g, b } = rgb(colour);
	const lin = (c: number) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
	return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** White or near-black text, whichever contrasts more with the fill (WCAG contrast ratio). */
export function textOn(fill: string): string {
	const l = luminance(fill);
	return (1.05) / (l + 0.05) > (l + 0.05) / (luminance('#1a1a1a') + 0.05) ? '#ffffff' : '#1a1a1a';
}

/** Single-hue blue ramp: ordered in lightness, so it reads in greyscale and for every colour vision. */
const LOW = '#eef4fb', HIGH = '#08306b';

/**
 * A matrix of shares as coloured cells: light for low values, dark blue for high ones. Suppressed
 * and missing cells keep the missing grey (the component hatches suppressed ones) and carry no
 * value: they are never drawn as a zero.
 *
 * @example buildHeatmap({ cells: [{ row: 'private', column: 'woman', value: 0.4, status: 'ok' }],
 *   rows: ['private'], columns: ['woman'], width: 300 }).cells[0].fill // a mid blue
 */
export function buildHeatmap(options: HeatmapOptions): HeatmapSpec {
	const { rows, columns, width, rowHeight = 40, margin = { top: 44, left: 180 }, domain = [0, 1] } = options;
	const height = margin.top + rows.length * rowHeight;
	const x = scaleBand<string>().domain(columns).range([margin.left, width]).paddingInner(0.04);
	const y = scaleBand<string>().domain(rows).range([margin.top, height]).paddingInner(0.08);
	const colour = scaleLinear<string>().domain(domain).range([LOW, HIGH]).interpolate(interpolateRgb).clamp(true);
	const byKey = new Map(options.cells.map((c) => [`${c.row}\u0000${c.column}`, c]));
	const cells: HeatmapCell[] = [];
	for (const row of rows) {
		for (const column of columns) {
			const input = byKey.get(`${row}\u0000${column}`);
			const { status, value } = normaliseCell(input?.status ?? 'no_data', input?.value ?? null);
			const fill = value === null ? MISSING_FILL : colour(value);
			cells.push({ row, column, x: round1(x(column)!), y: round1(y(row)!), width: round1(x.bandwidth()), height: round1(y.bandwidth()),
				fill, text: textOn(fill), status, value });
		}
	}
	return {
		width, height,
		cells,
		rowLabels: rows.map((key) => ({ key, x: margin.left - 8, y: round1(y(key)! + y.bandwidth() / 2) })),
		columnLabels: columns.map((key) => ({ key, x: round1(x(key)! + x.bandwidth() / 2), y: margin.top - 10 }))
	};
}
