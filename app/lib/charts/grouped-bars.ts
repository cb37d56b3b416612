import { color, interpolateRgb, scaleBand, scaleLinear, type ScaleLinear } from 'd3';
import { finiteDomain, MISSING_FILL, normaliseCell, type CellStatus } from './cell-status';
import { round1 } from './compact-path';

export interface GroupedBarsRow {
	group: string;
	series: string;
	value: number | null;
	ci: [number, number] | null;
	status: CellStatus;
}

export interface Margin {
	top: number;
	right: number;
	bottom: number;
	left: number;
}

export interface GroupedBarsOptions {
	rows: GroupedBarsRow[];
	/** Order of the groups along x (e.g. age groups); rows of other groups are ignored. */
	groups: string[];
	/** Order of the bars within a group (e.g. genders); rows of other series are ignored. */
	series: string[];
	width: number;
	height: number;
	/** Room around the plot for the axis, the group labels and the legend (below the labels). */
	margin?: Partial<Margin>;
	/** Default [0, 1]: proportions. Values and intervals outside are clamped to the frame. */
	yDomain?: [number, number];
}

export interface Rect {
	x: number;
	y: number;
	width: number;
	height: number;
}

export interface GroupedBar extends Rect {
	group: string;
	series: string;
	/** The series colour; lighter for flagged estimates; the missing grey for missing cells. */
	fill: string;
	/** The series colour: outlines flagged bars. */
	stroke: string;
	status: CellStatus;
	/** `null` unless the status is `ok` or `flag`; missing cells have `height: 0`. */
	value: number | null;
	/** The interval as given, for hover text; `null` for missing cells. */
	ci: [number, number] | null;
	/** The interval drawn: `y1`, `y2` are the scaled bounds (clamped to the frame). */
	whisker: { x: number; y1: number; y2: number; capHalfWidth: number } | null;
	/** Where the text mark of a flagged (above the bar and its whisker) or missing (above the stub) cell is anchored. */
	marker: { x: number; y: number } | null;
	/** A short hatched block on the baseline that stands for a missing cell, never a zero bar. */
	stub: Rect | null;
}

export interface GroupedBarsSpec {
	width: number;
	height: number;
	plot: Rect;
	groups: { key: string; x: number; width: number; labelX: number; labelY: number }[];
	bars: GroupedBar[];
	yTicks: { value: number; y: number }[];
	seriesColours: { series: string; fill: string }[];
	/** One swatch per series, in a row under the group labels. */
	legend: { series: string; fill: string; x: number; y: number; swatchSize: number }[];
}

/**
 * Okabe–Ito (2008), ordered so that the first three (the gender breakdown) also differ in
 * greyscale: CIELAB lightness ≈ 45, 71, 58.
 */
export const SERIES_PALETTE: readonly string[] = [
	'#0072B2',
	'#E69F00',
	'#009E73',
	'#CC79A7',
	'#D55E00',
	'#56B4E9',
	'#F0E442',
	'#000000'
];

const DEFAULT_MARGIN: Margin = { top: 20, right: 8, bottom: 56, left: 60 };
const STUB_HEIGHT = 4;
const MARK_GAP = 4;
const SWATCH = 12;

/**
 * Geometry of a grouped bar chart with confidence intervals: groups on an outer band scale, series
 * on an inner one, values on a linear y scale. Missing cells are a `height: 0` bar with a stub
 * and a marker, so the chart never shows a suppressed estimate as zero.
 *
 * @example
 *   buildGroupedBars({ rows: [{ group: '18-34', series: 'woman', value: 0.5, ci: [0.4, 0.6], status: 'ok' }],
 *     groups: ['18-34'], series: ['woman'], width: 400, height: 300 })
 *   // → { bars: [{ x: …, y: …, height: …, whisker: { y1: yScale(0.4), y2: yScale(0.6), … } }], yTicks: [{ value: 0, y: 224 }, …] … }
 */
export function buildGroupedBars(options: GroupedBarsOptions): GroupedBarsSpec {
	const { width, height, groups, series } = options;
	if (!(width > 0 && height > 0)) throw new RangeError(`chart size must be positive, got ${width}×${height}`);
	const yDomain = finiteDomain(options.yDomain ?? [0, 1]);
	if (!(yDomain[0] < yDomain[1])) throw new RangeError(`yDomain must be increasing, got [${yDomain}]`);
	const margin = { ...DEFAULT_MARGIN, ...options.margin };
	const plot: Rect = {
		x: margin.left,
		y: margin.top,
		width: Math.max(0, width - margin.left - margin.right),
		height: Math.max(0, height - margin.top - margin.bottom)
	};
	const bottom = plot.y + plot.height;
	const x = scaleBand().domain(groups).range([plot.x, plot.x + plot.width]).paddingInner(0.2).paddingOuter(0.1);
	const inner = scaleBand().domain(series).range([0, x.bandwidth()]).padding(0.08);
	const y = scaleLinear().domain(yDomain).range([bottom, plot.y]).clamp(true);
	const baseline = y(0);
	const colours = series.map((s, i) => ({ series: s, fill: SERIES_PALETTE[i % SERIES_PALETTE.length]! }));
	const colourOf = new Map(colours.map((c) => [c.series, c.fill]));

	const cells = new Map<string, GroupedBarsRow>();
	for (const row of options.rows) {
		const key = cellKey(row.group, row.series);
		if (!cells.has(key)) cells.set(key, row); // first row wins: duplicates are the caller's bug
	}
	const bars = groups.flatMap((group) =>
		series.map((s) => {
			const frame = { x: (x(group) ?? 0) + (inner(s) ?? 0), width: inner.bandwidth(), baseline, colour: colourOf.get(s)! };
			return { group, series: s, ...placeBar(cells.get(cellKey(group, s)), frame, y) };
		})
	);

	const legendStep = Math.min(140, plot.width / Math.max(1, series.length));
	return {
		width,
		height,
		plot,
		groups: groups.map((key) => ({
			key,
			x: round1(x(key) ?? 0),
			width: round1(x.bandwidth()),
			labelX: round1((x(key) ?? 0) + x.bandwidth() / 2),
			labelY: round1(bottom + 16)
		})),
		bars,
		yTicks: y.ticks(5).map((value) => ({ value, y: round1(y(value)) })),
		seriesColours: colours,
		legend: colours.map((c, i) => ({ ...c, x: round1(plot.x + i * legendStep), y: round1(bottom + 30), swatchSize: SWATCH }))
	};
}

interface BarFrame {
	x: number;
	width: number;
	baseline: number;
	colour: string;
}

/** One cell's bar, whisker and marks; `row` is undefined for a cell with no row at all. */
function placeBar(
	row: GroupedBarsRow | undefined,
	frame: BarFrame,
	y: ScaleLinear<number, number>
): Omit<GroupedBar, 'group' | 'series'> {
	const { status, value } = normaliseCell(row?.status ?? 'no_data', row?.value ?? null);
	const centre = round1(frame.x + frame.width / 2);
	const x = round1(frame.x);
	const width = round1(frame.width);
	const base = round1(frame.baseline);
	if (value === null) {
		const stub = { x, y: round1(base - STUB_HEIGHT), width, height: STUB_HEIGHT };
		return {
			x, y: base, width, height: 0, status, value, ci: null, whisker: null,
			fill: MISSING_FILL, stroke: frame.colour,
			stub, marker: { x: centre, y: round1(stub.y - MARK_GAP) }
		};
	}
	const top = round1(y(value));
	const ci = row?.ci && row.ci.every(Number.isFinite) ? row.ci : null;
	const capHalfWidth = round1(Math.min(6, frame.width / 4));
	const whisker = ci ? { x: centre, y1: round1(y(ci[0])), y2: round1(y(ci[1])), capHalfWidth } : null;
	const highest = Math.min(top, base, whisker?.y1 ?? Infinity, whisker?.y2 ?? Infinity);
	return {
		x, y: Math.min(top, base), width, height: round1(Math.abs(base - top)), status, value, ci, whisker,
		fill: status === 'flag' ? lighten(frame.colour) : frame.colour, stroke: frame.colour,
		stub: null, marker: status === 'flag' ? { x: centre, y: round1(highest - MARK_GAP) } : null
	};
}

function cellKey(group: string, series: string): string {
	return JSON.stringify([group, series]);
}

/** Flagged estimates: the series colour halfway to white, still ordered in greyscale. */
export function lighten(colour: string): string {
	return color(interpolateRgb(colour, '#ffffff')(0.55))?.formatHex() ?? colour;
}
