/**
 * What the charts need to know about an estimate's reliability, shared by every chart type:
 * the engine's `Reliability` plus `no_data` for cells with no estimate at all. Missing values are
 * never drawn as zero: they are light grey, and suppressed ones are hatched.
 */
export type CellStatus = 'ok' | 'flag' | 'suppressed' | 'no_data';

/** Fill of areas and bar stubs with no published value. Lighter than every colour of the ramps. */
export const MISSING_FILL = '#f0f0f0';
/** Colour of the hatch lines over suppressed cells. */
export const HATCH_STROKE = '#737373';

/** The id of the hatch `<pattern>` of the chart whose `<svg>` elements use `id`. */
export function hatchPatternId(chartId: string): string {
	return `${chartId}-hatch`;
}

/**
 * A value is drawn only for a published estimate; anything else is missing, whatever number it
 * carries (a suppressed cell's estimate must not leak into the picture).
 *
 * @example normaliseCell('ok', null) // { status: 'no_data', value: null }
 */
export function normaliseCell(
	status: CellStatus,
	value: number | null
): { status: CellStatus; value: number | null } {
	if (status === 'suppressed') return { status, value: null };
	if (status === 'no_data' || value === null || !Number.isFinite(value)) {
		return { status: 'no_data', value: null };
	}
	return { status, value };
}

/**
 * A scale's domain with bounds that are numbers: a bound that is NaN or infinite (from an
 * interval that could not be computed) would turn every position into NaN, so the chart falls
 * back to `fallback` (shares: 0 to 1). Finite bounds pass as they are.
 *
 * @example finiteDomain([0, NaN]) // [0, 1]
 */
export function finiteDomain(domain: [number, number], fallback: [number, number] = [0, 1]): [number, number] {
	return Number.isFinite(domain[0]) && Number.isFinite(domain[1]) ? domain : fallback;
}
