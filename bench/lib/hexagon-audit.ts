/**
 * How far a reader can pin down a withheld hexagon's count from what the map and the tables
 * publish together: the linear program such a reader would solve, and its bounds per hexagon.
 *
 * The points are split into disjoint parts (the incident categories; for participatory mapping,
 * the points marked unsafe and the others). Unknowns: x[c,k,a] ≥ 0, the points of part k in grid
 * cell c that lie in area a, for every cell and area that meet (hexagon-grid.ts). Each published
 * value is a constraint on a sum of them over a set of parts:
 * - a cell's points of a set of parts (a hexagon of a layer: exactly when shown; 0 to
 *   minPoints − 1 when the reader takes a withheld hexagon to be a small one);
 * - an area's points of a set of parts (its published count exactly; a hidden one between what
 *   its flags and its published parts say);
 * - the whole geography's, over every cell.
 * The least and greatest value of one cell's sum over a set of parts, over all the x meeting the
 * constraints, are the tightest bounds the reader gets from these values.
 *
 * The bounds are the exact integer bounds when, as here, the sets of parts constrained for a cell
 * are nested or disjoint (e.g. {one category} and {every category}, or {unsafe} and {all}), and
 * likewise for an area and the total: the constraint matrix is then the incidence matrix of two
 * laminar families of column sets (cell side, area side), a network matrix, totally unimodular,
 * so with whole-number bounds every vertex of the polytope is integral. `laminar()` checks it.
 *
 * One HiGHS model per problem: between two solves only the objective changes, so the simplex
 * restarts from the previous basis. Most solves are not needed at all: every solution found is a
 * feasible point, so a cell that is empty in one has 0 for its minimum, and one that reaches a
 * bound no feasible point can pass (its own, or what its areas leave once their wholly contained
 * published hexagons are taken out) has that for its maximum. Only the rest are solved for.
 */
import type { Highs, Model } from 'highs';

export interface Interval {
	lower: number;
	/** `Infinity` when nothing bounds it. */
	upper: number;
}

export const exactly = (n: number): Interval => ({ lower: n, upper: n });
export const UNBOUNDED: Interval = { lower: 0, upper: Infinity };

export type Constraint =
	| { on: 'cell'; index: number; parts: readonly number[]; range: Interval }
	| { on: 'area'; index: number; parts: readonly number[]; range: Interval }
	| { on: 'total'; parts: readonly number[]; range: Interval };

export interface AuditProblem {
	/** The disjoint parts the points are split into (names for reports). */
	parts: readonly string[];
	/** Grid cells, each with the indexes of the areas it meets (at least one). */
	cells: readonly { key: string; areas: readonly number[] }[];
	areas: readonly { name: string }[];
	constraints: readonly Constraint[];
}

export class InfeasibleAuditError extends Error {}

const sameParts = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const sorted = (p: readonly number[]) => [...new Set(p)].sort((a, b) => a - b);
const contains = (outer: readonly number[], inner: readonly number[]) => inner.every((k) => outer.includes(k));

/**
 * Whether the sets of parts constrained for each cell, for each area and for the total are
 * nested or disjoint (laminar): the condition under which the LP bounds are the integer bounds.
 */
export function laminar(problem: AuditProblem): boolean {
	// Column sets on the cell side: one cell's parts; on the area side: one area's parts, or the total's
	// (which contains every area's columns of its parts). Two sets clash when they overlap without nesting.
	const scopes = new Map<string, number[][]>();
	const add = (scope: string, parts: number[]) => { const l = scopes.get(scope) ?? []; l.push(parts); scopes.set(scope, l); };
	const totals: number[][] = [];
	for (const c of problem.constraints) {
		if (c.on === 'cell') add(`cell ${c.index}`, sorted(c.parts));
		else if (c.on === 'area') add(`area ${c.index}`, sorted(c.parts));
		else totals.push(sorted(c.parts));
	}
	const clash = (a: number[], b: number[]) => a.some((k) => b.includes(k)) && !contains(a, b) && !contains(b, a);
	for (const [scope, sets] of scopes) {
		const all = scope.startsWith('area') ? [...sets, ...totals] : sets;
		for (const a of all) for (const b of all) if (clash(a, b)) return false;
	}
	for (const a of totals) for (const b of totals) if (clash(a, b)) return false;
	return true;
}

/**
 * The reader's linear program, built once; `bounds(cell, parts)` solves for one cell's sum.
 * Call `dispose()` when done (HiGHS's memory is not garbage-collected).
 */
export class HexagonAudit {
	private readonly model: Model;
	private readonly highs: Highs;
	private readonly problem: AuditProblem;
	/** First column of cell c: its columns are part-major, then area ([k][a]). */
	private readonly firstCol: number[];
	readonly numCols: number;
	readonly numRows: number;
	/** Solver runs so far (the first, for feasibility, included). */
	solves = 0;
	/** The last few solutions' column values: each is a feasible point, to settle bounds without solving. */
	private readonly pool: Float64Array[] = [];
	/** Every solution's cell × part sums, least and greatest: [cell * parts + part]. */
	private readonly seenMin: Float64Array;
	private readonly seenMax: Float64Array;
	/** Each cell's constraints, and each area's with what it holds beyond its wholly contained published cells. */
	private readonly cellCons: { parts: number[]; range: Interval }[][];
	private readonly areaCons: { parts: number[]; room: number }[][];

	/** `screen: false` solves for every bound (to check that the screening changes nothing). */
	constructor(highs: Highs, problem: AuditProblem, private readonly opts: { screen?: boolean } = {}) {
		this.highs = highs;
		this.problem = problem;
		const inf = highs.infinity;
		const K = problem.parts.length;
		const fin = (x: number) => (Number.isFinite(x) ? x : x > 0 ? inf : -inf);
		this.firstCol = [];
		let col = 0;
		for (const c of problem.cells) {
			if (c.areas.length === 0) throw new Error(`cell ${c.key} meets no area`);
			this.firstCol.push(col);
			col += K * c.areas.length;
		}
		// Per column, its rows; rows are the constraints in order (a range of [0, ∞) binds nothing and is left out).
		const rowsOfCol: number[][] = Array.from({ length: col }, () => []);
		const rowLower: number[] = [], rowUpper: number[] = [];
		const cellsOfArea: number[][] = problem.areas.map(() => []);
		problem.cells.forEach((c, i) => { for (const a of c.areas) cellsOfArea[a]!.push(i); });
		for (const con of problem.constraints) {
			if (con.range.lower <= 0 && con.range.upper === Infinity) continue;
			const row = rowLower.length;
			rowLower.push(fin(con.range.lower));
			rowUpper.push(fin(con.range.upper));
			const parts = sorted(con.parts);
			const addCell = (ci: number, only?: number) => {
				const c = problem.cells[ci]!;
				for (const k of parts) c.areas.forEach((a, j) => {
					if (only === undefined || a === only) rowsOfCol[this.firstCol[ci]! + k * c.areas.length + j]!.push(row);
				});
			};
			if (con.on === 'cell') addCell(con.index);
			else if (con.on === 'area') for (const ci of cellsOfArea[con.index]!) addCell(ci, con.index);
			else problem.cells.forEach((_, ci) => addCell(ci));
		}
		const starts = new Int32Array(col + 1);
		rowsOfCol.forEach((r, j) => (starts[j + 1] = starts[j]! + r.length));
		const indices = Int32Array.from(rowsOfCol.flat());
		this.numCols = col;
		this.numRows = rowLower.length;
		this.model = highs.createModel({
			numCols: col, numRows: rowLower.length,
			colCost: new Float64Array(col), colLower: new Float64Array(col), colUpper: new Float64Array(col).fill(inf),
			rowLower: Float64Array.from(rowLower), rowUpper: Float64Array.from(rowUpper),
			matrix: { format: 'csc', numRows: rowLower.length, numCols: col, starts, indices, values: new Float64Array(indices.length).fill(1) }
		});
		// Presolve would be redone at each run; without it the simplex starts from the last basis. Only the
		// objective changes between runs, so that basis stays primal feasible: the primal simplex goes on
		// from it (the dual simplex, HiGHS's default, took about eight times longer here).
		this.model.options.set({ output_flag: false, presolve: 'off', simplex_strategy: 4 });
		this.seenMin = new Float64Array(problem.cells.length * K).fill(Infinity);
		this.seenMax = new Float64Array(problem.cells.length * K).fill(-Infinity);

		this.cellCons = problem.cells.map(() => []);
		this.areaCons = problem.areas.map(() => []);
		for (const con of problem.constraints) {
			if (con.on === 'cell') this.cellCons[con.index]!.push({ parts: sorted(con.parts), range: con.range });
		}
		for (const con of problem.constraints) {
			if (con.on !== 'area' || con.range.upper === Infinity) continue;
			const parts = sorted(con.parts);
			let room = con.range.upper;
			for (const ci of cellsOfArea[con.index]!) {
				if (problem.cells[ci]!.areas.length !== 1) continue;
				const fixed = this.cellCons[ci]!.find((d) => d.range.lower === d.range.upper && sameParts(d.parts, parts));
				if (fixed) room -= fixed.range.lower;
			}
			this.areaCons[con.index]!.push({ parts, room });
		}
	}

	/** Records the last solution's cell × part sums: each is a value the cell can take. */
	private remember(): void {
		const v = this.model.getSolution().colValue;
		const K = this.problem.parts.length;
		this.problem.cells.forEach((c, i) => {
			const n = c.areas.length;
			for (let k = 0; k < K; k++) {
				let s = 0;
				for (let j = 0; j < n; j++) s += v[this.firstCol[i]! + k * n + j]!;
				const at = i * K + k;
				if (s < this.seenMin[at]!) this.seenMin[at] = s;
				if (s > this.seenMax[at]!) this.seenMax[at] = s;
			}
		});
		this.pool.push(Float64Array.from(v));
		if (this.pool.length > 64) this.pool.shift();
	}

	/** Whether the constraints admit any solution (they do when the rules modelled hold for the true data). */
	feasible(): boolean {
		this.model.run();
		this.solves++;
		const ok = this.model.getModelStatus() === this.highs.constants.modelStatus.optimal;
		if (ok) this.remember();
		return ok;
	}

	private columnsOf(cell: number, parts: readonly number[]): number[] {
		const n = this.problem.cells[cell]!.areas.length;
		return sorted(parts).flatMap((k) => Array.from({ length: n }, (_, j) => this.firstCol[cell]! + k * n + j));
	}

	/** The least (cost 1) or greatest (cost −1) sum of these columns over the polytope. */
	private optimum(cols: number[], cost: 1 | -1): number {
		const sel = { kind: 'set' as const, indices: Int32Array.from(cols) };
		this.model.changeColsCost(sel, new Float64Array(cols.length).fill(cost));
		try {
			this.model.run();
			this.solves++;
			const s = this.model.getModelStatus();
			const st = this.highs.constants.modelStatus;
			if (s === st.optimal) {
				this.remember();
				return cost * this.model.getObjectiveValue();
			}
			if (s === st.unbounded || (s === st.unboundedOrInfeasible && cost < 0)) return Infinity;
			if (s === st.infeasible) throw new InfeasibleAuditError('the published values and the rules modelled admit no solution');
			throw new Error(`HiGHS ended with model status ${s}`);
		} finally {
			this.model.changeColsCost(sel, new Float64Array(cols.length));
		}
	}

	/**
	 * A bound no feasible point passes, from the constraints alone: for the minimum, the cell's own
	 * lower bound on exactly these parts; for the maximum, the least of the cell's upper bounds on
	 * any set of parts containing these, and of what its areas can hold beyond their wholly
	 * contained cells whose value on the same set is published.
	 */
	private staticRange(cell: number, parts: readonly number[]): Interval {
		const want = sorted(parts);
		let lower = 0, upper = Infinity;
		const c = this.problem.cells[cell]!;
		for (const con of this.cellCons[cell]!) {
			if (sameParts(con.parts, want)) lower = Math.max(lower, con.range.lower);
			if (contains(con.parts, want)) upper = Math.min(upper, con.range.upper);
		}
		let room = 0;
		for (const a of c.areas) {
			let best = Infinity;
			for (const con of this.areaCons[a]!) {
				if (!contains(con.parts, want)) continue;
				// The cell's own published value on these parts was taken out of the room: it is not another cell's.
				const own = c.areas.length === 1 ? this.cellCons[cell]!.find((d) => d.range.lower === d.range.upper && sameParts(d.parts, con.parts)) : undefined;
				best = Math.min(best, con.room + (own ? own.range.lower : 0));
			}
			room += best;
		}
		return { lower, upper: Math.min(upper, room) };
	}

	/** One cell's points of these parts, as tightly as the published values allow. */
	bounds(cell: number, parts: readonly number[]): Interval {
		if (this.solves === 0 && !this.feasible()) throw new InfeasibleAuditError('the published values and the rules modelled admit no solution');
		const cols = this.columnsOf(cell, parts);
		const screen = this.opts.screen !== false;
		const tol = 1e-7;
		const K = this.problem.parts.length;
		// The sums over the parts asked for, at the solutions seen: from the per-part extremes when one part is
		// asked for, else from the recent solutions kept whole.
		let least = Infinity, most = -Infinity;
		if (parts.length === 1) {
			least = this.seenMin[cell * K + parts[0]!]!;
			most = this.seenMax[cell * K + parts[0]!]!;
		} else for (const v of this.pool) {
			let s = 0;
			for (const j of cols) s += v[j]!;
			least = Math.min(least, s);
			most = Math.max(most, s);
		}
		const known = this.staticRange(cell, parts);
		const lower = screen && least <= known.lower + tol ? known.lower : this.optimum(cols, 1);
		const upper = screen && most >= known.upper - tol ? known.upper : this.optimum(cols, -1);
		return { lower, upper };
	}

	dispose(): void {
		this.model.dispose();
	}
}

/** LP bounds of a count rounded inwards to whole numbers (a count is whole; the solver's tolerance is about 1e-7). */
export function integerBounds(iv: Interval): Interval {
	return { lower: Math.max(0, Math.ceil(iv.lower - 1e-6)), upper: Number.isFinite(iv.upper) ? Math.floor(iv.upper + 1e-6) : Infinity };
}

export interface Disclosure {
	/** The reader knows the count exactly. */
	exact: boolean;
	/** The reader knows the cell is not empty (its lower bound is 1 or more). */
	nonEmpty: boolean;
	/** The reader knows the count to within one (upper − lower ≤ 1). */
	narrow: boolean;
	/** The bounds are tighter than 0 to `ruleUpper` (what the layer alone says of a withheld hexagon). */
	tighter: boolean;
	/** The true count lies outside the bounds: the modelled rules do not hold for this data. */
	wrong: boolean;
}

/** What integer bounds on a count tell a reader, and whether they contain the truth. */
export function disclosure(bounds: Interval, truth: number, ruleUpper: number): Disclosure {
	const b = integerBounds(bounds);
	return { exact: b.lower === b.upper, nonEmpty: b.lower >= 1, narrow: b.upper - b.lower <= 1, tighter: b.lower > 0 || b.upper < ruleUpper,
		wrong: truth < b.lower || truth > b.upper };
}
