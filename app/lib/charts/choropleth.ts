import {
	color,
	extent,
	geoArea,
	geoMercator,
	geoPath,
	interpolateBlues,
	scaleQuantize,
	type GeoPermissibleObjects,
	type GeoProjection,
	type ScaleQuantize
} from 'd3';
import { hatchPatternId, MISSING_FILL, normaliseCell, type CellStatus } from './cell-status';
import { CompactPathContext, round1 } from './compact-path';

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
	/** Colour domain; default: the extent of the published values, widened to multiples of 0.05. */
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
	/** Top of the swatch. */
	y: number;
}

export interface ChoroplethLegend {
	/** Left of the swatches; the legend title sits on `titleY`. */
	x: number;
	titleY: number;
	swatchSize: number;
	classes: ChoroplethLegendClass[];
	noDataFill: string;
	noDataY: number;
	suppressedPatternId: string;
	suppressedY: number;
	/** Where the "interpret with caution" item goes (a dashed outline, as flagged areas are drawn). */
	flagY: number;
}

export interface ChoroplethSpec {
	width: number;
	height: number;
	domain: [number, number];
	areas: ChoroplethArea[];
	legend: ChoroplethLegend;
}

/**
 * Five classes of a single-hue sequential ramp (ColorBrewer Blues, sampled from t = 0.3 so the
 * lightest class stays darker than the no-data grey). CIELAB lightness falls in even steps
 * (≈ 83, 70, 54, 38, 20), so the classes stay ordered for colour-blind readers and in greyscale.
 */
export const CHOROPLETH_RAMP: readonly string[] = [0.3, 0.475, 0.65, 0.825, 1].map(
	(t) => color(interpolateBlues(t))?.formatHex() ?? '#000000'
);

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
	const cells = options.areas.map((area) => {
		if (geoArea(asGeo(area.geometry)) > 2 * Math.PI) {
			throw new Error(`area ${area.code}: exterior ring is counter-clockwise; rewind it for d3-geo first`);
		}
		return { ...area, ...normaliseCell(area.status, area.value) };
	});
	const domain = options.domain ?? niceDomain(cells.map((c) => c.value));
	if (!(domain[0] < domain[1])) throw new RangeError(`domain must be increasing, got [${domain}]`);
	const scale = scaleQuantize<string>().domain(domain).range(CHOROPLETH_RAMP);

	const legendWidth = options.legendWidth ?? Math.min(180, Math.max(110, width / 4));
	const projection = fitMapProjection(cells.map((c) => c.geometry), width, height, legendWidth);
	const centroidOf = geoPath(projection);
	const suppressedFill = `url(#${hatchPatternId(chartId)})`;

	const areas = cells.map((cell): ChoroplethArea => {
		const context = new CompactPathContext();
		geoPath(projection, context)(asGeo(cell.geometry));
		const [cx, cy] = centroidOf.centroid(asGeo(cell.geometry));
		return {
			code: cell.code,
			name: cell.name,
			d: context.result(),
			fill: cell.value !== null ? scale(cell.value) : cell.status === 'suppressed' ? suppressedFill : MISSING_FILL,
			status: cell.status,
			value: cell.value,
			selected: cell.code === selected,
			centroid: [round1(cx), round1(cy)]
		};
	});
	return { width, height, domain, areas, legend: buildLegend(scale, chartId) };
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

function buildLegend(scale: ScaleQuantize<string>, chartId: string): ChoroplethLegend {
	const top = PADDING + ROW;
	const classes = CHOROPLETH_RAMP.map((fill, i) => {
		const [from, to] = scale.invertExtent(fill);
		return { from, to, fill, y: top + i * ROW };
	});
	const afterClasses = top + classes.length * ROW + ROW / 2;
	return {
		x: PADDING,
		titleY: PADDING + SWATCH - 2,
		swatchSize: SWATCH,
		classes,
		noDataFill: MISSING_FILL,
		noDataY: afterClasses,
		suppressedPatternId: hatchPatternId(chartId),
		suppressedY: afterClasses + ROW,
		flagY: afterClasses + 2 * ROW
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
