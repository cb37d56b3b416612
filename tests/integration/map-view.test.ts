/**
 * The map page's view (app/lib/server/views/map.ts) on a database loaded as an analyst would: the
 * synthetic SPVM incidents placed in Montréal's areas and the police districts (PDQ), the census
 * table for Montréal only. Rates where there are residents, counts where there are none, the
 * query validated, and an area's panel.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { loadAreasFile, loadMontrealAreas } from '../../ingest/areas';
import { loadIncidents } from '../../ingest/incidents/load-incidents';
import { loadPopulation } from '../../ingest/population/load-population';
import { buildMap } from '../../app/lib/server/views/map';
import { tempDb } from '../helpers/temp-db';
import { query as queryOf } from '../helpers/query';
import { mapQuery } from '../../app/lib/server/request/queries';

let env: ReturnType<typeof tempDb>;
const view = (query: string, suppress = true) => buildMap(env.db, queryOf(mapQuery, new URL(`http://x/map${query}`)), 'fr', { suppress });

beforeAll(async () => {
	env = tempDb();
	loadMontrealAreas(env.db);
	const pdq = join(env.dir, 'limitespdq.geojson');
	writeFileSync(pdq, gunzipSync(readFileSync('fixtures/montreal/limitespdq.geojson.gz')));
	for (const r of [
		await loadAreasFile(env.db, pdq, { geography: 'pdq', nameProperty: 'NOM_PDQ', codeProperty: 'PDQ', type: 'police_district' }),
		await loadPopulation(env.db, 'demo/population_2021_by_age.csv', { geography: 'montreal', wave: '2021' }),
		await loadIncidents(env.db, 'fixtures/montreal/spvm_synthetic.csv', { geographies: ['montreal', 'pdq'] })
	]) if (!r.ok) throw new Error(JSON.stringify(r.errors.slice(0, 3)));
});
afterAll(() => env?.cleanup());

describe('the map view', () => {
	test('Montréal: a rate per area, the legend from the colour scale, hexagons of what is loaded', () => {
		const v = view('');
		expect(v.selected).toMatchObject({ layers: ['rates'], indicator: 'incident_rate', geography: 'montreal', wave: '2021-01..2021-12' });
		expect(v.options.geographies).toEqual(['montreal', 'pdq']);
		expect(v.map.areas).toHaveLength(34);
		expect(v.rates!.rows).toHaveLength(34);
		expect(v.rates!.populationYear).toBe('2021');
		const fills = new Set(v.rates!.legend!.classes.map((c) => c.fill));
		for (const a of v.map.areas) if (a.status === 'ok' || a.status === 'flag') expect(fills.has(a.fill)).toBe(true);
		// L'Île-Dorval has no residents in the table: no rate, light grey, never a zero.
		const dorval = v.map.areas.find((a) => a.name === "L'Île-Dorval")!;
		expect(dorval).toMatchObject({ value: null, fill: '#f0f0f0' });
		// One layer at first; no mapping loaded: the hexagons are the incidents'; no audit loaded: no sites.
		expect(v.hexagons).toBeNull();
		const layered = view('?layers=rates,hexagons,audit');
		expect(layered.options.hexagonSources).toEqual(['incidents']);
		expect(layered.hexagons).toMatchObject({ source: 'incidents', measure: 'points' });
		expect(layered.audit).toBeNull();
	});

	test('police districts have no residents: counts are offered, rates say why they are missing', () => {
		const rates = view('?geography=pdq');
		expect(rates.rates).toBeNull();
		expect(rates.ratesNote).toBe('map.no_population');
		expect(rates.map.areas).toHaveLength(29);
		const counts = view('?geography=pdq&indicator=incident_count');
		expect(counts.rates!.rows).toHaveLength(29);
		expect(counts.rates!.rows.every((r) => r.estimate === r.n)).toBe(true);
	});

	test('a category filter and an area panel', () => {
		const v = view('?category=Méfait&borough=AJ&layers=rates,hexagons&hexagons=incidents');
		const all = view('?borough=AJ');
		const anjou = (x: typeof v) => x.rates!.rows.find((r) => r.code === 'AJ')!;
		expect(anjou(v).n!).toBeLessThan(anjou(all).n!);
		expect(v.panel!.name).toBe('Anjou');
		expect(v.panel!.incidents!.row!.estimate).toBe(anjou(v).estimate);
		expect(v.panel!.survey).toBeNull(); // no survey loaded
		expect(v.hexagons!.cells.every((c) => c.points >= 5)).toBe(true);
	});

	test.each(['?layers=heat', '?indicator=nope', '?geography=essex', '?borough=ZZ', '?wave=1999'])('%s is a 400', (q) => {
		expect(() => view(q)).toThrow(expect.objectContaining({ status: 400 }));
	});
});
