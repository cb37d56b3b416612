import {
	color,
	extent,
	tickStep,
	geoArea,
	geoMercator,
	geoPath,
	interpolateBlues,
	scaleQuantize,
	type GeoPermissibleObjects,
	type GeoProjection
} from 'd3';
import { hatchPatternId, MISSING_FILL, normaliseCell, type CellStatus } from './cell-status';
import { CompactPathContext, round1 } from './compact-path';
import { placeMapLabels, type MapLabels } from './map-labels';

/**
 * A GeoJSON Polygon or MultiPolygon. Declared structurally (rather than with `geojson`'s types,
 * whose `bbox` is a tuple) so that both `geojson` geometries and `rewindForD3`'s output fit.
 */
export type AreaGeometry =
	| { type: 'Polygon'; coordinates: number[][][] }
	| { type: 'MultiPolygon'; coordinates: number[][][][] };

export interface ChoroplethAreaInput {
	code: string;
	name: string;
	/** Exterior rings clockwise, as d3-geo wants them (see `ingest/geo/rewind.ts`). */
	geometry: AreaGeometry;
	value: number | null;
	status: CellStatus;
}

export interface ChoroplethOptions {
	areas: ChoroplethAreaInput[];
	width: number;
	height: number;
	/**
	 * The values the classes must cover; default: the extent of the published values, widened to
	 * multiples of 0.05. The classes are round steps over it (`classBreaks`).
	 */
	domain?: [number, number];
	/** Code of the area to outline. */
	selected?: string;
	/** Prefix of the ids in the chart's `<defs>`; unique per chart on a page. Default `choropleth`. */
	id?: string;
	/** Width of the legend column on the left; default a quarter of the width, 110–180 px. */
	legendWidth?: number;
}

export interface ChoroplethArea {
	code: string;
	name: string;
	/** SVG path data: simplified below 0.5 px, rounded to 0.1 px, relative `l` commands. */
	d: string;
	/** A colour, or `url(#…)` of the hatch pattern for suppressed areas. */
	fill: string;
	status: CellStatus;
	/** `null` unless the status is `ok` or `flag`. */
	value: number | null;
	selected: boolean;
	centroid: [number, number];
}

export interface ChoroplethLegendClass {
	from: number;
	to: number;
	fill: string;
	/** How many areas fall in the class (never 0: empty classes are left out of the legend). */
	count: number;
	/** Top of the swatch. */
	y: number;
}

/** A legend row for areas without a class: shown only when `count` > 0. */
export interface ChoroplethLegendRow {
	count: number;
	y: number;
}

export interface ChoroplethLegend {
	/** Left of the swatches; the legend title sits on `titleY`. */
	x: number;
	titleY: number;
	swatchSize: number;
	/** The classes holding at least one area, lowest first. */
	classes: ChoroplethLegendClass[];
	/** The size of a class (the classes are round steps of it). */
	step: number;
	noDataFill: string;
	noData: ChoroplethLegendRow;
	suppressedPatternId: string;
	suppressed: ChoroplethLegendRow;
	/** Flagged areas ("interpret with caution"), drawn with a dashed outline. */
	flag: ChoroplethLegendRow;
	/** Below the last row shown. */
	height: number;
}

export interface ChoroplethSpec {
	width: number;
	height: number;
	/** Where the map starts: the drawing right of it is the map, left of it the legend's column. */
	mapX: number;
	domain: [number, number];
	areas: ChoroplethArea[];
	legend: ChoroplethLegend;
	/** Names on the map: the chosen area, the highest and lowest values, others where they fit. */
	labels: MapLabels;
}

/**
 * Five classes of a single-hue sequential ramp (ColorBrewer Blues, sampled from t = 0.3 so the
 * lightest class stays darker than the no-data grey). CIELAB lightness falls in even steps
 * (≈ 83, 70, 54, 38, 20), so the classes stay ordered for colour-blind readers and in greyscale.
 */
export const CHOROPLETH_RAMP: readonly string[] = choroplethRamp(5);

/** `n` classes of the same ramp, evenly from t = 0.3 to 1 (one class: the middle). */
export function choroplethRamp(n: number): string[] {
	const ts = n === 1 ? [0.65] : Array.from({ length: n }, (_, i) => 0.3 + (0.7 * i) / (n - 1));
	return ts.map((t) => color(interpolateBlues(t))?.formatHex() ?? '#000000');
}

/**
 * Classes of a round step over `[lo, hi]`: the step of about four classes (1, 2 or 5 × 10^k),
 * bounds widened to multiples of it, so the top class holds the highest value and every break
 * reads as a round number. Three to six classes.
 *
 * @example classBreaks(0, 15.2) // { domain: [0, 20], step: 5, count: 4 }
 * @example classBreaks(0.55, 0.8) // { domain: [0.55, 0.8], step: 0.05, count: 5 }
 */
export function classBreaks(lo: number, hi: number): { domain: [number, number]; step: number; count: number } {
	if (!(hi > lo)) hi = lo + (Math.abs(lo) || 1) * 0.05;
	let step = tickStep(lo, hi, 4);
	if ((hi - lo) / step > 6) step = tickStep(lo, hi, 3);
	// Rounding keeps 0.55 / 0.05 on 11, not 11.000000000000002.
	const k = (v: number) => Math.round(v * 1e9) / 1e9;
	const from = Math.floor(k(lo / step)), to = Math.max(from + 1, Math.ceil(k(hi / step)));
	const fix = (v: number) => Number((v * step).toPrecision(12));
	return { domain: [fix(from), fix(to)], step, count: to - from };
}

const PADDING = 4;
const SWATCH = 14;
const ROW = 20;

/**
 * Geometry of a choropleth: one SVG path per area, projected with Mercator fitted to all areas
 * (fine at city scale), coloured by a 5-class quantize scale.
 *
 * @example
 *   buildChoropleth({ areas: [{ code: 'AJ', name: 'Anjou', geometry, value: 0.62, status: 'ok' }],
 *     width: 640, height: 480 })
 *   // → { areas: [{ code: 'AJ', d: 'M…Z', fill: '#…', centroid: [412.5, 231], … }], legend: { classes: [5 × { from, to, fill }] … } }
 */
export function buildChoropleth(options: ChoroplethOptions): ChoroplethSpec {
	const { width, height, selected } = options;
	if (!(width > 0 && height > 0)) throw new RangeError(`chart size must be positive, got ${width}×${height}`);
	const chartId = options.id ?? 'choropleth';
	const legendWidth = options.legendWidth ?? Math.min(180, Math.max(110, width / 4));
	const drawn = areaLayout(options.areas, width, height, legendWidth);
	const cells = options.areas.map((area) => ({ ...area, ...normaliseCell(area.status, area.value) }));
	const wanted = options.domain ?? niceDomain(cells.map((c) => c.value));
	if (!(wanted[0] < wanted[1])) throw new RangeError(`domain must be increasing, got [${wanted}]`);
	const { domain, step, count } = classBreaks(wanted[0], wanted[1]);
	const ramp = choroplethRamp(count);
	const scale = scaleQuantize<string>().domain(domain).range(ramp);
	const suppressedFill = `url(#${hatchPatternId(chartId)})`;

	const areas = cells.map((cell, i): ChoroplethArea => {
		const { d, centroid } = drawn[i]!;
		return {
			code: cell.code,
			name: cell.name,
			d,
			fill: cell.value !== null ? scale(cell.value) : cell.status === 'suppressed' ? suppressedFill : MISSING_FILL,
			status: cell.status,
			value: cell.value,
			selected: cell.code === selected,
			centroid: [centroid[0], centroid[1]]
		};
	});
	const classes = ramp.map((fill) => {
		const [from, to] = scale.invertExtent(fill);
		return { from, to, fill, count: areas.filter((a) => a.fill === fill).length };
	});
	const labels = placeMapLabels(areas.map((a, i) => ({ ...a, bounds: drawn[i]!.bounds })), { x: legendWidth, width, height });
	return { width, height, mapX: legendWidth, domain, areas, legend: buildLegend(classes, step, areas, chartId), labels };
}

interface AreaDrawing { d: string; centroid: [number, number]; bounds: [[number, number], [number, number]] }
interface Layout { geometries: AreaGeometry[]; size: string; drawn: AreaDrawing[] }
/** The last layouts drawn: a page's maps (the overview's, one per indicator) share the same areas and size. */
const layouts: Layout[] = [];
const LAYOUTS_KEPT = 4;

/**
 * Each area's path, centroid and bounds at this size: projecting the areas is most of a map's
 * cost, and depends on their geometries and the size only, not on the values. Kept for the same
 * geometry objects (the areas as read once from the database) and size.
 */
function areaLayout(areas: { code: string; geometry: AreaGeometry }[], width: number, height: number, legendWidth: number): AreaDrawing[] {
	const geometries = areas.map((a) => a.geometry);
	const size = `${width}x${height}x${legendWidth}`;
	const same = (l: Layout) => l.size === size && l.geometries.length === geometries.length && l.geometries.every((g, i) => g === geometries[i]);
	const known = layouts.find(same);
	if (known) return known.drawn;
	for (const area of areas) {
		if (geoArea(asGeo(area.geometry)) > 2 * Math.PI) throw new Error(`area ${area.code}: exterior ring is counter-clockwise; rewind it for d3-geo first`);
	}
	const projection = fitMapProjection(geometries, width, height, legendWidth);
	const measure = geoPath(projection);
	const drawn = geometries.map((g): AreaDrawing => {
		const context = new CompactPathContext();
		geoPath(projection, context)(asGeo(g));
		const [cx, cy] = measure.centroid(asGeo(g));
		return { d: context.result(), centroid: [round1(cx), round1(cy)], bounds: measure.bounds(asGeo(g)) };
	});
	layouts.unshift({ geometries: [...geometries], size, drawn });
	layouts.length = Math.min(layouts.length, LAYOUTS_KEPT);
	return drawn;
}

/**
 * The projection of a city map: Mercator fitted to the areas inside the chart, right of a legend
 * column of `legendWidth`. Map layers (hexagons, sites) use it too, so they sit on the areas.
 *
 * @example fitMapProjection(areas.map((a) => a.geometry), 640, 480, 0)([-73.6, 45.5]) // [x, y] in px
 */
export function fitMapProjection(geometries: AreaGeometry[], width: number, height: number, legendWidth: number): GeoProjection {
	const projection = geoMercator();
	if (geometries.length > 0) {
		projection.fitExtent(
			[[legendWidth + PADDING, PADDING], [width - PADDING, height - PADDING]],
			asGeo({ type: 'GeometryCollection', geometries })
		);
	}
	return projection;
}

function asGeo(geometry: AreaGeometry | { type: 'GeometryCollection'; geometries: AreaGeometry[] }) {
	return geometry as GeoPermissibleObjects;
}

/** The legend's rows: the classes that hold an area, then no data, suppressed and flagged when any area is. */
function buildLegend(all: Omit<ChoroplethLegendClass, 'y'>[], step: number, areas: ChoroplethArea[], chartId: string): ChoroplethLegend {
	const top = PADDING + ROW;
	const classes = all.filter((c) => c.count > 0).map((c, i) => ({ ...c, y: top + i * ROW }));
	let y = top + classes.length * ROW + ROW / 2;
	const row = (count: number): ChoroplethLegendRow => {
		const out = { count, y };
		if (count > 0) y += ROW;
		return out;
	};
	const count = (status: CellStatus) => areas.filter((a) => a.status === status).length;
	return {
		x: PADDING,
		titleY: PADDING + SWATCH - 2,
		swatchSize: SWATCH,
		classes,
		step,
		noDataFill: MISSING_FILL,
		noData: row(count('no_data')),
		suppressedPatternId: hatchPatternId(chartId),
		suppressed: row(count('suppressed')),
		flag: row(count('flag')),
		height: y
	};
}

/**
 * The extent of the values, widened outwards to multiples of 0.05 (proportions read best on
 * round bounds); a single value gets a class width of 0.05 above it, no value gives [0, 1].
 *
 * @example niceDomain([0.512, 0.68, null]) // [0.5, 0.7]
 */
export function niceDomain(values: (number | null)[]): [number, number] {
	const [min, max] = extent(values.filter((v): v is number => v !== null && Number.isFinite(v)));
	if (min === undefined || max === undefined) return [0, 1];
	// The epsilon keeps 0.35 (0.35000000000000003 × 20 = 7.000000000000001) on its own bound.
	const lo = Math.floor(min * 20 + 1e-9);
	const hi = Math.ceil(max * 20 - 1e-9);
	return [lo / 20, (hi > lo ? hi : lo + 1) / 20];
}
