import { area, line, scaleLinear, scalePoint } from 'd3';
import { finiteDomain, normaliseCell, type CellStatus } from './cell-status';
import { round1 } from './compact-path';
import type { Rect } from './grouped-bars';

export interface TrendPoint {
	wave: string;
	value: number | null;
	ci: [number, number] | null;
	status: CellStatus;
}

export interface TrendOptions {
	points: TrendPoint[];
	/** Order of the waves along x; points of other waves are ignored. */
	waves: string[];
	width: number;
	height: number;
	margin?: { top: number; right: number; bottom: number; left: number };
	/** Default [0, 1]: shares. */
	yDomain?: [number, number];
}

export interface TrendMark {
	wave: string;
	x: number;
	/** The value's height; null for a suppressed or missing wave (a mark on the baseline stands in). */
	y: number | null;
	status: CellStatus;
	value: number | null;
	ci: [number, number] | null;
	/** The interval's scaled ends (a whisker, for a wave alone between gaps). */
	interval: { y1: number; y2: number } | null;
}

export interface TrendSpec {
	width: number;
	height: number;
	plot: Rect;
	yTicks: { value: number; y: number }[];
	/** The line through the published values; broken at a wave without one, never drawn down to zero. */
	line: string;
	/** The 95 % band between the intervals of consecutive published waves. */
	band: string;
	marks: TrendMark[];
}

/**
 * A value across waves: a line through the published values with its 95 % interval as a band.
 * A wave with no published value breaks the line and the band (d3's `defined`) and gets a mark
 * on the baseline instead of a point.
 *
 * @example buildTrend({ points: [{ wave: '2023', value: 0.5, ci: [0.4, 0.6], status: 'ok' }], waves: ['2023'], width: 400, height: 200 })
 */
export function buildTrend(options: TrendOptions): TrendSpec {
	const { waves, width, height, yDomain = [0, 1] } = options;
	const margin = options.margin ?? { top: 12, right: 24, bottom: 32, left: 56 };
	const plot: Rect = { x: margin.left, y: margin.top, width: width - margin.left - margin.right, height: height - margin.top - margin.bottom };
	const x = scalePoint<string>().domain(waves).range([plot.x, plot.x + plot.width]).padding(0.5);
	const y = scaleLinear().domain(finiteDomain(yDomain)).range([plot.y + plot.height, plot.y]).clamp(true);
	const byWave = new Map(options.points.map((p) => [p.wave, p]));
	const marks = waves.map((wave): TrendMark => {
		const p = byWave.get(wave);
		const { status, value } = normaliseCell(p?.status ?? 'no_data', p?.value ?? null);
		const ci = value === null || !p?.ci?.every(Number.isFinite) ? null : p.ci;
		return { wave, x: round1(x(wave)!), y: value === null ? null : round1(y(value)), status, value, ci,
			interval: ci ? { y1: round1(y(ci[0])), y2: round1(y(ci[1])) } : null };
	});
	const shown = (m: TrendMark) => m.y !== null;
	const path = line<TrendMark>().defined(shown).x((m) => m.x).y((m) => m.y!).digits(1)(marks) ?? '';
	const band = area<TrendMark>().defined((m) => m.interval !== null).x((m) => m.x)
		.y0((m) => m.interval!.y1).y1((m) => m.interval!.y2).digits(1)(marks) ?? '';
	return { width, height, plot, yTicks: y.ticks(5).map((value) => ({ value, y: round1(y(value)) })), line: path, band, marks };
}
