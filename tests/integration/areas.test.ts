import { geoArea } from 'd3';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { areaNameIndex, countAreas, listAreaGeometries, listAreas } from '../../db/areas';
import { openDb, type Db } from '../../db/connection';
import { AreasValidationError, loadAreasGeoJson, loadMontrealAreas, readOfficialNames } from '../../ingest/areas';
import { matchName, nameKey } from '../../ingest/names';

const fixture = (path: string) => readFileSync(new URL(`../../fixtures/${path}`, import.meta.url), 'utf8');

let dir: string;
let db: Db;

beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), 'vigie-areas-'));
	db = openDb(join(dir, 'vigie.db'));
});

afterEach(() => {
	db.close();
	rmSync(dir, { recursive: true, force: true });
});

/** A small valid FeatureCollection in RFC 7946 winding. */
function square(code: string, name: string, x: number): Record<string, unknown> {
	const ring = [[x, 45], [x + 0.01, 45], [x + 0.01, 45.01], [x, 45.01], [x, 45]];
	return { type: 'Feature', properties: { code, name }, geometry: { type: 'Polygon', coordinates: [ring] } };
}
const collection = (...features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });
const load = (geojsonText: string, geography = 'test') =>
	loadAreasGeoJson(db, { geography, geojsonText, nameProperty: 'name', codeProperty: 'code' });

describe('loadMontrealAreas', () => {
	test('loads the 34 areas under their official names', () => {
		expect(loadMontrealAreas(db)).toEqual({ inserted: 34 });
		const areas = listAreas(db, 'montreal');
		expect(areas).toHaveLength(34);
		expect(areas.filter((a) => a.type === 'borough')).toHaveLength(19);
		expect(areas.filter((a) => a.type === 'related_city')).toHaveLength(15);
		const byCode = new Map(areas.map((a) => [a.code, a]));
		expect(byCode.get('CN')?.name).toBe('Côte-des-Neiges–Notre-Dame-de-Grâce');
		expect(byCode.get('VS')?.name).toBe('Villeray–Saint-Michel–Parc-Extension');
		expect(byCode.get('IS')?.name).toBe("L'Île-Bizard–Sainte-Geneviève");
		expect(byCode.get('MN')).toMatchObject({ name: 'Montréal-Nord', nameKey: 'montreal nord', type: 'borough' });
		expect(byCode.get('WM')).toMatchObject({ name: 'Westmount', type: 'related_city' });
		expect(areas.filter((a) => a.name.includes('–'))).toHaveLength(6);
	});

	test('orders areas by name the French way', () => {
		loadMontrealAreas(db);
		const names = listAreas(db, 'montreal').map((a) => a.name);
		expect(names.slice(0, 4)).toEqual(['Ahuntsic-Cartierville', 'Anjou', "Baie-d'Urfé", 'Beaconsfield']);
		// "Côte-des-Neiges…" sorts among the C, not after Z as a code-point sort would put "Ô".
		expect(names.indexOf('Côte-des-Neiges–Notre-Dame-de-Grâce')).toBeLessThan(names.indexOf('Dorval'));
		expect([...names].sort((a, b) => a.localeCompare(b, 'fr'))).toEqual(names);
	});

	test('official names are the file names with en dashes: same keys', () => {
		const official = readOfficialNames(readFileSync(new URL('../../geography/montreal/areas.csv', import.meta.url), 'utf8'));
		const features = JSON.parse(readFileSync(new URL('../../geography/montreal/limadmin.geojson', import.meta.url), 'utf8')).features as { properties: Record<string, string> }[];
		expect(official.size).toBe(34);
		for (const { properties: p } of features) {
			expect(nameKey(official.get(p.ABREV!)!.name)).toBe(nameKey(p.NOM!));
		}
	});

	test('a second load changes nothing', () => {
		loadMontrealAreas(db);
		const before = listAreas(db);
		expect(loadMontrealAreas(db)).toEqual({ inserted: 0 });
		expect(listAreas(db)).toEqual(before);
	});

	test('stores geometries rewound for d3-geo', () => {
		loadMontrealAreas(db);
		const geometries = listAreaGeometries(db, 'montreal');
		expect(geometries).toHaveLength(34);
		for (const area of geometries) {
			const steradians = geoArea({ type: 'Feature', properties: {}, geometry: area.geometry });
			expect(steradians).toBeGreaterThan(0);
			expect(steradians).toBeLessThan(1e-4);
		}
	});

	test('the name index resolves typed names to ids', () => {
		loadMontrealAreas(db);
		const index = areaNameIndex(db, 'montreal');
		expect(index).toHaveLength(34);
		const cdn = index.find((a) => a.code === 'CN')!;
		expect(matchName('Cote des Neiges - Notre Dame de Grace', index).match).toBe(cdn.name);
		expect(matchName('Montral-Nord', index).suggestions).toEqual(['Montréal-Nord']);
	});
});

describe('loadAreasGeoJson rejects bad files and inserts nothing', () => {
	beforeEach(() => {
		loadMontrealAreas(db);
		load(collection(square('A', 'Alpha', 0), square('B', 'Bravo', 1)));
	});

	const cases: [string, string, RegExp][] = [
		['invalid JSON', '{"type": "FeatureCollection", ', /geo_not_json/],
		['not a FeatureCollection', JSON.stringify(square('C', 'Charlie', 2)), /geo_not_collection \{"found":"Feature"\}/],
		['no features', collection(), /geo_no_features/],
		[
			'missing name',
			collection(square('C', 'Charlie', 2), { ...square('D', 'x', 3), properties: { code: 'D' } }),
			/features\[1\] \(D\): geo_property_missing \{"property":"name"/
		],
		[
			'a Point geometry',
			collection(square('C', 'Charlie', 2), { ...square('D', 'Delta', 3), geometry: { type: 'Point', coordinates: [3, 45] } }),
			/features\[1\] \(D\): geo_geometry_type \{"type":"Point"\}/
		],
		[
			'a duplicate code',
			collection(square('C', 'Charlie', 2), square('D', 'Delta', 3), square('C', 'Echo', 4)),
			/features\[2\] \(C\): geo_duplicate_code \{"other":"features\[0\]"\}/
		],
		[
			'a duplicate name key',
			collection(square('C', 'Saint-Charles', 2), square('D', 'ST CHARLES', 3)),
			/features\[1\] \(D\): geo_duplicate_name \{"other":"features\[0\]","other_name":"Saint-Charles"\}/
		],
		[
			'a code the geography already has',
			collection(square('C', 'Charlie', 2), square('A', 'Another', 3)),
			/features\[1\] \(A\): geo_area_exists \{"geography":"test","name":"Alpha"/
		],
		[
			'projected coordinates',
			collection({ ...square('C', 'Charlie', 2), geometry: { type: 'Polygon', coordinates: [[[8e5, 5e6], [8e5 + 1, 5e6], [8e5, 5e6 + 1], [8e5, 5e6]]] } }),
			/features\[0\] \(C\): geo_not_wgs84/
		],
		[
			'an unclosed ring',
			collection({ ...square('C', 'Charlie', 2), geometry: { type: 'Polygon', coordinates: [[[2, 45], [2.1, 45], [2.1, 45.1], [2, 45.1]]] } }),
			/features\[0\] \(C\): geo_ring_not_closed/
		]
	];

	test.each(cases)('%s', (_, text, message) => {
		const before = listAreas(db);
		expect(() => load(text)).toThrow(AreasValidationError);
		expect(() => load(text)).toThrow(message);
		expect(listAreas(db)).toEqual(before);
		expect(countAreas(db, 'test')).toBe(2);
		expect(countAreas(db, 'montreal')).toBe(34);
	});

	test('lists every problem, not only the first', () => {
		const text = collection(
			{ ...square('C', 'x', 2), properties: { code: 'C' } },
			{ ...square('D', 'Delta', 3), geometry: { type: 'Point', coordinates: [3, 45] } }
		);
		expect(() => load(text)).toThrow(/features\[0\].*geo_property_missing[\s\S]*features\[1\].*Point/);
	});

	test('a valid file loads into another geography with its types', () => {
		const result = loadAreasGeoJson(db, {
			geography: 'other',
			geojsonText: collection(square('A', 'Alpha', 0)),
			nameProperty: 'name',
			codeProperty: 'code',
			typeOf: () => 'district'
		});
		expect(result).toEqual({ inserted: 1 });
		expect(listAreas(db, 'other')).toMatchObject([{ code: 'A', name: 'Alpha', type: 'district' }]);
		expect(listAreas(db)).toHaveLength(34 + 2 + 1);
	});
});
