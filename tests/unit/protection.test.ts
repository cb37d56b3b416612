import { describe, expect, test } from 'vitest';
import { determinedCells, protect, type CellState, type Equation, type ProtectedCell } from '../../app/lib/engine/protection';
import { buildEquations } from '../../app/lib/engine/hierarchy';

const cell = (size: number, value: number | null, primary = false): ProtectedCell => ({ size, value, primary });
const hidden = (s: CellState) => s === 'primary' || s === 'complementary';

/**
 * An independent check, in floating point on dense rational rows: a hidden cell is determined
 * when removing its column lowers the rank of the system restricted to the hidden cells by one
 * … more simply, when its unit vector is in the row space: rank([A; e_j]) = rank(A).
 */
function denseDetermined(states: CellState[], equations: Equation[]): number[] {
	const cols = states.map((s, i) => (hidden(s) ? i : -1)).filter((i) => i >= 0);
	const rows = equations.map((e) => cols.map((c) => (e.total === c ? -1 : 0) + e.parts.filter((p) => p === c).length))
		.filter((r) => r.some((v) => v !== 0));
	const rank = (m: number[][]) => {
		const a = m.map((r) => [...r]);
		let r = 0;
		for (let j = 0; j < cols.length && r < a.length; j++) {
			let best = -1;
			for (let i = r; i < a.length; i++) if (Math.abs(a[i]![j]!) > 1e-9 && (best < 0 || Math.abs(a[i]![j]!) > Math.abs(a[best]![j]!))) best = i;
			if (best < 0) continue;
			[a[r], a[best]] = [a[best]!, a[r]!];
			for (let i = 0; i < a.length; i++) {
				if (i === r) continue;
				const f = a[i]![j]! / a[r]![j]!;
				for (let c = 0; c < cols.length; c++) a[i]![c]! -= f * a[r]![c]!;
			}
			r++;
		}
		return r;
	};
	const base = rank(rows);
	return cols.filter((_, j) => rank([...rows, cols.map((__, c) => (c === j ? 1 : 0))]) === base);
}

/** A full cross of dims with every margin, as cells (domain coordinates, -1 = total) and equations. */
function cube(dims: number[], size: (coords: number[]) => number, value: (coords: number[]) => number, primary: (coords: number[]) => boolean) {
	const vars = dims.map((_, i) => `v${i}`);
	const cells: (ProtectedCell & { domain: Record<string, string | undefined> })[] = [];
	const walk = (d: number, coords: number[]) => {
		if (d === dims.length) {
			const full = coords.every((c) => c >= 0);
			// A margin's size is the sum of its cells; values are only compared, so any is fine.
			cells.push({ domain: Object.fromEntries(coords.map((c, i) => [vars[i], c < 0 ? undefined : String(c)])),
				size: full ? size(coords) : 0, value: value(coords), primary: full && primary(coords) });
			return;
		}
		for (let c = -1; c < dims[d]!; c++) walk(d + 1, [...coords, c]);
	};
	walk(0, []);
	const partitions = Object.fromEntries(vars.map((v, i) => [v, Array.from({ length: dims[i]! }, (_, k) => String(k))]));
	const equations = buildEquations(cells, { variables: vars, partitions, kind: 'mean' });
	// Margins' sizes: the sum of the full cells below them.
	for (const c of cells) if (c.size === 0) c.size = cells.filter((f) => Object.values(f.domain).every((v) => v !== undefined)
		&& Object.entries(c.domain).every(([k, v]) => v === undefined || f.domain[k] === v)).reduce((s, f) => s + f.size, 0);
	return { cells, equations };
}

function rng(seed: number) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

describe('protect', () => {
	test('a lone hidden part gets the smallest published part of its total as complement', () => {
		const r = protect([cell(100, 0.5), cell(50, 0.5), cell(10, 0.2, true), cell(40, 0.7)], [{ total: 0, parts: [1, 2, 3], kind: 'mean' }]);
		expect(r.states).toEqual(['published', 'published', 'primary', 'complementary']);
	});

	test.each([
		{ name: 'nothing primary: nothing hidden', primary: [] as number[], expected: 0 },
		{ name: 'one primary cell of a 2 × 2 table with margins: the four cells', primary: [0], expected: 4 },
		{ name: 'two primary cells on a diagonal of a 2 × 2: the four cells', primary: [0, 3], expected: 4 }
	])('$name', ({ primary, expected }) => {
		const { cells, equations } = cube([2, 2], () => 10, () => 0.5, (c) => primary.includes(c[0]! * 2 + c[1]!));
		const r = protect(cells, equations);
		expect(r.states.filter(hidden).length).toBe(expected);
		expect(denseDetermined(r.states, equations)).toEqual([]);
	});

	test('a hidden total whose parts are all published is protected by hiding a part', () => {
		const r = protect([cell(100, 0.5, true), cell(60, 0.4), cell(40, 0.65)], [{ total: 0, parts: [1, 2], kind: 'mean' }]);
		expect(r.states.filter(hidden).length).toBe(2);
	});

	test('empty cells are known zeros: they neither count as hidden nor protect', () => {
		const r = protect([cell(100, 0.5), { size: 0, value: null, primary: false, fixed: 'empty' }, cell(10, 0.2, true), cell(90, 0.6)],
			[{ total: 0, parts: [1, 2, 3], kind: 'mean' }]);
		expect(r.states).toEqual(['published', 'empty', 'primary', 'complementary']);
	});

	test('margin rule: a large cell hidden beside a tiny one is pinned by the pooled value, so a third part goes', () => {
		// Parts: tiny primary (2, 0.9), large (500, 0.30), medium (300, 0.5), medium (400, 0.45).
		const cells = [cell(1202, 0.39), cell(2, 0.9, true), cell(500, 0.3), cell(300, 0.5), cell(400, 0.45)];
		const without = protect(cells, [{ total: 0, parts: [1, 2, 3, 4], kind: 'mean' }]);
		// Rule 1 alone takes the smallest published part (300) and stops.
		expect(without.states.filter(hidden).length).toBe(2);
		const pinned = protect([cell(1202, 0.39), cell(2, 0.9, true), cell(1000, 0.3), cell(1100, 0.5), cell(1200, 0.45)],
			[{ total: 0, parts: [1, 2, 3, 4], kind: 'mean', margin: 0.005 }]);
		// The tiny cell pooled with the 1,000 gives 0.3012: within half a point of 0.30.
		expect(pinned.states.filter(hidden).length).toBe(3);
	});

	test('shares of a distribution sum to 1: one hidden category takes another with it', () => {
		const r = protect([cell(50, 0.5), cell(50, 0.3, true), cell(50, 0.2)], [{ total: -1, parts: [0, 1, 2], kind: 'sum', margin: 0.005 }]);
		expect(r.states.filter(hidden).length).toBe(2);
	});

	test('two hidden cycles joined by one cell: the exact check finds the joining cell and protects it', () => {
		// Rows r0..r3, columns c0..c3 of a 4 × 4 table with margins. Hidden: a 2 × 2 cycle in
		// r0–r1 × c0–c1, another in r2–r3 × c2–c3, and (r0, c2) joining them: each line holds 0 or
		// ≥ 2 hidden cells, yet (r0, c2) is the difference of published margins.
		const primary = new Set(['0,0', '0,1', '1,0', '1,1', '2,2', '2,3', '3,2', '3,3', '0,2']);
		const { cells, equations } = cube([4, 4], () => 20, (c) => 0.1 * (c[0]! + 1) + 0.01 * c[1]!, (c) => primary.has(c.join(',')));
		// Before protection: no line has exactly one hidden cell (rows 0 and column 2 have three).
		const start = cells.map((c) => (c.primary ? 'primary' : 'published') as CellState);
		expect(denseDetermined(start, equations).length).toBeGreaterThan(0);
		const r = protect(cells, equations);
		expect(r.exact).toBeGreaterThan(0);
		expect(denseDetermined(r.states, equations)).toEqual([]);
	});

	test.each([1, 2, 3, 4, 5, 6, 7, 8])('random 3-way tables (seed %i): no equation with one unknown, nothing determined (checked independently)', (seed) => {
		const r0 = rng(seed);
		const dims = [2 + Math.floor(r0() * 4), 2 + Math.floor(r0() * 3), 2 + Math.floor(r0() * 2)];
		const sizes = new Map<string, number>(), values = new Map<string, number>();
		const key = (c: number[]) => c.join(',');
		const { cells, equations } = cube(dims,
			(c) => { const k = key(c); if (!sizes.has(k)) sizes.set(k, 1 + Math.floor(r0() * 200)); return sizes.get(k)!; },
			(c) => { const k = key(c); if (!values.has(k)) values.set(k, r0()); return values.get(k)!; },
			() => r0() < 0.15);
		const r = protect(cells, equations);
		for (const e of equations) {
			const unknown = e.parts.filter((p) => hidden(r.states[p]!)).length + (e.total >= 0 && hidden(r.states[e.total]!) ? 1 : 0);
			const published = e.parts.filter((p) => r.states[p] === 'published').length;
			if (published > 0) expect(unknown).not.toBe(1);
		}
		expect(denseDetermined(r.states, equations)).toEqual([]);
		expect(determinedCells(r.states, equations, cells.length)).toEqual([]);
	});
});

describe('buildEquations', () => {
	test('links each published cell to the finer tables, derived groups and shares', () => {
		const cells = [
			{ domain: {} }, { domain: { borough: 'A' } }, { domain: { borough: 'B' } },
			{ domain: { gender: 'w' } }, { domain: { gender: 'm' } },
			{ domain: { borough: 'A', gender: 'w' } }, { domain: { borough: 'A', gender: 'm' } },
			{ domain: { borough: 'B', gender: 'w' } }, { domain: { borough: 'B', gender: 'm' } }
		];
		const eq = buildEquations(cells, { variables: ['borough', 'gender'], partitions: { borough: ['A', 'B'], gender: ['w', 'm'] }, kind: 'mean' });
		expect(eq.length).toBe(6);
		expect(eq[0]).toEqual({ total: 0, parts: [1, 2], kind: 'mean', margin: 0 });
	});

	test('no equation when a part is never published (an unknown that protects the others)', () => {
		const cells = [{ domain: {} }, { domain: { gender: 'w' } }];
		expect(buildEquations(cells, { variables: ['gender'], partitions: { gender: ['w', 'm'] }, kind: 'mean' })).toEqual([]);
	});

	test('derived groups are the sum of their members; shares of one domain sum to a known 1', () => {
		const cells = ['12-17', '18-24', '12-24'].flatMap((a) => ['x', 'y'].map((c) => ({ domain: { age_group: a, category: c } })));
		const eq = buildEquations(cells, { variables: ['age_group'], partitions: { age_group: ['12-17', '18-24'] },
			derived: [{ variable: 'age_group', label: '12-24', members: ['12-17', '18-24'] }], shares: { variable: 'category', values: ['x', 'y'] }, kind: 'mean' });
		expect(eq.filter((e) => e.total === -1).length).toBe(3);
		expect(eq.filter((e) => e.total >= 0).length).toBe(2);
	});
});
