/**
 * Real data (fixtures/essex, see fixtures/README.md): three months of Essex Police street-level
 * crime from police.uk, the 14 Essex districts (GeoJSON, and the same districts from the
 * TopoJSON of English districts) and the ONS mid-2014 population. Counts per district and month
 * are checked against a second, plain implementation (ray casting over every ring, no index)
 * and against the district named by each row's LSOA; rates per 1,000 against the ONS table read
 * here independently; rows outside Essex and without coordinates are reported, never dropped.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import Papa from 'papaparse';
import { listAreas } from '../../db/areas';
import { loadAreasFile } from '../../ingest/areas';
import { loadIncidents } from '../../ingest/incidents/load-incidents';
import { loadPopulation } from '../../ingest/population/load-population';
import type { DiagnosticIngestResult } from '../../ingest/diagnostic-load';
import { readPopulation } from '../../db/population';
import { computeDiagnostic, DiagnosticRequestError } from '../../app/lib/server/indicators/diagnostics';
import { tempDb } from '../helpers/temp-db';

type Env = ReturnType<typeof tempDb>;
const MONTHS = ['2018-01', '2018-02', '2018-03'];
const ok = (r: DiagnosticIngestResult) => {
	if (!r.ok) throw new Error(`expected success: ${JSON.stringify(r.errors.slice(0, 3))}`);
	return r;
};

interface Feature { properties: { LAD13CD: string; LAD13NM: string }; geometry: { type: string; coordinates: unknown } }
const districts = (JSON.parse(readFileSync('fixtures/essex/essex_lad2013.geojson', 'utf8')) as { features: Feature[] }).features;

/** The second implementation: even–odd ray casting over every ring of every district, no index, no grid. */
function naiveDistrict(x: number, y: number): string | null {
	for (const f of districts) {
		const rings = (f.geometry.type === 'Polygon' ? f.geometry.coordinates : (f.geometry.coordinates as number[][][][]).flat()) as number[][][];
		let inside = false;
		for (const ring of rings) {
			for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
				const [xi, yi] = ring[i]!, [xj, yj] = ring[j]!;
				if ((yi! > y) !== (yj! > y) && x < ((xj! - xi!) * (y - yi!)) / (yj! - yi!) + xi!) inside = !inside;
			}
		}
		if (inside) return f.properties.LAD13NM;
	}
	return null;
}

interface PoliceRow { month: string; longitude: string; latitude: string; lsoa_name: string }
let env: Env;
const files: string[] = [];
const rows: PoliceRow[][] = [];
const results: DiagnosticIngestResult[] = [];

beforeAll(async () => {
	env = tempDb();
	ok(await loadAreasFile(env.db, 'fixtures/essex/essex_lad2013.geojson', { geography: 'essex', nameProperty: 'LAD13NM', codeProperty: 'LAD13CD', type: 'district' }));
	for (const m of MONTHS) {
		const text = gunzipSync(readFileSync(`fixtures/essex/police_uk_${m}_essex_street.csv.gz`));
		const path = join(env.dir, `police_uk_${m}.csv`);
		writeFileSync(path, text);
		files.push(path);
		rows.push(Papa.parse<PoliceRow>(text.toString('utf8'), { header: true, skipEmptyLines: true }).data);
		results.push(await loadIncidents(env.db, path, { geography: 'essex', wave: '2018Q1' }));
	}
	for (const who of ['persons', 'males', 'females']) ok(await loadPopulation(env.db, `fixtures/essex/ons_mye2_2014_${who}_by_lad.csv`, { geography: 'essex' }));
});
afterAll(() => env?.cleanup());

describe('Essex districts', () => {
	test('14 districts from the GeoJSON; the TopoJSON gives the same districts in another geography', async () => {
		const essex = listAreas(env.db, 'essex');
		expect(essex).toHaveLength(14);
		const r = ok(await loadAreasFile(env.db, 'fixtures/essex/topo_lad_essex.json', { geography: 'essex_topo', object: 'lad' }));
		expect(r.summary.format).toBe('topojson');
		expect(r.summary.properties).toEqual({ name: 'LAD13NM', code: 'LAD13CD' }); // guessed: the only *NM and *CD properties
		expect(listAreas(env.db, 'essex_topo').map((a) => [a.code, a.name])).toEqual(essex.map((a) => [a.code, a.name]));
		expect(listAreas(env.db, 'montreal')).toHaveLength(34); // geographies coexist
	});
});

describe('three months of police.uk incidents', () => {
	test('every row is loaded; rows outside Essex and without coordinates are counted and reported by line', () => {
		MONTHS.forEach((m, k) => {
			const r = ok(results[k]!);
			const data = rows[k]!;
			expect(r.rows).toBe(data.length);
			expect(r.summary.shape).toBe('police_uk');
			const noCoordinates = data.filter((d) => d.longitude === '').length;
			const outside = data.filter((d) => d.longitude !== '' && naiveDistrict(Number(d.longitude), Number(d.latitude)) === null).length;
			expect(r.summary.placement).toEqual([{ geography: 'essex', assigned: data.length - outside - noCoordinates, outside, no_coordinates: noCoordinates }]);
			expect(outside).toBeGreaterThan(30);
			const warned = r.warnings.filter((w) => w.code === 'point_outside');
			expect(warned).toHaveLength(outside);
			// The warning names the file line: the header is line 1, data row i is line i + 2.
			for (const w of warned) expect(naiveDistrict(Number(data[w.line! - 2]!.longitude), Number(data[w.line! - 2]!.latitude))).toBeNull();
			expect(r.warnings.filter((w) => w.code === 'no_location')).toHaveLength(noCoordinates);
		});
	});

	test('counts per district and month equal the plain implementation, exactly', () => {
		const table = computeDiagnostic(env.db, { indicator: 'incident_count', wave: '2018Q1', by: ['borough', 'month'], suppress: false });
		expect(table.rows).toHaveLength(14 * 3);
		const expected = new Map<string, number>();
		MONTHS.forEach((m, k) => {
			for (const d of rows[k]!) {
				if (d.longitude === '') continue;
				const name = naiveDistrict(Number(d.longitude), Number(d.latitude));
				if (name) expected.set(`${name}|${d.month}`, (expected.get(`${name}|${d.month}`) ?? 0) + 1);
			}
		});
		for (const r of table.rows) expect(r.n, `${r.domain.borough} ${r.domain.month}`).toBe(expected.get(`${r.domain.borough}|${r.domain.month}`) ?? 0);
		const total = table.rows.reduce((s, r) => s + r.n!, 0);
		expect(total).toBe([...expected.values()].reduce((a, b) => a + b, 0));
		expect(table.excluded).toEqual({ outside_or_unlocated: results.reduce((s, r) => s + (r.ok ? r.rows : 0), 0) - total });
	});

	test('the district of the row’s LSOA agrees with point in polygon for more than 99.5% of the placed rows', () => {
		let placed = 0, agree = 0;
		MONTHS.forEach((_, k) => {
			for (const d of rows[k]!) {
				if (d.longitude === '') continue;
				const name = naiveDistrict(Number(d.longitude), Number(d.latitude));
				if (!name) continue;
				placed++;
				if (d.lsoa_name.replace(/ \d{3}[A-Z]$/, '') === name) agree++;
			}
		});
		// The boundaries are generalised: a few points near a border fall on the other side.
		expect(agree / placed).toBeGreaterThan(0.995);
		const byLsoa = computeDiagnostic(env.db, { indicator: 'incident_count', wave: '2018Q1', by: ['borough'], suppress: false });
		for (const r of byLsoa.rows) {
			const lsoa = rows.flat().filter((d) => d.lsoa_name.replace(/ \d{3}[A-Z]$/, '') === r.domain.borough).length;
			expect(Math.abs(r.n! - lsoa) / lsoa, r.domain.borough).toBeLessThan(0.01);
		}
	});

	test('rates per 1,000 residents use the ONS mid-2014 persons, read here from the table', () => {
		const ons = Papa.parse<string[]>(readFileSync('fixtures/essex/ons_mye2_2014_persons_by_lad.csv', 'latin1'), { skipEmptyLines: true }).data;
		const header = ons.find((r) => r[0] === 'CODE')!;
		const all = header.indexOf('ALL AGES');
		const people = new Map(ons.filter((r) => /^E0[67]/.test(r[0]!)).map((r) => [r[1]!, Number(r[all]!.replace(/,/g, ''))]));
		const table = computeDiagnostic(env.db, { indicator: 'incident_rate', wave: '2018Q1', by: ['borough'], suppress: true });
		expect(table.population_year).toBe('2014');
		const cityCount = table.rows.reduce((s, r) => s + r.n!, 0);
		const cityPop = [...table.rows].reduce((s, r) => s + people.get(r.domain.borough!)!, 0);
		for (const r of table.rows) {
			const p = people.get(r.domain.borough!)!;
			expect(r.population).toBe(p);
			expect(Math.abs(r.estimate! - (r.n! / p) * 1000)).toBeLessThan(1e-9);
			expect(r.ci![0]).toBeLessThan(r.estimate!);
			expect(r.ci![1]).toBeGreaterThan(r.estimate!);
			expect(Math.abs(r.rate_ratio!.estimate - (r.n! / p) / (cityCount / cityPop))).toBeLessThan(1e-9);
		}
		expect(people.get('Basildon')).toBe(180521);
	});

	test('by category and month: every cell of the cross-product, categories as police.uk writes them', () => {
		const table = computeDiagnostic(env.db, { indicator: 'incident_rate', wave: '2018Q1', by: ['borough', 'category', 'month'], suppress: true });
		expect(table.rows).toHaveLength(14 * 14 * 3);
		expect(new Set(table.rows.map((r) => r.domain.category))).toContain('Anti-social behaviour');
		// By area, category and month (no age or gender): counts of incidents, not of people; none suppressed.
		expect(table.rows.every((r) => r.reliability !== 'suppressed')).toBe(true);
		expect(table.rows.filter((r) => r.n! < 20).every((r) => r.flags.includes('count_below_20'))).toBe(true);
	});

	test('police.uk has no victim gender: a breakdown by gender is refused', () => {
		expect(() => computeDiagnostic(env.db, { indicator: 'incident_rate', wave: '2018Q1', by: ['borough', 'gender'], suppress: true }))
			.toThrow(DiagnosticRequestError);
	});
});

describe('ONS population by single year of age', () => {
	test('districts only (never the county, region or country rows), summed into the age groups, with their source rows', () => {
		const pop = readPopulation(env.db, 'essex', '2014');
		const ons = Papa.parse<string[]>(readFileSync('fixtures/essex/ons_mye2_2014_males_by_lad.csv', 'latin1'), { skipEmptyLines: true }).data;
		const header = ons.find((r) => r[0] === 'CODE')!;
		const basildon = ons.find((r) => r[1] === 'Basildon')!;
		const n = (age: string) => Number(basildon[header.indexOf(age)]!.replace(/,/g, ''));
		const men = (g: string) => pop.find((p) => p.area === 'Basildon' && p.gender === 'man' && p.age_group === g)!;
		expect(men('12-17').population).toBe([12, 13, 14, 15, 16, 17].reduce((s, a) => s + n(String(a)), 0));
		expect(men('65+').population).toBe(Array.from({ length: 26 }, (_, k) => n(String(65 + k))).reduce((a, b) => a + b, 0));
		expect(men('all').population).toBe(n('ALL AGES'));
		expect(men('12-17').sources.map((s) => s.label)).toEqual(['12', '13', '14', '15', '16', '17'].map((a) => `Basildon · ${a}`));
		expect(new Set(pop.map((p) => p.area)).size).toBe(14);
		// Essex (county) is 1,431,953; its twelve districts add up to it, and are not counted twice.
		const essexDistricts = pop.filter((p) => p.age_group === 'all' && p.gender === 'all' && !['Southend-on-Sea', 'Thurrock'].includes(p.area));
		expect(essexDistricts.reduce((s, p) => s + p.population, 0)).toBe(1431953);
	});

	test('loading the same table again is refused by its SHA-256', async () => {
		const again = await loadPopulation(env.db, 'fixtures/essex/ons_mye2_2014_persons_by_lad.csv', { geography: 'essex' });
		expect(again.ok).toBe(false);
		if (!again.ok) expect(again.errors[0]!.code).toBe('duplicate_file');
	});
});

describe('victim age and gender with matching denominators', () => {
	/** A canonical incident file (synthetic victims) at the real coordinates of the January file's first placed rows. */
	const victims = () => {
		const placed = rows[0]!.filter((d) => d.longitude !== '' && naiveDistrict(Number(d.longitude), Number(d.latitude)) !== null).slice(0, 600);
		const lines = ['date,category,latitude,longitude,age,gender'];
		placed.forEach((d, i) => lines.push(`2018-01-${String(1 + (i % 28)).padStart(2, '0')},Violence,${d.latitude},${d.longitude},${[15, 22, 30, 50, 70, 8][i % 6]},${i % 3 === 0 ? 'F' : i % 3 === 1 ? 'M' : 'inconnu'}`));
		return { text: lines.join('\n') + '\n', placed };
	};

	test('rates by district × age group × gender use the ONS men and women of each age group; small counts are suppressed with complements', async () => {
		const { text, placed } = victims();
		const path = join(env.dir, 'victims.csv');
		writeFileSync(path, text);
		ok(await loadIncidents(env.db, path, { geography: 'essex', wave: 'victims' }));
		const analyst = computeDiagnostic(env.db, { indicator: 'incident_rate', wave: 'victims', by: ['borough', 'age_group', 'gender'], suppress: false });
		const pop = readPopulation(env.db, 'essex', '2014');
		const women1217 = (area: string) => pop.find((p) => p.area === area && p.age_group === '12-17' && p.gender === 'woman')!.population;
		const cell = analyst.rows.find((r) => r.domain.borough === 'Basildon' && r.domain.age_group === '12-17' && r.domain.gender === 'woman')!;
		const expected = placed.filter((d, i) => naiveDistrict(Number(d.longitude), Number(d.latitude)) === 'Basildon' && i % 6 === 0 && i % 3 === 0).length;
		expect(cell.n).toBe(expected);
		expect(cell.population).toBe(women1217('Basildon'));
		if (cell.n! > 0) expect(cell.estimate).toBeCloseTo((cell.n! / women1217('Basildon')) * 1000, 12);
		// Unknown gender and under-12 victims are left out of this table, and said so.
		expect(analyst.excluded).toMatchObject({ no_age_group: 100, no_gender: 100 }); // the 8-year-olds (whose gender is also unknown), then the other unknown genders
		// Disclosure: small counts are primary, and no line (district, age group or gender varying)
		// keeps a single suppressed cell, unless its total is hidden too (in the table without that variable).
		const suppressed = analyst.rows.filter((r) => r.reliability === 'suppressed');
		expect(suppressed.some((r) => r.flags.includes('count_below_min'))).toBe(true);
		expect(suppressed.some((r) => r.flags.includes('complementary_suppression'))).toBe(true);
		for (const r of analyst.rows) if (r.n! > 0 && r.n! < 5) expect(r.reliability).toBe('suppressed');
		const key = (r: (typeof analyst.rows)[number], drop: 'borough' | 'age_group' | 'gender') =>
			(['borough', 'age_group', 'gender'] as const).filter((v) => v !== drop).map((v) => r.domain[v]).join('|');
		for (const drop of ['borough', 'age_group', 'gender'] as const) {
			const lines = new Map<string, number>();
			for (const r of suppressed) lines.set(key(r, drop), (lines.get(key(r, drop)) ?? 0) + 1);
			const rest = (['borough', 'age_group', 'gender'] as const).filter((v) => v !== drop);
			const totals = computeDiagnostic(env.db, { indicator: 'incident_rate', wave: 'victims', by: [...rest], suppress: true }).rows;
			for (const [line, count] of lines) {
				if (count !== 1) continue;
				const total = totals.find((t) => rest.map((v) => t.domain[v]).join('|') === line)!;
				expect(total.reliability, `${drop} line ${line}: one suppressed cell, its total must be hidden`).toBe('suppressed');
			}
		}
		// Viewers get no value of a suppressed cell.
		const viewer = computeDiagnostic(env.db, { indicator: 'incident_rate', wave: 'victims', by: ['borough', 'age_group', 'gender'], suppress: true });
		for (const r of viewer.rows.filter((x) => x.reliability === 'suppressed')) expect([r.n, r.estimate, r.ci, r.se, r.rate_ratio]).toEqual([null, null, null, null, null]);
	});
});
