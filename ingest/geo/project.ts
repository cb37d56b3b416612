/**
 * Coordinates of points in incident, audit and mapping files. Vigie stores WGS84 longitude and
 * latitude; the Montreal police (SPVM) open data also gives X/Y in MTM zone 8 metres, which are
 * turned into longitude/latitude with proj4 (no hand-written projection maths).
 *
 * MTM zone 8: transverse Mercator, central meridian 73.5° W, scale 0.9999, false easting 304,800 m,
 * on the GRS80 ellipsoid, EPSG:32188 (NAD83). The SPVM dictionary names SRID 2950, NAD83(CSRS),
 * which has the same projection parameters; the two datums differ by about a metre in Montreal,
 * far below the SPVM's own obfuscation of each event to the nearest intersection.
 */
import { createRequire } from 'node:module';
import type proj4Type from 'proj4';

export type Crs = 'wgs84' | 'mtm8';

const MTM8 = '+proj=tmerc +lat_0=0 +lon_0=-73.5 +k=0.9999 +x_0=304800 +y_0=0 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs';
const WGS84 = 'EPSG:4326';

let converter: proj4Type.Converter | null = null;
/**
 * Loaded on first use: proj4 takes about 80 ms to load, which every command and the server would
 * otherwise pay at start for the few files with MTM coordinates.
 */
const mtm8ToWgs84 = () => (converter ??= (createRequire(import.meta.url)('proj4') as (from: string, to: string) => proj4Type.Converter)(MTM8, WGS84));

/**
 * MTM zone 8 metres → [longitude, latitude] in degrees.
 *
 * @example
 * mtm8ToLonLat(298000, 5040000) // ≈ [-73.58701171, 45.49988895] (PROJ's cs2cs EPSG:32188 → EPSG:4326)
 */
export function mtm8ToLonLat(x: number, y: number): [number, number] {
	const [lon, lat] = mtm8ToWgs84().forward([x, y]) as [number, number];
	return [lon, lat];
}

/** [longitude, latitude] → MTM zone 8 metres (used to write synthetic SPVM files). */
export function lonLatToMtm8(lon: number, lat: number): [number, number] {
	const [x, y] = mtm8ToWgs84().inverse([lon, lat]) as [number, number];
	return [x, y];
}

/** Whether a longitude/latitude pair is usable WGS84 degrees (not NaN, not out of range). */
export function isLonLat(lon: number, lat: number): boolean {
	return Math.abs(lon) <= 180 && Math.abs(lat) <= 90;
}
