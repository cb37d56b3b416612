import { geoArea } from 'd3';
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import {
	rewindForD3,
	ringSignedArea,
	type MultiPolygonGeometry,
	type PolygonGeometry,
	type Position
} from '../../ingest/geo/rewind';

// A unit square as RFC 7946 winds it: exterior counter-clockwise, hole clockwise.
const ccwSquare: Position[] = [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]];
const cwHole: Position[] = [[0.25, 0.25], [0.25, 0.75], [0.75, 0.75], [0.75, 0.25], [0.25, 0.25]];
const isClockwise = (ring: Position[]) => ringSignedArea(ring) < 0;
const EARTH_RADIUS_M = 6_371_008.8;

describe('ringSignedArea', () => {
	test.each([
		['counter-clockwise square', ccwSquare, 2],
		['clockwise square', [...ccwSquare].reverse(), -2],
		['far from the origin', ccwSquare.map(([x, y]) => [x! - 73.6, y! + 45.5]), 2],
		['unclosed ring', ccwSquare.slice(0, 4), 2],
		['degenerate', [[0, 0], [1, 1], [0, 0]], 0]
	] as [string, Position[], number][])('%s → %d', (_, ring, expected) => {
		expect(ringSignedArea(ring)).toBeCloseTo(expected, 9);
	});
});

describe('rewindForD3', () => {
	test('a counter-clockwise RFC 7946 polygon becomes clockwise, its hole counter-clockwise', () => {
		const polygon: PolygonGeometry = { type: 'Polygon', coordinates: [ccwSquare, cwHole] };
		const rewound = rewindForD3(polygon);
		expect(rewound.type).toBe('Polygon');
		expect(isClockwise(rewound.coordinates[0]!)).toBe(true);
		expect(isClockwise(rewound.coordinates[1]!)).toBe(false);
		expect(rewound.coordinates[0]).toEqual([...ccwSquare].reverse());
	});

	test('leaves the input untouched and copies rings already in d3 order', () => {
		const polygon: PolygonGeometry = { type: 'Polygon', coordinates: [ccwSquare] };
		const once = rewindForD3(polygon);
		expect(polygon.coordinates[0]).toEqual(ccwSquare);
		const twice = rewindForD3(once);
		expect(twice).toEqual(once);
		expect(twice.coordinates[0]).not.toBe(once.coordinates[0]);
	});

	test('rewinds each polygon of a MultiPolygon', () => {
		const multi: MultiPolygonGeometry = {
			type: 'MultiPolygon',
			coordinates: [[ccwSquare, cwHole], [[...ccwSquare].reverse()]]
		};
		const rewound = rewindForD3(multi);
		expect(rewound.coordinates.map((rings) => rings.map(isClockwise))).toEqual([[true, false], [true]]);
		expect(rewound.bbox).toBeUndefined();
	});

	test('refuses other geometries', () => {
		expect(() => rewindForD3({ type: 'Point', coordinates: [0, 0] } as never)).toThrow(/Point/);
	});
});

describe('Montreal areas under d3-geo', () => {
	const collection = JSON.parse(
		readFileSync(new URL('../../geography/montreal/limadmin.geojson', import.meta.url), 'utf8')
	) as { features: { properties: { ABREV: string; AIRE: number }; geometry: MultiPolygonGeometry }[] };

	test('the fixture has 34 features', () => {
		expect(collection.features).toHaveLength(34);
	});

	test.each(collection.features.map((f) => [f.properties.ABREV, f] as const))(
		'%s: near 4π sr as published, small once rewound, and the published area',
		(_, feature) => {
			const before = geoArea({ type: 'Feature', properties: {}, geometry: feature.geometry });
			expect(before).toBeGreaterThan(4 * Math.PI - 1e-3);
			const rewound = rewindForD3(feature.geometry);
			const after = geoArea({ type: 'Feature', properties: {}, geometry: rewound });
			expect(after).toBeGreaterThan(0);
			expect(after).toBeLessThan(1e-4);
			// AIRE is the file's own area in m² (computed on a projection): within 1%.
			const squareMetres = after * EARTH_RADIUS_M ** 2;
			expect(Math.abs(squareMetres / feature.properties.AIRE - 1)).toBeLessThan(0.01);
		}
	);
});
