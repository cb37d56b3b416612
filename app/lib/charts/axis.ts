/**
 * The value axis of every chart and of every export of it (page, SVG, PNG, PowerPoint): one rule,
 * so that a 4 % rate is not a sliver at the bottom of a 0–100 % frame and the same chart looks the
 * same wherever it is shown.
 *
 * - Bars (and trends, and anything PowerPoint draws as bars) start at zero: a bar's length is its
 *   value. They end at a round value a little above the largest upper confidence bound.
 * - Dots with intervals have no length to read: their axis may start above zero when zero would
 *   waste more than a quarter of it. The chart then says so (`fromZero: false`).
 *
 * Only published values set the axis: a suppressed cell's value (an analyst's unsuppressed view
 * still carries it) never moves a chart, or the axis would hint at it.
 */
import { tickStep } from 'd3';
import type { CellStatus } from './cell-status';

export type AxisKind = 'bars' | 'dots';

/** A value of a chart as the axis sees it: the estimate, its interval and any reference drawn beside it. */
export interface AxisValue {
	value: number | null;
	ci?: [number, number] | null;
	status?: CellStatus;
	reference?: number | null;
}

export interface FittedAxis {
	domain: [number, number];
	/** The distance between round ticks inside the domain. */
	step: number;
	/** False when a dot chart's axis starts above zero: the chart must say so. */
	fromZero: boolean;
}

export interface AxisOptions {
	kind: AxisKind;
	/** The scale's own bounds (shares: 0–1, a 0–10 mean: 0–10): the axis never runs past them. */
	limit?: [number, number];
}

/** How far above the highest bound (and below the lowest, for dots) the axis reaches before rounding. */
const HEADROOM = 0.08;
/** The number of ticks aimed at; d3 rounds it to steps of 1, 2 or 5 × 10ⁿ. */
const TICKS = 5;

const finite = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);
/** Rounds away the binary noise of `k × step` (0.1 × 3 = 0.30000000000000004). */
const clean = (v: number) => Math.round(v * 1e10) / 1e10;

/** The numbers a set of chart values needs to show: published estimates, their bounds, references. */
export function axisNumbers(values: Iterable<AxisValue>): number[] {
	const out: number[] = [];
	for (const v of values) {
		if (finite(v.reference)) out.push(v.reference);
		if (v.status === 'suppressed' || v.status === 'no_data' || !finite(v.value)) continue;
		out.push(v.value);
		if (v.ci) out.push(...v.ci.filter(finite));
	}
	return out;
}

/**
 * The axis of a chart that must show `values`.
 *
 * @example fitAxis([{ value: 0.04, ci: [0.03, 0.052] }], { kind: 'bars', limit: [0, 1] }).domain // [0, 0.06]
 * @example fitAxis([{ value: 0.6, ci: [0.55, 0.66] }, { value: 0.7, ci: [0.65, 0.75] }], { kind: 'dots', limit: [0, 1] })
 *   // { domain: [0.5, 0.8], step: 0.05, fromZero: false }
 */
export function fitAxis(values: Iterable<AxisValue>, options: AxisOptions): FittedAxis {
	const numbers = axisNumbers(values);
	const [floor, ceiling] = options.limit ?? [0, Infinity];
	const top = Math.max(0, ...numbers);
	if (!numbers.length || top <= 0) {
		// Nothing to show: the scale's own frame, or a unit one.
		const hi = Number.isFinite(ceiling) ? ceiling : 1;
		return { domain: [floor, hi], step: tickStep(floor, hi, TICKS), fromZero: true };
	}
	const bottom = Math.max(floor, Math.min(...numbers));
	const reach = top + HEADROOM * Math.max(top - (options.kind === 'dots' ? bottom : 0), top * 0.1);
	const zeroStep = tickStep(0, reach, TICKS);
	const zeroBased: FittedAxis = { domain: [Math.max(0, floor), clean(Math.min(ceiling, Math.ceil(reach / zeroStep - 1e-9) * zeroStep))], step: zeroStep, fromZero: true };
	if (options.kind === 'bars' || bottom <= 0) return zeroBased;
	const low = Math.max(floor, bottom - HEADROOM * (top - bottom || top * 0.1));
	const step = tickStep(low, reach, TICKS);
	const lo = clean(Math.max(floor, Math.floor(low / step + 1e-9) * step));
	const hi = clean(Math.min(ceiling, Math.ceil(reach / step - 1e-9) * step));
	// Starting above zero is worth a note only when zero would take more than a quarter of the axis.
	if (lo <= 0 || lo < (hi - lo) / 3) return zeroBased;
	return { domain: [lo, hi], step, fromZero: false };
}

/** The scale's own bounds of a measure: shares 0–1, a 0–10 mean 0–10, rates unbounded above. */
export function measureLimit(type: 'proportion' | 'mean' | 'rate'): [number, number] {
	return type === 'proportion' ? [0, 1] : type === 'mean' ? [0, 10] : [0, Infinity];
}
