/**
 * Pure pieces of the diagnostic data: exact Poisson and binomial intervals (checked against R),
 * complementary suppression, age labels and band aggregation, point in polygon (holes, parts,
 * either winding), crossing rings, MTM zone 8 (checked against PROJ's cs2cs), hexagons, cells.
 */
import { describe, expect, test } from 'vitest';
import { clopperPearson, garwoodInterval, rateRatioToWhole } from '../../app/lib/engine/poisson';
import { protectCountCube } from '../../app/lib/engine/count-protection';
import { incidentRows } from '../../app/lib/engine/incident-table';
import { hexbin } from '../../app/lib/engine/hexagons';
import { mappingRows, visibleCategoryHexagons, visibleHexagons } from '../../app/lib/engine/point-tables';
import { bandShares, leafRanges, parseAgeLabel } from '../../ingest/population/age-bands';
import { parseCount } from '../../ingest/population/read-table';
import { buildAreaIndex, OUTSIDE } from '../../ingest/geo/assign';
import { findCrossing, geometryProblems } from '../../ingest/geo/validate';
import { lonLatToMtm8, mtm8ToLonLat } from '../../ingest/geo/project';
import { parseCoordinate, parseDate, parseMonth, parseTimeOfDay, timeToTimeOfDay } from '../../ingest/cells';

const close = (a: number, b: number, rel = 1e-9) => expect(Math.abs(a - b)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(b)));

describe('exact intervals agree with R', () => {
	// R 4.2: poisson.test(x)$conf.int
	test.each([
		[10, 4.79538869613, 18.39035604202],
		[0, 0, 3.68887945411],
		[1, 0.0253178079843, 5.5716433909389],
		[157, 133.402146352, 183.56942306]
	])('Garwood %i', (x, lo, hi) => {
		const [l, h] = garwoodInterval(x);
		close(l, lo, 1e-9);
		close(h, hi, 1e-9);
	});
	// binom.test(x, n)$conf.int
	test.each([
		[3, 20, 0.0320709371855, 0.3789268265453],
		[0, 20, 0, 0.168433470983],
		[20, 20, 0.831566529017, 1]
	])('Clopper–Pearson %i/%i', (x, n, lo, hi) => {
		const [l, h] = clopperPearson(x, n);
		close(l, lo, 1e-9);
		close(h, hi, 1e-9);
	});
	test('rate ratio of a part to its whole: binom.test(30, 430)$conf.int × 21000/1000', () => {
		const rr = rateRatioToWhole(30, 1000, 430, 21000)!;
		close(rr.estimate, (30 / 1000) / (430 / 21000), 1e-12);
		close(rr.ci[0], 0.998836305298, 1e-9);
		close(rr.ci[1], 2.060132837887, 1e-9);
		expect(rateRatioToWhole(0, 1000, 0, 21000)).toBeUndefined();
	});
});

describe('complementary suppression of counts', () => {
	/**
	 * A table of counts over dims (areas × genders …) as a cube whose tables by the last variable
	 * are under the small-count rule, nothing lacking a variable; the suppression of each full cell.
	 */
	function suppressTable(counts: number[], dims: number[], minCount = 5) {
		const variables = dims.map((_, i) => `v${i}`);
		const levels = dims.map((n, i) => Array.from({ length: n }, (_, k) => `${i}:${k}`));
		const sizes = dims.map((n) => n + 1);
		const cube = new Float64Array(sizes.reduce((a, b) => a * b, 1));
		counts.forEach((c, i) => {
			let rest = i, cell = 0, stride = 1;
			for (let d = dims.length - 1; d >= 0; d--) { cell += (rest % dims[d]!) * stride; stride *= sizes[d]!; rest = Math.floor(rest / dims[d]!); }
			cube[cell] = c;
		});
		const lookup = protectCountCube({ variables, levels, counts: cube, minCount, appliesTo: (v) => v.includes(variables.at(-1)!) });
		return counts.map((_, i) => {
			let rest = i;
			const domain: Record<string, string> = {};
			for (let d = dims.length - 1; d >= 0; d--) { domain[variables[d]!] = levels[d]![rest % dims[d]!]!; rest = Math.floor(rest / dims[d]!); }
			return lookup(domain);
		});
	}

	test.each([
		{ counts: [40, 2, 30], dims: [1, 3], expected: ['none', 'primary', 'complementary'] },
		{ counts: [12, 3, 20, 9], dims: [2, 2], expected: ['complementary', 'primary', 'complementary', 'complementary'] },
		{ counts: [12, 30, 20, 9], dims: [2, 2], expected: ['none', 'none', 'none', 'none'] },
		{ counts: [0, 2, 50, 60], dims: [1, 4], expected: ['none', 'primary', 'complementary', 'none'] },
		{ counts: [0, 2, 0], dims: [1, 3], expected: ['complementary', 'primary', 'none'] }
	])('$counts over $dims', ({ counts, dims, expected }) => {
		expect(suppressTable(counts, dims)).toEqual(expected);
	});

	test('no suppressed cell of a 5 × 3 × 2 table can be recovered from any margin', () => {
		const dims = [5, 3, 2];
		const counts = Array.from({ length: 30 }, (_, i) => [1, 40, 7, 3, 0, 25, 12, 2, 9, 60][i % 10]! + (i % 7 === 0 ? 0 : 5 * (i % 3)));
		const state = suppressTable(counts, dims);
		for (let i = 0; i < 30; i++) if (counts[i]! > 0 && counts[i]! < 5) expect(state[i]).toBe('primary');
		const strides = [6, 2, 1];
		for (let d = 0; d < 3; d++) {
			for (let start = 0; start < 30; start++) {
				if (Math.floor(start / strides[d]!) % dims[d]! !== 0) continue;
				const line = Array.from({ length: dims[d]! }, (_, k) => state[start + k * strides[d]!]);
				expect(line.filter((s) => s !== 'none').length).not.toBe(1);
			}
		}
	});

	test('records lacking a variable are never shown: they count as an unknown beside a small cell', () => {
		// Area A: 30 incidents, 3 with the victim's gender 'w', 20 'm', 7 unknown (never published).
		const lookup = protectCountCube({ variables: ['borough', 'gender'], levels: [['A'], ['w', 'm']], counts: [3, 20, 7, 0, 0, 0], minCount: 5,
			appliesTo: (v) => v.includes('gender') });
		expect(lookup({ borough: 'A', gender: 'w' })).toBe('primary');
		// 30 − 20 gives the 3 and the 7 together: the 20 may stay.
		expect(lookup({ borough: 'A', gender: 'm' })).toBe('none');
		// Without records lacking the gender, the 20 must go.
		const full = protectCountCube({ variables: ['borough', 'gender'], levels: [['A'], ['w', 'm']], counts: [3, 20, 0, 0, 0, 0], minCount: 5,
			appliesTo: (v) => v.includes('gender') });
		expect(full({ borough: 'A', gender: 'm' })).toBe('complementary');
	});

	test('an incident table by gender suppresses the small cell, its complement, and their rates and intervals', () => {
		const suppression = protectCountCube({ variables: ['borough', 'gender'], levels: [['A', 'B'], ['woman', 'man']], counts: [3, 50, 0, 40, 60, 0, 0, 0, 0],
			minCount: 5, appliesTo: (v) => v.includes('gender') });
		const rows = incidentRows({ by: ['borough', 'gender'], levels: [['A', 'B'], ['woman', 'man']], counts: [3, 50, 40, 60], measure: 'rate',
			population: () => 1000, per: 1000, level: 0.95, suppression: (d) => suppression(d as Record<string, string>), flagBelow: 20 });
		expect(rows.map((r) => r.reliability)).toEqual(['suppressed', 'suppressed', 'suppressed', 'suppressed']);
		expect(rows[0]!.flags).toContain('count_below_min');
		const byBorough = incidentRows({ by: ['borough'], levels: [['A', 'B']], counts: [3, 50], measure: 'count',
			population: () => undefined, per: 1000, level: 0.95, suppression: (d) => suppression(d as Record<string, string>), flagBelow: 20 });
		expect(byBorough.map((r) => r.reliability)).toEqual(['ok', 'ok']); // by area alone: counts of incidents, not of people
		expect(byBorough[0]!.flags).toEqual(['count_below_20']);
	});
});

describe('rates per 1,000 residents', () => {
	test('rate, Garwood interval and rate ratio to the city', () => {
		const pops: Record<string, number> = { A: 1000, B: 20000 };
		const rows = incidentRows({ by: ['borough'], levels: [['A', 'B', 'C']], counts: [30, 400, 7], measure: 'rate',
			population: (d) => (d.borough === undefined ? 21000 : pops[d.borough]), per: 1000, level: 0.95, flagBelow: 20 });
		const [a, b, c] = rows;
		close(a!.estimate!, 30);
		close(a!.ci![0], 4.79538869613 * 0 + garwoodInterval(30)[0]);
		close(a!.rate_ratio!.ci[0], 0.998836305298, 1e-9);
		close(b!.estimate!, 20);
		expect(a!.reliability).toBe('ok');
		expect(c).toMatchObject({ estimate: null, ci: null, population: null, flags: ['no_population'] });
	});
});

describe('age labels of census tables', () => {
	test.each([
		['0 à 4 ans', { min: 0, max: 4 }],
		['100 ans et plus', { min: 100, max: Infinity }],
		['85 ans et plus', { min: 85, max: Infinity }],
		['90+', { min: 90, max: Infinity }],
		['12', { min: 12, max: 12 }],
		['15 to 19 years', { min: 15, max: 19 }],
		['0-4', { min: 0, max: 4 }],
		['Under 1', { min: 0, max: 0 }],
		['ALL AGES', 'total'],
		["Population totale selon le groupe d'âges", 'total'],
		['Âge moyen de la population', undefined],
		['CODE', undefined]
	])('%s', (label, expected) => expect(parseAgeLabel(label)).toEqual(expected));

	test('subtotals are not leaves; a straddling band is split evenly', () => {
		const ranges = [{ min: 0, max: 14 }, { min: 0, max: 4 }, { min: 5, max: 9 }, { min: 10, max: 14 }, { min: 15, max: 19 }, { min: 15, max: Infinity }, { min: 20, max: Infinity }];
		const leaves = leafRanges(ranges);
		expect(leaves).toEqual({ leaves: [1, 2, 3, 4, 6] });
		const l = (leaves as { leaves: number[] }).leaves;
		expect(bandShares({ label: '12-17', min: 12, max: 17 }, ranges, l)).toEqual([{ leaf: 3, share: 0.6 }, { leaf: 4, share: 0.6 }]);
		expect(bandShares({ label: '65+', min: 20, max: Infinity }, ranges, l)).toEqual([{ leaf: 6, share: 1 }]);
		expect(bandShares({ label: '20-30', min: 20, max: 30 }, ranges, l)).toBeUndefined(); // would split an open band
		expect(leafRanges([{ min: 0, max: 4 }, { min: 3, max: 7 }])).toEqual({ overlap: [0, 1] });
	});

	test.each([['2,004,265', 2004265], ['950', 950], ['41.0', undefined], ['', undefined], ['1 234', 1234]])('count %s', (s, v) => expect(parseCount(s)).toBe(v));
});

describe('point in polygon', () => {
	const square = (x0: number, y0: number, s: number) => [[x0, y0], [x0 + s, y0], [x0 + s, y0 + s], [x0, y0 + s], [x0, y0]];
	const clockwise = (ring: number[][]) => [...ring].reverse();
	const areas = [
		// A square with a square hole (counter-clockwise exterior, as RFC 7946).
		{ id: 1, geometry: { type: 'Polygon' as const, coordinates: [square(0, 0, 10), clockwise(square(4, 4, 2))] } },
		// Two parts, clockwise (as d3 stores them).
		{ id: 2, geometry: { type: 'MultiPolygon' as const, coordinates: [[clockwise(square(20, 0, 5))], [clockwise(square(30, 0, 5))]] } },
		// The island in the hole of area 1.
		{ id: 3, geometry: { type: 'Polygon' as const, coordinates: [square(4.5, 4.5, 1)] } }
	];
	const index = buildAreaIndex(areas);
	test.each([
		[1, 1, 1], [9.9, 9.9, 1], [4.2, 4.2, OUTSIDE], [5, 5, 3], [22, 2, 2], [32, 4, 2], [27, 2, OUTSIDE], [-1, 5, OUTSIDE], [NaN, 5, OUTSIDE], [50, 50, OUTSIDE]
	])('(%f, %f) → %i', (x, y, id) => expect(index.areaOf(x, y)).toBe(id));

	test('agrees with plain ray casting on 20,000 random points', () => {
		let seed = 7;
		const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
		const naive = (x: number, y: number) => {
			for (const a of areas) {
				const rings = a.geometry.type === 'Polygon' ? a.geometry.coordinates : a.geometry.coordinates.flat();
				let odd = false;
				for (const ring of rings) for (let i = 0; i + 1 < ring.length; i++) {
					const [x1, y1] = ring[i]!, [x2, y2] = ring[i + 1]!;
					if ((y1! > y) !== (y2! > y) && x < x1! + ((y - y1!) * (x2! - x1!)) / (y2! - y1!)) odd = !odd;
				}
				if (odd) return a.id;
			}
			return OUTSIDE;
		};
		for (let i = 0; i < 20_000; i++) {
			const x = -2 + rand() * 40, y = -2 + rand() * 14;
			expect(index.areaOf(x, y)).toBe(naive(x, y));
		}
	});
});

describe('invalid polygons', () => {
	test.each([
		[{ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [0, 0]]] }, 'geo_ring_too_short'],
		[{ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1]]] }, 'geo_ring_not_closed'],
		[{ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 'x'], [0, 0]]] }, 'geo_coordinate_invalid'],
		[{ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, null], [0, 0]]] }, 'geo_coordinate_invalid'],
		[{ type: 'Polygon', coordinates: [[[300000, 5000000], [300001, 5000000], [300001, 5000001], [300000, 5000000]]] }, 'geo_not_wgs84'],
		[{ type: 'Polygon', coordinates: [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]] }, 'geo_self_intersection'],
		[{ type: 'Point', coordinates: [0, 0] }, 'geo_geometry_type'],
		[null, 'geo_no_geometry']
	])('%j → %s', (g, code) => expect(geometryProblems(g).map((p) => p.code)).toEqual([code]));
	test('a valid polygon with a hole has no problem', () => {
		expect(geometryProblems({ type: 'Polygon', coordinates: [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]], [[4, 4], [4, 6], [6, 6], [6, 4], [4, 4]]] })).toEqual([]);
		expect(findCrossing([[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]], [[5, 5], [15, 5], [15, 6], [5, 6], [5, 5]]])).toBeDefined();
	});
});

describe('MTM zone 8 (EPSG:32188) agrees with PROJ', () => {
	// cs2cs EPSG:32188 EPSG:4326 -f %.8f
	test.each([
		[298000, 5040000, -73.58701171, 45.49988895],
		[285916.5, 5046948.4, -73.74189717, 45.56219036]
	])('(%f, %f)', (x, y, lon, lat) => {
		const [a, b] = mtm8ToLonLat(x, y);
		expect(Math.abs(a - lon)).toBeLessThan(2e-8);
		expect(Math.abs(b - lat)).toBeLessThan(2e-8);
		const [x2, y2] = lonLatToMtm8(a, b);
		expect(Math.abs(x2 - x)).toBeLessThan(1e-4);
		expect(Math.abs(y2 - y)).toBeLessThan(1e-4);
	});
});

describe('hexagons', () => {
	test('points 15 m apart share a hexagon of 250 m; 5 km apart do not; rings are closed and clockwise', () => {
		const hex = hexbin([-73.56, -73.5601, -73.5], [45.5, 45.5001, 45.5], 250, [-73.55, 45.5]);
		expect(hex.map((h) => h.points.length).sort()).toEqual([1, 2]);
		for (const h of hex) {
			expect(h.ring).toHaveLength(7);
			expect(h.ring[0]).toEqual(h.ring[6]);
			let area2 = 0;
			for (let i = 0; i < 6; i++) area2 += h.ring[i]![0] * h.ring[i + 1]![1] - h.ring[i + 1]![0] * h.ring[i]![1];
			expect(area2).toBeLessThan(0);
		}
	});
	test('hexagons under 5 points are withheld, with a complement when only one is', () => {
		const hexes = [7, 3, 9, 12].map((n, k) => ({ q: k, r: 0, center: [0, 0] as [number, number], ring: [], points: Array.from({ length: n }, (_, i) => i) }));
		const { hexagons, withheld } = visibleHexagons(hexes, (i) => i % 2 === 0, 5);
		expect(hexagons.map((h) => h.points)).toEqual([9, 12]);
		expect(withheld).toBe(2);
		expect(hexagons[0]).toMatchObject({ unsafe: 5, unsafe_share: 5 / 9 });
	});
	test('incident hexagons by category: a category\'s hexagons and the totals give no small count away by subtraction', () => {
		// Three hexagons, categories A, B, C; hexagon 0 holds 9 A and 2 B: its total (11) and its A (9)
		// are both 5 or more, so showing both would give B's 2 away.
		const cells: [number, number, number][] = [[9, 2, 0], [6, 0, 7], [8, 5, 6]];
		const category: number[] = [];
		const hexes = cells.map((byCat, k) => {
			const points: number[] = [];
			byCat.forEach((n, c) => { for (let i = 0; i < n; i++) { points.push(category.length); category.push(c); } });
			return { q: k, r: 0, center: [0, 0] as [number, number], ring: [], points };
		});
		const cats = ['A', 'B', 'C'];
		const request = (selected: string | null) => new Map(visibleCategoryHexagons(hexes, category, cats, selected, 5).hexagons.map((h) => [h.q, h.points]));
		const total = request(null);
		const byCategory = cats.map((c) => request(c));
		// Nothing shown is small.
		for (const a of [total, ...byCategory]) for (const n of a.values()) expect(n).toBeGreaterThanOrEqual(5);
		// A hexagon's total minus its shown categories is the pool of at least two hidden cells, or nothing.
		for (const [q, n] of total) {
			const shown = byCategory.filter((m) => m.has(q));
			const rest = n - shown.reduce((sum, m) => sum + m.get(q)!, 0);
			const hiddenNonEmpty = cells[q]!.filter((v, c) => v > 0 && !byCategory[c]!.has(q)).length;
			if (rest > 0) expect(hiddenNonEmpty, `hexagon ${q}`).toBeGreaterThanOrEqual(2);
		}
		expect(request('A').get(2)).toBe(8);
		expect(total.has(0) && request('A').has(0)).toBe(false);
		// The count of withheld hexagons is every hexagon not shown, empty cells included (C in
		// hexagon 0, B in hexagon 1): a count of the hidden cells alone would tell how many are not empty.
		for (const c of [...cats, 'absent']) {
			const { hexagons, withheld } = visibleCategoryHexagons(hexes, category, cats, c, 5);
			expect(withheld, c).toBe(hexes.length - hexagons.length);
		}
	});
	test('mapping shares: a small area is suppressed with a complement', () => {
		const suppression = protectCountCube({ variables: ['borough'], levels: [['A', 'B', 'C']], counts: [12, 3, 8, 0], minCount: 5, appliesTo: () => true });
		const rows = mappingRows({ by: ['borough'], levels: [['A', 'B', 'C']], points: [12, 3, 8], unsafe: [6, 1, 2], measure: 'unsafe_share',
			suppression: (d) => suppression(d as Record<string, string>) });
		expect(rows.map((r) => r.reliability)).toEqual(['ok', 'suppressed', 'suppressed']);
		expect(rows[0]!.estimate).toBe(0.5);
	});
});

describe('cells', () => {
	test.each([
		[parseDate('2021-03-14 00:00:00'), '2021-03-14'], [parseDate('2021-02-30'), undefined], [parseDate('14/03/2021'), undefined],
		[parseMonth('2018-01'), '2018-01'], [parseMonth('2018-13'), undefined],
		[parseTimeOfDay('jour'), 'day'], [parseTimeOfDay('Soir'), 'evening'], [parseTimeOfDay('NUIT'), 'night'], [parseTimeOfDay('matin'), undefined],
		[timeToTimeOfDay('16:00'), 'day'], [timeToTimeOfDay('16:01'), 'evening'], [timeToTimeOfDay('00:00'), 'evening'], [timeToTimeOfDay('03:15'), 'night'],
		[parseCoordinate('45,5012'), 45.5012], [parseCoordinate('-73.5'), -73.5], [parseCoordinate(''), undefined], [parseCoordinate('abc'), undefined]
	])('%s = %s', (got, want) => expect(got).toBe(want));
});
