/**
 * Ring orientation for d3-geo. RFC 7946 GeoJSON winds exterior rings counter-clockwise (the
 * right-hand rule); d3-geo works on the sphere, where the inside of a ring is the side on its
 * right, so it wants exterior rings clockwise and holes counter-clockwise. Fed an RFC 7946 ring,
 * d3 draws its complement: a borough that fills the whole globe.
 */

export type Position = number[];

/** As in RFC 7946 §5: 2D or 3D. Rewinding does not change it. */
export type BBox = [number, number, number, number] | [number, number, number, number, number, number];

export interface PolygonGeometry {
	type: 'Polygon';
	coordinates: Position[][];
	bbox?: BBox;
}

export interface MultiPolygonGeometry {
	type: 'MultiPolygon';
	coordinates: Position[][][];
	bbox?: BBox;
}

export type PolygonalGeometry = PolygonGeometry | MultiPolygonGeometry;

/**
 * Twice the planar signed area of a ring on (longitude, latitude), by the shoelace formula:
 * positive when the ring runs counter-clockwise on a map with north up. Coordinates are taken
 * relative to the first vertex so that products of large longitudes do not eat the precision.
 * Treating degrees as planar is fine at city scale: only the sign is used.
 *
 * @example
 * ringSignedArea([[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]) // 2 (counter-clockwise)
 */
export function ringSignedArea(ring: readonly Position[]): number {
	const origin = ring[0];
	if (!origin || ring.length < 3) return 0;
	const [x0 = 0, y0 = 0] = origin;
	let sum = 0;
	for (let i = 0; i < ring.length; i++) {
		const p = ring[i]!;
		const q = ring[(i + 1) % ring.length]!;
		sum += (p[0]! - x0) * (q[1]! - y0) - (q[0]! - x0) * (p[1]! - y0);
	}
	return sum;
}

/** A copy of the ring, reversed if needed so that it runs clockwise (or counter-clockwise). */
function orientRing(ring: readonly Position[], clockwise: boolean): Position[] {
	const area = ringSignedArea(ring);
	const isClockwise = area < 0;
	const copy = ring.map((p) => [...p]);
	// A degenerate ring (zero area) has no orientation to fix.
	return area !== 0 && isClockwise !== clockwise ? copy.reverse() : copy;
}

/** The first ring is the exterior (clockwise), the others holes (counter-clockwise). */
function orientPolygon(rings: readonly Position[][]): Position[][] {
	return rings.map((ring, i) => orientRing(ring, i === 0));
}

/**
 * A new geometry with every exterior ring clockwise and every hole counter-clockwise, as d3-geo
 * expects; the input is left untouched. Rings already in that order are copied as they are.
 *
 * @example
 * rewindForD3({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] })
 * // { type: 'Polygon', coordinates: [[[0, 0], [1, 1], [1, 0], [0, 0]]] }
 */
export function rewindForD3(geometry: PolygonGeometry): PolygonGeometry;
export function rewindForD3(geometry: MultiPolygonGeometry): MultiPolygonGeometry;
export function rewindForD3(geometry: PolygonalGeometry): PolygonalGeometry;
export function rewindForD3(geometry: PolygonalGeometry): PolygonalGeometry {
	if (geometry.type === 'Polygon') {
		return { ...geometry, coordinates: orientPolygon(geometry.coordinates) };
	}
	if (geometry.type === 'MultiPolygon') {
		return { ...geometry, coordinates: geometry.coordinates.map(orientPolygon) };
	}
	throw new Error(`Cannot rewind a ${(geometry as { type?: unknown }).type} geometry: expected Polygon or MultiPolygon`);
}
