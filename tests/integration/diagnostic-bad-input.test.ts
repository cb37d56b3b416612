/**
 * Bad diagnostic files: each gets errors with its file line, column, value and
 * code, and the database is exactly as it was (every table's rows compared before and after).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../../db/connection';
import { loadAreasFile } from '../../ingest/areas';
import { loadIncidents } from '../../ingest/incidents/load-incidents';
import { loadPopulation } from '../../ingest/population/load-population';
import { loadWalkAudit } from '../../ingest/walk-audit/load-walk-audit';
import { loadParticipatoryMap } from '../../ingest/participatory-map/load-participatory-map';
import type { DiagnosticIngestResult } from '../../ingest/diagnostic-load';
import { tempDb } from '../helpers/temp-db';

let env: ReturnType<typeof tempDb>;
let n = 0;
const file = (text: string, ext = 'csv') => {
	const p = join(env.dir, `bad${++n}.${ext}`);
	writeFileSync(p, text);
	return p;
};

/** Every row of every table, to compare the database before and after a refused file. */
function snapshot(db: Db): Record<string, unknown[]> {
	const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).pluck().all() as string[];
	return Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT * FROM ${t}`).all()]));
}

beforeAll(async () => {
	env = tempDb();
	// Something in every table family first, so that "unchanged" means something.
	const good = await loadIncidents(env.db, file('date,category,borough\n2024-01-02,theft,Anjou\n'), { geography: 'montreal' });
	expect(good.ok).toBe(true);
});
afterAll(() => env?.cleanup());

const SQUARE = (x: number) => [[x, 45], [x + 0.01, 45], [x + 0.01, 45.01], [x, 45.01], [x, 45]];
const fc = (...geometries: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features: geometries.map((g, i) =>
	({ type: 'Feature', properties: { code: `C${i}`, name: `Zone ${i}` }, geometry: g })) });

type Case = [name: string, load: () => Promise<DiagnosticIngestResult>, expected: { code: string; line?: number | null; column?: string | null; value?: string | null }[]];
const cases: Case[] = [
	['incidents: a bad date, an unknown area with a suggestion, a bad time of day', () => loadIncidents(env.db, file(
		'date,category,borough,time_of_day\n2024-01-02,theft,Anjou,jour\n2024-02-30,theft,Anjou,jour\n2024-01-03,theft,Montral-Nord,soir\n2024-01-04,theft,Anjou,matin\n'),
	{ geography: 'montreal' }), [
		{ code: 'date_invalid', line: 3, column: 'date', value: '2024-02-30' },
		{ code: 'unknown_area', line: 4, column: 'borough', value: 'Montral-Nord' },
		{ code: 'unknown_time_of_day', line: 5, column: 'time_of_day', value: 'matin' }
	]],
	['incidents: no category column', () => loadIncidents(env.db, file('date,borough\n2024-01-02,Anjou\n')), [{ code: 'missing_column', line: 1, column: 'category' }]],
	['incidents: coordinates that are not numbers, half a pair, latitude out of range', () => loadIncidents(env.db, file(
		'month,crime_type,longitude,latitude\n2024-01,theft,-73.6,abc\n2024-01,theft,-73.6,\n2024-01,theft,-73.6,95\n')), [
		{ code: 'coordinate_invalid', line: 2, column: 'latitude', value: 'abc' },
		{ code: 'coordinates_partial', line: 3, column: 'latitude', value: '' },
		{ code: 'coordinate_invalid', line: 4, column: 'longitude', value: '-73.6' }
	]],
	['incidents: a geography that has no areas', () => loadIncidents(env.db, file('date,category,borough\n2024-01-05,theft,Anjou\n'), { geography: 'nowhere' }),
		[{ code: 'unknown_geography', line: null, value: 'nowhere' }]],
	['incidents: the same file twice', () => loadIncidents(env.db, file('date,category,borough\n2024-01-02,theft,Anjou\n')), [{ code: 'duplicate_file' }]],
	['incidents: a row with a field too many', () => loadIncidents(env.db, file('date,category,borough\n2024-01-02,theft,Anjou,extra\n')), [{ code: 'field_count', line: 2 }]],
	['population: a count that is not a number in a wide table', () => loadPopulation(env.db, file(
		'CATÉGORIE,Anjou,Verdun\nTotal,"43,250",abc\n0 à 11 ans,10,20\n12 à 17 ans,10,20\n18 à 24 ans,10,20\n25 à 44 ans,10,20\n45 à 64 ans,10,20\n65 ans et plus,"43,200",100\n'),
	{ geography: 'montreal', wave: '2021' }), [{ code: 'pop_not_count', line: 2, column: 'Verdun', value: 'abc' }]],
	['population: ages that do not reach the oldest group', () => loadPopulation(env.db, file(
		'CATÉGORIE,Anjou\nTotal,100\n10 à 14 ans,10\n15 à 19 ans,10\n20 à 24 ans,10\n'), { geography: 'montreal', wave: '2021' }),
	[{ code: 'pop_band_uncovered', value: 'Anjou' }, { code: 'pop_band_uncovered', value: 'Anjou' }, { code: 'pop_band_uncovered', value: 'Anjou' }]],
	['population: a table without a year, whose finest age bands overlap', () => loadPopulation(env.db,
		file('CATÉGORIE,Anjou\nTotal,100\n0 à 49 ans,50\n50 ans et plus,50\n10 à 60 ans,7\n'), { geography: 'montreal' }),
	[{ code: 'pop_year_missing' }, { code: 'pop_age_label', line: 5, column: 'Anjou', value: '10 à 60 ans' }]],
	['population: long file, unknown area and a negative count', () => loadPopulation(env.db, file('borough,year,age_group,population\nAnjou,2021,12-17,100\nAnjuo,2021,12-17,50\nVerdun,2021,12-17,-5\n'),
		{ geography: 'montreal' }), [{ code: 'unknown_area', line: 3, value: 'Anjuo' }, { code: 'pop_not_count', line: 4, value: '-5' }]],
	['population: not a population table', () => loadPopulation(env.db, file('a,b\n1,2\n'), { geography: 'montreal', wave: '2021' }), [{ code: 'pop_layout_unknown' }]],
	['audit: a score out of range and a duplicate site', () => loadWalkAudit(env.db, file(
		'site_id,date,time_of_day,borough,lighting\nS1,2024-05-01,night,Anjou,7\nS2,2024-05-01,night,Anjou,3\nS2,2024-05-01,night,Anjou,3\n')), [
		{ code: 'score_out_of_range', line: 2, column: 'lighting', value: '7' },
		{ code: 'duplicate_site', line: 4, column: 'site_id', value: 'S2' }
	]],
	['audit: no criterion column', () => loadWalkAudit(env.db, file('site_id,borough\nS1,Anjou\n')), [{ code: 'no_criteria', line: 1 }]],
	['mapping: an unknown perception and a missing latitude', () => loadParticipatoryMap(env.db, file('latitude,longitude,perception\n45.5,-73.6,maybe\n,-73.6,safe\n')), [
		{ code: 'unknown_perception', line: 2, column: 'perception', value: 'maybe' },
		{ code: 'required', line: 3, column: 'latitude', value: '' }
	]],
	['areas: not JSON', () => loadAreasFile(env.db, file('{"type": "FeatureCollection", ', 'geojson'), { geography: 'zones' }), [{ code: 'geo_not_json' }]],
	['areas: an unclosed ring and a NaN-like position', () => loadAreasFile(env.db, file(fc(
		{ type: 'Polygon', coordinates: [SQUARE(0).slice(0, 4)] }, { type: 'Polygon', coordinates: [[[1, 45], [1.01, 'x'], [1.01, 45.01], [1, 45]]] }), 'geojson'),
	{ geography: 'zones', nameProperty: 'name', codeProperty: 'code' }), [{ code: 'geo_ring_not_closed', value: 'C0' }, { code: 'geo_coordinate_invalid', value: 'C1' }]],
	['areas: a TopoJSON without the object asked for', () => loadAreasFile(env.db, file(JSON.stringify({ type: 'Topology', arcs: [], objects: { lad: { type: 'GeometryCollection', geometries: [] } } }), 'json'),
		{ geography: 'zones', object: 'districts' }), [{ code: 'geo_topology_object' }]],
	['areas: names cannot be guessed', () => loadAreasFile(env.db, file(JSON.stringify({ type: 'FeatureCollection', features: [
		{ type: 'Feature', properties: { a: 'x', b: 'y' }, geometry: { type: 'Polygon', coordinates: [SQUARE(0)] } }] }), 'geojson'), { geography: 'zones' }),
	[{ code: 'geo_choose_property' }, { code: 'geo_choose_property' }]]
];

describe('bad diagnostic files are refused whole, with where and what', () => {
	test.each(cases)('%s', async (_, load, expected) => {
		const before = snapshot(env.db);
		const r = await load();
		if (r.ok) throw new Error(`expected a failure, got ${JSON.stringify(r).slice(0, 300)}`);
		expect(r.errors.map((e) => e.code)).toEqual(expected.map((e) => e.code));
		r.errors.forEach((e, i) => expect(e).toMatchObject(expected[i]!));
		expect(r.error_count).toBe(expected.length);
		expect(snapshot(env.db)).toEqual(before);
	});
});
