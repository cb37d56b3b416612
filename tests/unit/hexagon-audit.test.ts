/**
 * The hexagon audit (bench/lib) finds a leak where one is known to be, and none where there is
 * none: small hand-made cases whose bounds can be worked out by hand (an area's count minus its
 * published hexagons, unsafe points, a hexagon's total minus its categories), the screening of
 * solves checked against solving every bound, then the grid geometry on squares and diamonds
 * checked against the engine's own binning.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import loadHighs, { type Highs } from 'highs';
import { disclosure, exactly, HexagonAudit, InfeasibleAuditError, integerBounds, laminar, UNBOUNDED, type AuditProblem, type Constraint, type Interval } from '../../bench/lib/hexagon-audit';
import { cellKey, cellsMeetingAreas, cellVertices, gridFrame, insideRings, segmentMeetsConvex, toLonLat, type AreaPolygon } from '../../bench/lib/hexagon-grid';
import { hexbin } from '../../app/lib/engine/hexagons';

let highs: Highs;
beforeAll(async () => { highs = await loadHighs(); });

const withheld: Interval = { lower: 0, upper: 4 };
const cell = (index: number, range: Interval, parts: number[] = [0]): Constraint => ({ on: 'cell', index, parts, range });
const area = (index: number, range: Interval, parts: number[] = [0]): Constraint => ({ on: 'area', index, parts, range });
/** Cells named by their position, each meeting the areas given. */
const cells = (...areas: number[][]) => areas.map((a, i) => ({ key: String(i), areas: a }));

function boundsOf(problem: AuditProblem, index: number, parts: number[] = [0]): Interval {
	const audit = new HexagonAudit(highs, problem);
	try {
		expect(audit.feasible()).toBe(true);
		return integerBounds(audit.bounds(index, parts));
	} finally {
		audit.dispose();
	}
}

describe('the reader\'s linear program', () => {
	test('one area, three hexagons inside it, two published: the withheld one comes out exactly', () => {
		// Area A publishes 15; hexagons of 6 and 7 shown; the third (2 points) withheld.
		const problem: AuditProblem = {
			parts: ['points'], areas: [{ name: 'A' }], cells: cells([0], [0], [0]),
			constraints: [area(0, exactly(15)), cell(0, exactly(6)), cell(1, exactly(7)), cell(2, withheld)]
		};
		expect(boundsOf(problem, 2)).toEqual({ lower: 2, upper: 2 });
		expect(disclosure(boundsOf(problem, 2), 2, 4)).toEqual({ exact: true, nonEmpty: true, narrow: true, tighter: true, wrong: false });
		// Without the area's count the layer alone says 0 to 4.
		expect(boundsOf({ ...problem, constraints: problem.constraints.slice(1) }, 2)).toEqual({ lower: 0, upper: 4 });
	});

	test('a withheld hexagon straddling two areas is only narrowed, and an unpublished area protects it', () => {
		// A = 10 (published), B unknown; cells: P in A (8 shown), W on both (3 withheld), Q in B (9 shown).
		const problem: AuditProblem = {
			parts: ['points'], areas: [{ name: 'A' }, { name: 'B' }], cells: cells([0], [0, 1], [1]),
			constraints: [area(0, exactly(10)), area(1, UNBOUNDED), cell(0, exactly(8)), cell(1, withheld), cell(2, exactly(9))]
		};
		// W holds A's remaining 2 plus 0 to 2 more in B.
		expect(boundsOf(problem, 1)).toEqual({ lower: 2, upper: 4 });
		expect(disclosure(boundsOf(problem, 1), 3, 4)).toMatchObject({ exact: false, nonEmpty: true, narrow: false, wrong: false });
	});

	test('two withheld hexagons in one area: neither is pinned down', () => {
		const problem: AuditProblem = {
			parts: ['points'], areas: [{ name: 'A' }], cells: cells([0], [0], [0]),
			constraints: [area(0, exactly(13)), cell(0, exactly(9)), cell(1, withheld), cell(2, withheld)]
		};
		expect(boundsOf(problem, 1)).toEqual({ lower: 0, upper: 4 });
	});

	test('a withheld hexagon alone in an area whose hidden count is flagged 1 to 4 is disclosed as not empty', () => {
		const problem: AuditProblem = { parts: ['points'], areas: [{ name: 'A' }], cells: cells([0]), constraints: [area(0, { lower: 1, upper: 4 }), cell(0, withheld)] };
		expect(boundsOf(problem, 0)).toEqual({ lower: 1, upper: 4 });
	});

	test('unsafe points: an area\'s unsafe count minus its published hexagons\' gives a withheld hexagon\'s', () => {
		// Parts: unsafe (0) and safe (1). A: 15 points, 9 unsafe; shown hexagons 6 (4 unsafe) and 7 (3 unsafe).
		const problem: AuditProblem = {
			parts: ['unsafe', 'safe'], areas: [{ name: 'A' }], cells: cells([0], [0], [0]),
			constraints: [area(0, exactly(15), [0, 1]), area(0, exactly(9), [0]),
				cell(0, exactly(6), [0, 1]), cell(0, exactly(4), [0]), cell(1, exactly(7), [0, 1]), cell(1, exactly(3), [0]), cell(2, withheld, [0, 1])]
		};
		expect(laminar(problem)).toBe(true);
		expect(boundsOf(problem, 2, [0, 1])).toEqual({ lower: 2, upper: 2 });
		expect(boundsOf(problem, 2, [0])).toEqual({ lower: 2, upper: 2 });
	});

	test('unsafe points bound the points: 3 unsafe left in an area forces a withheld hexagon to 3 points at least', () => {
		const problem: AuditProblem = {
			parts: ['unsafe', 'safe'], areas: [{ name: 'A' }], cells: cells([0], [0]),
			constraints: [area(0, exactly(5), [0]), cell(0, exactly(6), [0, 1]), cell(0, exactly(2), [0]), cell(1, withheld, [0, 1])]
		};
		expect(boundsOf(problem, 1, [0, 1])).toEqual({ lower: 3, upper: 4 });
	});

	test('a hexagon\'s total minus its published categories gives a hidden one once the others are known to be empty', () => {
		// Categories A (0), B (1), C (2). The hexagon's total, 7, is shown; A's 5 is shown; B and C are not.
		const base: Constraint[] = [cell(0, exactly(7), [0, 1, 2]), cell(0, exactly(5), [0])];
		const problem: AuditProblem = { parts: ['A', 'B', 'C'], areas: [{ name: 'X' }], cells: cells([0]), constraints: base };
		expect(boundsOf(problem, 0, [1])).toEqual({ lower: 0, upper: 2 });
		// Shown for {A, C} and not for {A, B}: C is empty, B is not: B holds the 2 left.
		expect(boundsOf({ ...problem, constraints: [...base, cell(0, exactly(0), [2]), cell(0, { lower: 1, upper: Infinity }, [1])] }, 0, [1])).toEqual({ lower: 2, upper: 2 });
	});

	test('values that contradict the rules modelled are refused, not turned into bounds', () => {
		const problem: AuditProblem = {
			parts: ['points'], areas: [{ name: 'A' }], cells: cells([0], [0]),
			constraints: [area(0, exactly(30)), cell(0, exactly(6)), cell(1, withheld)]
		};
		const audit = new HexagonAudit(highs, problem);
		try {
			expect(audit.feasible()).toBe(false);
			expect(() => audit.bounds(1, [0])).toThrow(InfeasibleAuditError);
		} finally {
			audit.dispose();
		}
	});

	test('nested or disjoint sets of parts are laminar; overlapping ones are not', () => {
		const p = (constraints: Constraint[]): AuditProblem => ({ parts: ['A', 'B', 'C'], areas: [{ name: 'X' }], cells: cells([0]), constraints });
		expect(laminar(p([cell(0, withheld, [0]), cell(0, withheld, [0, 1, 2]), area(0, exactly(3), [1]), area(0, exactly(9), [0, 1, 2]), { on: 'total', parts: [0, 1, 2], range: exactly(9) }]))).toBe(true);
		expect(laminar(p([cell(0, withheld, [0, 1]), cell(0, withheld, [1, 2])]))).toBe(false);
		expect(laminar(p([area(0, exactly(3), [0, 1]), { on: 'total', parts: [1, 2], range: exactly(9) }]))).toBe(false);
	});

	test('settling bounds from the solutions already found changes no bound', () => {
		// A strip of 8 areas and 60 cells, a few straddling, a fifth published; two parts.
		let seed = 7;
		const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
		const grid = Array.from({ length: 60 }, (_, i) => { const a = Math.floor(i / 7.5); return rnd() < 0.3 && a < 7 ? [a, a + 1] : [a]; });
		const truth = grid.map(() => [Math.floor(rnd() * 3), Math.floor(rnd() * 3)]);
		const constraints: Constraint[] = [];
		grid.forEach((_, i) => {
			if (rnd() < 0.2) { constraints.push(cell(i, exactly(truth[i]![0]! + truth[i]![1]! + 5), [0, 1]), cell(i, exactly(truth[i]![0]! + 2), [0])); truth[i] = [truth[i]![0]! + 2, truth[i]![1]! + 3]; }
			else constraints.push(cell(i, withheld, [0, 1]));
		});
		for (let a = 0; a < 8; a++) {
			// Each area's count, splitting a straddling cell's points to its first area.
			const inA = grid.map((g, i) => (g[0] === a ? truth[i]! : [0, 0]));
			constraints.push(area(a, exactly(inA.reduce((s, t) => s + t[0]! + t[1]!, 0)), [0, 1]), area(a, exactly(inA.reduce((s, t) => s + t[0]!, 0)), [0]));
		}
		const problem: AuditProblem = { parts: ['unsafe', 'safe'], areas: Array.from({ length: 8 }, (_, a) => ({ name: String(a) })), cells: cells(...grid), constraints };
		const screened = new HexagonAudit(highs, problem), full = new HexagonAudit(highs, problem, { screen: false });
		let informative = 0;
		try {
			for (let i = 0; i < grid.length; i++) for (const parts of [[0, 1], [0]]) {
				const a = integerBounds(screened.bounds(i, parts)), b = integerBounds(full.bounds(i, parts));
				expect(a).toEqual(b);
				if (a.lower > 0 && a.upper > a.lower) informative++;
				expect(truth[i]!.slice(0, parts.length === 2 ? 2 : 1).reduce((s, t) => s + t, 0)).toBeGreaterThanOrEqual(a.lower);
			}
			expect(screened.solves).toBeLessThan(full.solves);
			// The case is not trivial: some bounds are neither a known value nor 0.
			expect(informative).toBeGreaterThan(0);
		} finally {
			screened.dispose();
			full.dispose();
		}
	});
});

describe('the grid and the areas it meets', () => {
	const origin: [number, number] = [-73.6, 45.5];
	const size = 250;
	const f = gridFrame(origin, size);
	// A square of 2 km × 2 km on the plane, centred on the origin, as lon/lat.
	type Polygon = Extract<AreaPolygon, { type: 'Polygon' }>;
	const square = (half: number): Polygon => ({
		type: 'Polygon',
		coordinates: [[[-half, -half], [half, -half], [half, half], [-half, half], [-half, -half]].map(([x, y]) => toLonLat(f, x!, y!))]
	});

	test('a segment and a convex polygon: crossing, inside, touching and apart', () => {
		const hex = cellVertices(f, 0, 0);
		expect(segmentMeetsConvex(-1000, 0, 1000, 0, hex)).toBe(true);
		expect(segmentMeetsConvex(-10, 0, 10, 0, hex)).toBe(true);
		expect(segmentMeetsConvex(-1000, 1000, 1000, 1000, hex)).toBe(false);
		// Through the top vertex only.
		expect(segmentMeetsConvex(-100, size, 100, size, hex)).toBe(true);
	});

	test('point in polygon, even–odd, on slanted edges and with a hole', () => {
		const triangle: [number, number][] = [[0, 0], [100, 30], [20, 90], [0, 0]];
		expect(insideRings([triangle], 40, 40)).toBe(true);
		expect(insideRings([triangle], 70, 60)).toBe(false); // beyond the slanted edge from (100, 30) to (20, 90)
		expect(insideRings([triangle], 50, 5)).toBe(false); // below the edge from (0, 0) to (100, 30)
		const hole: [number, number][] = [[30, 30], [40, 30], [35, 40], [30, 30]];
		expect(insideRings([triangle, hole], 35, 33)).toBe(false);
	});

	/** The points of a fine lattice (those in an area: `areaOf` ≥ 0) whose area is not among the areas their cell is said to meet. */
	function misplaced(cells: ReturnType<typeof cellsMeetingAreas>, areaOf: (x: number, y: number) => number, extent: number): number {
		let bad = 0;
		for (let x = -extent; x <= extent; x += 37) for (let y = -extent; y <= extent; y += 41) {
			const area = areaOf(x, y);
			if (area < 0) continue;
			const [lon, lat] = toLonLat(f, x, y);
			const [h] = hexbin([lon], [lat], size, origin);
			if (!cells.get(cellKey(h!.q, h!.r))?.areas.includes(area)) bad++;
		}
		return bad;
	}

	test('cells inside the square meet it alone; cells on its edge meet it and the area around it', () => {
		const inner = square(1000);
		// A ring around the square: the outer square with the inner as its hole.
		const outer = square(3000);
		const ring: AreaPolygon = { type: 'Polygon', coordinates: [outer.coordinates[0]!, [...inner.coordinates[0]!].reverse()] };
		const cells = cellsMeetingAreas(f, [inner, ring]);
		expect(cells.get(cellKey(0, 0))!.areas).toEqual([0]);
		// Cell (4, 0) has its centre at 4·√3·250 ≈ 1732 m east: wholly in the ring.
		expect(cells.get(cellKey(4, 0))!.areas).toEqual([1]);
		// The square's east edge at x = 1000 m passes through cell (2, 0) (centre ≈ 866 m, half-width ≈ 217 m).
		expect(cells.get(cellKey(2, 0))!.areas).toEqual([0, 1]);
		expect(misplaced(cells, (x, y) => (Math.abs(x) <= 1000 && Math.abs(y) <= 1000 ? 0 : 1), 2900)).toBe(0);
	});

	test('slanted boundaries: a diamond inside a larger diamond', () => {
		const diamond = (r: number): [number, number][] => [[r, 0], [0, r], [-r, 0], [0, -r], [r, 0]];
		const inner: AreaPolygon = { type: 'Polygon', coordinates: [diamond(1300).map(([x, y]) => toLonLat(f, x, y + 170))] };
		const outer: AreaPolygon = { type: 'MultiPolygon', coordinates: [[diamond(4000).map(([x, y]) => toLonLat(f, x, y)), diamond(1300).map(([x, y]) => toLonLat(f, x, y + 170)).reverse()]] };
		const cells = cellsMeetingAreas(f, [inner, outer]);
		const inInner = (x: number, y: number) => Math.abs(x) + Math.abs(y - 170) <= 1300;
		expect(misplaced(cells, (x, y) => (inInner(x, y) ? 0 : Math.abs(x) + Math.abs(y) <= 4000 ? 1 : -1), 4000)).toBe(0);
		// Cells wholly inside the inner diamond meet it alone.
		expect(cells.get(cellKey(0, 0))!.areas).toEqual([0]);
	});

	test('an area smaller than a cell is found in the cell that holds it', () => {
		const tiny: AreaPolygon = { type: 'Polygon', coordinates: [[[-20, -20], [20, -20], [20, 20], [-20, 20], [-20, -20]].map(([x, y]) => toLonLat(f, 300 + x!, 10 + y!))] };
		const cells = cellsMeetingAreas(f, [tiny]);
		const [h] = hexbin([toLonLat(f, 300, 10)[0]], [toLonLat(f, 300, 10)[1]], size, origin);
		expect([...cells.keys()]).toEqual([cellKey(h!.q, h!.r)]);
	});

	test('the grid rebuilt here is the engine\'s: same cells, same rings', () => {
		const lon = [-73.61, -73.55, -73.7, -73.58], lat = [45.51, 45.47, 45.55, 45.5];
		for (const h of hexbin(lon, lat, size, origin)) {
			const ring = cellVertices(f, h.q, h.r).map(([x, y]) => toLonLat(f, x, y));
			for (const [lo, la] of ring) expect(h.ring.some(([a, b]) => Math.abs(a - lo) < 1e-9 && Math.abs(b - la) < 1e-9)).toBe(true);
		}
	});
});
