import { color, geoPath, interpolateOranges, interpolateViridis, scaleQuantize, scaleThreshold, type GeoPermissibleObjects, type GeoProjection } from 'd3';
import { hatchPatternId, type CellStatus } from './cell-status';
import { CompactPathContext, round1 } from './compact-path';
import { countClasses } from './count-classes';

/**
 * Geometry of the map's point layers, drawn over the areas with the choropleth's own projection
 * (`fitMapProjection`): hexagon aggregates (participatory-mapping points or incidents, as the
 * layer API gives them: never fewer than the minimum of points per cell) and audit sites.
 */

const hex = (t: number) => color(interpolateViridis(t))?.formatHex() ?? '#000000';
/**
 * Five classes of viridis, light yellow (few, or safe) to dark purple (many, or unsafe): lightness
 * falls monotonically, so the classes keep their order for colour-blind readers and in greyscale.
 */
export const HEXAGON_RAMP: readonly string[] = [0.95, 0.75, 0.55, 0.35, 0.12].map(hex);

/**
 * Four classes of a site's mean score (1 very poor – 5 very good), dark orange for poor sites to
 * light orange for good ones: a hue the Blues choropleth and the viridis hexagons do not use.
 */
export const AUDIT_RAMP: readonly string[] = [0.9, 0.68, 0.45, 0.22].map((t) => color(interpolateOranges(t))?.formatHex() ?? '#000000');
export const AUDIT_BREAKS: readonly number[] = [2, 3, 4];

export interface LegendClass {
	from: number;
	to: number;
	fill: string;
	/** How many cells or sites fall in the class: the legend doubles as the layer's summary table. */
	count: number;
}

export interface HexagonFeature {
	geometry: { type: 'Polygon'; coordinates: number[][][] };
	properties: { q: number; r: number; points: number; unsafe_share?: number; center?: [number, number] };
}

export interface HexagonCell {
	id: string;
	/** SVG path data in the map's pixels. */
	d: string;
	fill: string;
	points: number;
	/** The centre as [lon, lat], when the layer gives it: where the cell is, in words a reader can look up. */
	center: [number, number] | null;
	/** The share marked unsafe, or the points; `null` when the cell is suppressed. */
	value: number | null;
	status: CellStatus;
}

export interface HexagonLayer {
	measure: 'unsafe_share' | 'points';
	cells: HexagonCell[];
	legend: LegendClass[];
	patternId: string;
}

/**
 * Hexagons projected onto the map and coloured by the unsafe share (classes of 20 points on
 * [0, 1]) or by their number of points (up to five classes of whole counts breaking at round
 * numbers, `countClasses`). A cell with fewer than `minPoints` points (the layer API withholds
 * those; this is the second lock) is hatched and carries no value.
 *
 * @example
 * buildHexagonLayer({ features, projection, measure: 'unsafe_share', minPoints: 5, id: 'map' })
 * // → { cells: [{ id: 'h3,-2', d: 'M…Z', fill: '#…', points: 12, value: 0.75, status: 'ok' }], legend: [{ from: 0.6, to: 0.8, fill: '#…', count: 1 }, …] }
 */
export function buildHexagonLayer(options: {
	features: readonly HexagonFeature[];
	projection: GeoProjection;
	measure: 'unsafe_share' | 'points';
	minPoints: number;
	id: string;
}): HexagonLayer {
	const { features, projection, measure, minPoints } = options;
	const patternId = hatchPatternId(options.id);
	const values = features.map((f) => {
		const raw = measure === 'unsafe_share' ? f.properties.unsafe_share : f.properties.points;
		return f.properties.points >= minPoints && raw !== undefined && Number.isFinite(raw) ? raw : null;
	});
	const classOf = measure === 'unsafe_share' ? shareClasses() : pointClasses(values.filter((v): v is number => v !== null));
	const cells = features.map((f, i): HexagonCell => {
		const context = new CompactPathContext();
		geoPath(projection, context)(f.geometry as GeoPermissibleObjects);
		const value = values[i]!;
		return {
			id: `h${f.properties.q},${f.properties.r}`,
			d: context.result(),
			fill: value !== null ? classOf.fill(value) : `url(#${patternId})`,
			points: f.properties.points,
			center: f.properties.center ?? null,
			value,
			status: value !== null ? 'ok' : 'suppressed'
		};
	});
	// Only the classes that hold a cell: a legend row saying "(0 hexagons)" tells the reader nothing.
	const legend = classOf.classes.map((c) => ({ ...c, count: cells.filter((cell) => cell.fill === c.fill).length })).filter((c) => c.count > 0);
	return { measure, cells, legend, patternId };
}

interface Classes {
	fill: (v: number) => string;
	classes: { from: number; to: number; fill: string }[];
}

/** The unsafe share in five classes of 20 points: 0 – 20 %, …, 80 – 100 %. */
function shareClasses(): Classes {
	const scale = scaleQuantize<string>().domain([0, 1]).range(HEXAGON_RAMP);
	return { fill: scale, classes: HEXAGON_RAMP.map((fill) => ({ ...bounds(scale.invertExtent(fill)), fill })) };
}
const bounds = ([from, to]: [number, number]) => ({ from, to });

/**
 * Points per hexagon in classes of whole counts with round breaks (5 – 9, 10 – 19, 20 – 49, …),
 * each holding a cell; their colours spread over the ramp from its lightest to its darkest.
 */
function pointClasses(values: number[]): Classes {
	const found = countClasses(values, HEXAGON_RAMP.length);
	const last = Math.max(1, found.length - 1);
	const classes = found.map((c, i) => ({ from: c.from, to: c.to, fill: HEXAGON_RAMP[found.length === 1 ? 2 : Math.round((i * (HEXAGON_RAMP.length - 1)) / last)]! }));
	const fill = (v: number) => (classes.find((c) => Math.round(v) <= c.to) ?? classes.at(-1)!).fill;
	return { fill, classes };
}

export interface AuditFeature {
	geometry: { type: 'Point'; coordinates: number[] };
	properties: { site_id: string; date: string | null; time_of_day: string | null; area: string | null; scores: Record<string, number> };
}

export interface AuditSymbol {
	site_id: string;
	x: number;
	y: number;
	/** A diamond centred on the site, `size` px from centre to vertex: a shape no other layer uses. */
	d: string;
	fill: string;
	/** Mean score over the criteria scored; null when none is. */
	mean: number | null;
	/** Criteria rated poor (score ≤ poorMax), in the order of `criteria`. */
	poor: string[];
	scores: Record<string, number>;
	area: string | null;
}

/**
 * Audit sites as diamonds coloured by their mean score in four classes (< 2, 2–3, 3–4, ≥ 4);
 * sites without a score are light grey. Sites outside the map's frame are left out.
 *
 * @example
 * buildAuditSymbols({ features, projection, poorMax: 2, size: 7 }).symbols[0]
 * // → { site_id: 'M01', x: 312.4, y: 201.7, d: 'M312.4,194.7L319.4,201.7…Z', fill: '#…', mean: 2.9, poor: ['signage'] }
 */
export function buildAuditSymbols(options: {
	features: readonly AuditFeature[];
	projection: GeoProjection;
	poorMax: number;
	size?: number;
	width: number;
	height: number;
}): { symbols: AuditSymbol[]; legend: LegendClass[] } {
	const { projection, poorMax, width, height } = options;
	const size = options.size ?? 7;
	const scale = scaleThreshold<number, string>().domain([...AUDIT_BREAKS]).range([...AUDIT_RAMP]);
	const symbols: AuditSymbol[] = [];
	for (const f of options.features) {
		const p = projection(f.geometry.coordinates as [number, number]);
		if (!p || !(p[0] >= 0 && p[0] <= width && p[1] >= 0 && p[1] <= height)) continue;
		const [x, y] = [round1(p[0]), round1(p[1])];
		const values = Object.values(f.properties.scores);
		const mean = values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
		symbols.push({
			site_id: f.properties.site_id, x, y,
			d: `M${x},${round1(y - size)}L${round1(x + size)},${y}L${x},${round1(y + size)}L${round1(x - size)},${y}Z`,
			fill: mean === null ? '#f0f0f0' : scale(mean),
			mean,
			poor: Object.entries(f.properties.scores).filter(([, s]) => s <= poorMax).map(([c]) => c),
			scores: f.properties.scores,
			area: f.properties.area
		});
	}
	const bounds = [1, ...AUDIT_BREAKS, 5];
	const legend = AUDIT_RAMP.map((fill, i) => ({ from: bounds[i]!, to: bounds[i + 1]!, fill, count: symbols.filter((s) => s.fill === fill).length }));
	return { symbols, legend: legend.filter((c) => c.count > 0) };
}
