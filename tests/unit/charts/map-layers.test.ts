import { lab } from 'd3';
import { describe, expect, test } from 'vitest';
import { fitMapProjection } from '../../../app/lib/charts/choropleth';
import {
	AUDIT_RAMP, buildAuditSymbols, buildHexagonLayer, HEXAGON_RAMP, type AuditFeature, type HexagonFeature
} from '../../../app/lib/charts/map-layers';
import { hexbin } from '../../../app/lib/engine/hexagons';

/** A clockwise lon/lat square: the map's one area. */
const AREA = { type: 'Polygon' as const, coordinates: [[[-73.7, 45.45], [-73.7, 45.55], [-73.5, 45.55], [-73.5, 45.45], [-73.7, 45.45]]] };
const projection = fitMapProjection([AREA], 640, 480, 0);

/** Hexagons from the engine's binning: `counts[i]` points in the i-th cell along a row, `unsafe[i]` of them unsafe. */
function hexagons(counts: number[], unsafe: number[]): HexagonFeature[] {
	const lon: number[] = [], lat: number[] = [];
	counts.forEach((n, i) => { for (let k = 0; k < n; k++) { lon.push(-73.68 + i * 0.03); lat.push(45.5); } });
	return hexbin(lon, lat, 500, [-73.6, 45.5]).map((h, i) => ({
		geometry: { type: 'Polygon', coordinates: [h.ring] },
		properties: { q: h.q, r: h.r, points: h.points.length, unsafe_share: unsafe[i]! / h.points.length }
	}));
}

/** Absolute vertices of a path written by CompactPathContext (M absolute, then relative l pairs). */
function vertices(d: string): [number, number][] {
	const tokens = d.match(/[MlzZ]|-?(?:\d+(?:\.\d+)?|\.\d+)/g) ?? [];
	const out: [number, number][] = [];
	let cmd = '', x = 0, y = 0;
	for (let i = 0; i < tokens.length; ) {
		if (/[MlzZ]/.test(tokens[i]!)) { cmd = tokens[i++]!; continue; }
		const dx = Number(tokens[i++]), dy = Number(tokens[i++]);
		[x, y] = cmd === 'M' ? [dx, dy] : [x + dx, y + dy];
		out.push([x, y]);
	}
	return out;
}

describe('hexagon layer', () => {
	const features = hexagons([10, 8, 20, 5], [10, 2, 9, 0]);

	test('one path per hexagon, six vertices, inside the frame, centred on the projected centre', () => {
		const layer = buildHexagonLayer({ features, projection, measure: 'unsafe_share', minPoints: 5, id: 'map' });
		expect(layer.cells).toHaveLength(4);
		for (const [i, cell] of layer.cells.entries()) {
			const v = vertices(cell.d);
			expect(v.length).toBeGreaterThanOrEqual(6);
			for (const [x, y] of v) { expect(x).toBeGreaterThan(0); expect(x).toBeLessThan(640); expect(y).toBeGreaterThan(0); expect(y).toBeLessThan(480); }
			const ring = features[i]!.geometry.coordinates[0]!;
			const [cx, cy] = projection([ring.slice(0, 6).reduce((s, p) => s + p[0]!, 0) / 6, ring.slice(0, 6).reduce((s, p) => s + p[1]!, 0) / 6])!;
			const mx = v.slice(0, 6).reduce((s, p) => s + p[0], 0) / 6, my = v.slice(0, 6).reduce((s, p) => s + p[1], 0) / 6;
			expect(Math.abs(mx - cx)).toBeLessThan(0.5);
			expect(Math.abs(my - cy)).toBeLessThan(0.5);
		}
	});

	test.each([
		{ share: 1, fill: HEXAGON_RAMP[4] },
		{ share: 0.25, fill: HEXAGON_RAMP[1] },
		{ share: 0.45, fill: HEXAGON_RAMP[2] },
		{ share: 0, fill: HEXAGON_RAMP[0] }
	])('unsafe share $share gets its class colour', ({ share, fill }) => {
		const i = [1, 0.25, 0.45, 0].indexOf(share);
		const layer = buildHexagonLayer({ features, projection, measure: 'unsafe_share', minPoints: 5, id: 'map' });
		expect(layer.cells[i]!.value).toBeCloseTo(share, 12);
		expect(layer.cells[i]!.fill).toBe(fill);
	});

	test('counts: classes of whole counts breaking at round numbers, each holding a cell, lightest to darkest', () => {
		// 10, 8, 20 and 5 points.
		const layer = buildHexagonLayer({ features, projection, measure: 'points', minPoints: 5, id: 'map' });
		expect(layer.legend.map((c) => [c.from, c.to, c.count])).toEqual([[5, 9], [10, 19], [20, 20]].map(([a, b], i) => [a, b, [2, 1, 1][i]]));
		expect(layer.legend.map((c) => c.fill)).toEqual([HEXAGON_RAMP[0], HEXAGON_RAMP[2], HEXAGON_RAMP[4]]);
		expect(layer.cells.map((c) => c.fill)).toEqual([HEXAGON_RAMP[2], HEXAGON_RAMP[0], HEXAGON_RAMP[4], HEXAGON_RAMP[0]]);
	});

	test('a cell below the minimum is hatched and carries no value', () => {
		const layer = buildHexagonLayer({ features, projection, measure: 'unsafe_share', minPoints: 6, id: 'map' });
		const small = layer.cells[3]!;
		expect(small).toMatchObject({ status: 'suppressed', value: null, fill: 'url(#map-hatch)' });
		expect(layer.cells.filter((c) => c.status === 'suppressed')).toHaveLength(1);
	});

	test('the ramp darkens class by class (readable in greyscale)', () => {
		const lightness = HEXAGON_RAMP.map((c) => lab(c).l);
		for (let i = 1; i < lightness.length; i++) expect(lightness[i]!).toBeLessThan(lightness[i - 1]! - 10);
	});
});

describe('audit symbols', () => {
	const site = (id: string, lon: number, scores: Record<string, number>): AuditFeature => ({
		geometry: { type: 'Point', coordinates: [lon, 45.5] }, properties: { site_id: id, date: '2024-05-01', time_of_day: 'evening', area: 'A', scores }
	});
	const features = [
		site('S1', -73.65, { lighting: 1, signage: 2, maintenance: 1 }),
		site('S2', -73.6, { lighting: 3, signage: 2 }),
		site('S3', -73.55, { lighting: 5, signage: 4 }),
		site('S4', -72.0, { lighting: 5 }), // far east of the frame
		site('S5', -73.58, {})
	];
	const { symbols, legend } = buildAuditSymbols({ features, projection, poorMax: 2, width: 640, height: 480 });

	test('one diamond per site inside the frame, at the projected position', () => {
		expect(symbols.map((s) => s.site_id)).toEqual(['S1', 'S2', 'S3', 'S5']);
		const [x, y] = projection([-73.6, 45.5])!;
		expect(symbols[1]!.x).toBeCloseTo(x, 0);
		expect(symbols[1]!.y).toBeCloseTo(y, 0);
		const s = symbols[1]!;
		const corners = [...s.d.matchAll(/[ML]([\d.]+),([\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
		expect(corners).toHaveLength(4);
		for (const [cx, cy] of corners) expect(Math.abs(cx! - s.x) + Math.abs(cy! - s.y)).toBeCloseTo(7, 0);
	});

	test.each([
		{ id: 'S1', mean: 4 / 3, fill: AUDIT_RAMP[0], poor: ['lighting', 'signage', 'maintenance'] },
		{ id: 'S2', mean: 2.5, fill: AUDIT_RAMP[1], poor: ['signage'] },
		{ id: 'S3', mean: 4.5, fill: AUDIT_RAMP[3], poor: [] },
		{ id: 'S5', mean: null, fill: '#f0f0f0', poor: [] }
	])('$id: mean score $mean, colour of its class, criteria rated poor', ({ id, mean, fill, poor }) => {
		const s = symbols.find((x) => x.site_id === id)!;
		if (mean === null) expect(s.mean).toBeNull();
		else expect(s.mean).toBeCloseTo(mean, 12);
		expect(s.fill).toBe(fill);
		expect(s.poor).toEqual(poor);
	});

	test('the legend has the classes from 1 to 5 that hold a site, poor (dark) to good (light)', () => {
		// The empty 3–4 class is left out: a legend row never says "0 sites".
		expect(legend.map((c) => [c.from, c.to])).toEqual([[1, 2], [2, 3], [4, 5]]);
		expect(legend.map((c) => c.count)).toEqual([1, 1, 1]); // S5 has no score: in no class
		const lightness = legend.map((c) => lab(c.fill).l);
		for (let i = 1; i < lightness.length; i++) expect(lightness[i]!).toBeGreaterThan(lightness[i - 1]!);
	});
});
