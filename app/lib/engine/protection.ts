/**
 * Complementary suppression over a set of linked tables: the cells of every table a reader can
 * get (the whole city, by area, by age group, …, the full cross) and the equations that link
 * them (a total is the sum of its parts: a borough's weighted total is the sum of its age
 * groups'). Primary suppression hides the cells that are unreliable or too small; this module
 * hides more cells until no hidden cell can be worked out from what is published:
 *
 * 1. No equation has exactly one unknown (hidden total or part): subtraction would give it.
 *    The cell hidden to prevent it is the equation's published part with the smallest size
 *    (weighted n, or count), ties broken by position: least information lost, same answer every
 *    time. This is the hypercube method's condition (τ-ARGUS, Statistics Canada practice).
 * 2. Where an equation has a margin, the hidden parts must not be pinned down by their pooled
 *    value: subtracting the published parts from the total gives the hidden parts' pooled value,
 *    which is close to one of them when the others are small (a women's value hidden beside a
 *    small non-binary one). When the pooled value lies within the margin of a hidden part, one
 *    more part is hidden. Totals whose parts are all hidden are left alone: nothing is
 *    subtracted there, the reader only learns the published total.
 * 3. Rule 1 is local; a hidden cell can still be the only unknown of a combination of
 *    equations (two cycles of hidden cells joined by one cell). An exact check solves the linear
 *    system of the hidden cells and hides one more part next to any cell it determines; then
 *    rules 1–2 run again, to a fixed point.
 */

export type CellState = 'published' | 'primary' | 'complementary' | 'empty' | 'known' | 'unknown';

export interface ProtectedCell {
	/** The cost of hiding the cell (weighted n, or a count): the smallest published part goes first. */
	size: number;
	/** The value the margin rule compares (an estimate, a share); null when there is none. */
	value: number | null;
	/** Hidden on its own account (too few respondents, too imprecise, a small count). */
	primary: boolean;
	/** How much hiding the cell costs, when not its size: a group readers look for (the portraits' 12–24 year-olds) costs more. */
	cost?: number;
	/**
	 * `empty`: no respondents, a known zero that needs no protection; `known`: not shown as such
	 * but assumed known to the reader, never hidden; `unknown`: never shown (e.g. incidents lacking
	 * a variable): an unknown of the reader's equations that needs no protection of its own.
	 */
	fixed?: 'empty' | 'known' | 'unknown';
}

export interface Equation {
	/** The total's cell, or −1 when the total is a constant everybody knows (a distribution's shares sum to 1). */
	total: number;
	parts: number[];
	/**
	 * `mean`: the total's value is the size-weighted mean of the parts' (estimates); `sum`: plain
	 * sums (counts, a distribution's shares). Only used by the margin rule.
	 */
	kind: 'mean' | 'sum';
	/** Rule 2's margin (0 or absent: rule 1 only). */
	margin?: number;
}

export interface ProtectionResult {
	states: CellState[];
	/** Cells hidden by rule 3 (the exact check), for the tests and the logs. */
	exact: number;
}

const costOf = (c: ProtectedCell) => c.cost ?? c.size;
const isHidden = (s: CellState) => s === 'primary' || s === 'complementary';
/** Unknown to the reader: hidden, or never shown. */
const isUnknown = (s: CellState) => isHidden(s) || s === 'unknown';

/**
 * The state of every cell after complementary suppression.
 *
 * @example
 * // A total of 3 parts (sizes 50, 10, 40) where part 1 is primary: part 2 (size 40) is hidden too
 * // (the smallest published part), so the total minus part 0 gives only their sum.
 * protect([{ size: 100, value: 0.5, primary: false }, { size: 50, value: 0.5, primary: false },
 *   { size: 10, value: 0.2, primary: true }, { size: 40, value: 0.7, primary: false }],
 *   [{ total: 0, parts: [1, 2, 3], kind: 'mean' }]).states
 * // ['published', 'published', 'primary', 'complementary']
 */
export function protect(cells: readonly ProtectedCell[], equations: readonly Equation[]): ProtectionResult {
	const states: CellState[] = cells.map((c) => c.fixed ?? (c.primary ? 'primary' : 'published'));
	let exact = 0;
	if (!states.some(isHidden)) return { states, exact };
	// A zero (a count of nothing) is taken only when nothing else is left: hidden beside a small
	// count, a reader who knows it is not itself small (it is not primary) would take it for 0.
	const smallest = (parts: readonly number[]): number => {
		let best = -1;
		for (const p of parts) {
			if (states[p] !== 'published') continue;
			const s = costOf(cells[p]!), b = best < 0 ? Infinity : costOf(cells[best]!);
			if (best < 0 || (s > 0 && (b === 0 || s < b))) best = p;
		}
		return best;
	};
	const hide = (cell: number): boolean => {
		if (cell < 0) return false;
		states[cell] = 'complementary';
		return true;
	};
	const byCell = equationsByCell(equations, cells.length);
	for (;;) {
		let changed = false;
		for (const e of equations) {
			const need = needsAnotherPart(e, cells, states);
			if (need === 'lone') changed = hide(smallest(e.parts)) || changed;
			else if (need === 'pooled') changed = hide(separating(e, cells, states) ?? smallest(e.parts)) || changed;
		}
		if (changed) continue;
		// Every determined cell gets one more hidden part next to it, all at once (the linear check
		// is the costly step: a few rounds rather than one per cell); then the loop checks again.
		const determined = determinedCells(states, equations, cells.length);
		for (const d of determined) {
			const e = nearestWithPublishedPart(d, equations, states, byCell);
			if (e && hide(smallest(e.parts))) { exact++; changed = true; }
		}
		// A determined cell with nothing left to hide next to it would be published by subtraction:
		// never return such a pattern.
		if (!changed && determined.length) throw new Error(`protect: cells ${[...determined].join(', ')} are determined and nothing next to them can be hidden`);
		if (!changed) return { states, exact };
	}
}

/** The equations each cell is in (as a total or a part). */
function equationsByCell(equations: readonly Equation[], cellCount: number): number[][] {
	const out: number[][] = Array.from({ length: cellCount }, () => []);
	equations.forEach((e, i) => {
		if (e.total >= 0) out[e.total]!.push(i);
		for (const p of e.parts) out[p]!.push(i);
	});
	return out;
}

/**
 * The equation nearest to a determined cell that has a published part: its own equations first,
 * then those of the hidden cells next to it, and so on (the published values that determine a
 * cell are reached through the hidden cells around it).
 */
function nearestWithPublishedPart(start: number, equations: readonly Equation[], states: readonly CellState[], byCell: readonly number[][]): Equation | undefined {
	const seen = new Set([start]);
	let frontier = [start];
	while (frontier.length) {
		const next: number[] = [];
		for (const c of frontier) {
			for (const i of byCell[c]!) {
				const e = equations[i]!;
				if (e.parts.some((p) => states[p] === 'published')) return e;
				for (const x of [e.total, ...e.parts]) {
					if (x >= 0 && !seen.has(x) && isUnknown(states[x]!)) { seen.add(x); next.push(x); }
				}
			}
		}
		frontier = next;
	}
	return undefined;
}

/** Rules 1 and 2 for one equation: must one more of its published parts be hidden, and why? */
function needsAnotherPart(e: Equation, cells: readonly ProtectedCell[], states: readonly CellState[]): 'no' | 'lone' | 'pooled' {
	let hiddenParts = 0, published = 0, never = 0;
	for (const p of e.parts) {
		const s = states[p]!;
		if (isHidden(s)) hiddenParts++;
		else if (s === 'published') published++;
		else if (s === 'unknown') never++;
	}
	if (published === 0) return 'no';
	const totalHidden = e.total >= 0 && isHidden(states[e.total]!);
	const totalNever = e.total >= 0 && states[e.total] === 'unknown';
	if (hiddenParts + (totalHidden ? 1 : 0) === 1 && never === 0 && !totalNever) return 'lone';
	if (totalHidden || totalNever || never > 0 || hiddenParts < 2 || !e.margin) return 'no';
	return revealing(e, cells, hiddenPartsOf(e, states)) ? 'pooled' : 'no';
}

const hiddenPartsOf = (e: Equation, states: readonly CellState[]) => e.parts.filter((p) => isHidden(states[p]!));

/** Rule 2: the pooled value of these hidden parts (what subtraction gives) lies within the margin of one of them. */
function revealing(e: Equation, cells: readonly ProtectedCell[], hidden: readonly number[]): boolean {
	let size = 0, sum = 0;
	for (const p of hidden) {
		const c = cells[p]!;
		size += c.size;
		sum += e.kind === 'mean' ? (c.value ?? 0) * c.size : (c.value ?? 0);
	}
	if (e.kind === 'mean') {
		if (!(size > 0)) return false;
		const pooled = sum / size;
		// The pooled value speaks of a part that makes up at least half of it; an average of
		// several parts of similar size is close to one of them only by chance, which the reader
		// cannot tell.
		return hidden.some((p) => cells[p]!.value !== null && cells[p]!.size * 2 >= size && Math.abs(cells[p]!.value! - pooled) < e.margin!);
	}
	// Sums: the others are at least 0, so the reader bounds each hidden part by the remainder.
	return hidden.some((p) => cells[p]!.value !== null && sum - cells[p]!.value! < e.margin!);
}

/**
 * For rule 2, the smallest published part whose hiding moves the pooled value away from every
 * hidden part (a coincidence of two close values is then settled by one more cell, not a chain).
 */
function separating(e: Equation, cells: readonly ProtectedCell[], states: readonly CellState[]): number | null {
	const hidden = hiddenPartsOf(e, states);
	const candidates = e.parts.filter((p) => states[p] === 'published').sort((a, b) => costOf(cells[a]!) - costOf(cells[b]!));
	for (const c of candidates) if (!revealing(e, cells, [...hidden, c])) return c;
	return null;
}

/**
 * Hidden cells that the published cells determine exactly: those whose unit vector lies in the
 * row space of the equations restricted to the hidden cells (coefficients +1 for parts, −1 for
 * a total). Gaussian elimination to reduced row echelon form; a pivot column is determined when
 * its row has no entry in a free column.
 */
export function determinedCells(states: readonly CellState[], equations: readonly Equation[], cellCount: number): number[] {
	const column = new Int32Array(cellCount).fill(-1);
	const hidden: number[] = [];
	const rows: Map<number, number>[] = [];
	for (const e of equations) {
		const row = new Map<number, number>();
		const add = (cell: number, coef: number) => {
			if (cell < 0 || !isUnknown(states[cell]!)) return;
			if (column[cell]! < 0) { column[cell] = hidden.length; hidden.push(cell); }
			const j = column[cell]!;
			row.set(j, (row.get(j) ?? 0) + coef);
		};
		add(e.total, -1);
		for (const p of e.parts) add(p, 1);
		if (row.size) rows.push(row);
	}
	if (hidden.length === 0) return [];
	// Hidden cells linked by an equation form a component; each is solved on its own (small, dense).
	const parent = Int32Array.from(hidden, (_, i) => i);
	const find = (x: number): number => { while (parent[x] !== x) x = parent[x] = parent[parent[x]!]!; return x; };
	for (const row of rows) {
		let first = -1;
		for (const j of row.keys()) {
			if (first < 0) first = find(j);
			else parent[find(j)] = first;
		}
	}
	const byComponent = new Map<number, Map<number, number>[]>();
	for (const row of rows) {
		const c = find(row.keys().next().value!);
		let list = byComponent.get(c);
		if (!list) byComponent.set(c, (list = []));
		list.push(row);
	}
	const out: number[] = [];
	for (const list of byComponent.values()) {
		const cols = [...new Set(list.flatMap((row) => [...row.keys()]))];
		// Cells never shown are unknowns like the hidden ones, but their own value needs no protection.
		for (const j of solvedColumns(list, cols)) if (isHidden(states[hidden[j]!]!)) out.push(hidden[j]!);
	}
	return out.sort((x, y) => x - y);
}

/**
 * The columns that a set of sparse rows determines: the pivot columns whose row, in reduced row
 * echelon form, has no other entry. Exact arithmetic modulo a prime (the coefficients are small
 * integers, so a rank that differs from the rational one would need a minor divisible by the
 * prime). Rows are kept as column and value arrays and combined through a dense work row
 * (scatter, combine, gather): forward elimination row by row, then back substitution in reverse
 * order of pivots, which leaves every pivot row reduced.
 */
function solvedColumns(rows: readonly Map<number, number>[], cols: readonly number[]): number[] {
	const k = cols.length;
	const local = new Map(cols.map((c, i) => [c, i]));
	const work = new Float64Array(k);
	const inWork = new Uint8Array(k);
	let touched: number[] = [];
	const pivotRow: (SparseRow | undefined)[] = new Array(k);
	const order: number[] = []; // pivot columns, in the order they were created
	const scatter = (r: SparseRow, f: number) => {
		for (let i = 0; i < r.cols.length; i++) {
			const c = r.cols[i]!;
			if (!inWork[c]) { inWork[c] = 1; touched.push(c); work[c] = 0; }
			work[c] = mod(work[c]! + mulmod(f, r.vals[i]!));
		}
	};
	const gather = (): SparseRow => {
		const cs: number[] = [], vs: number[] = [];
		for (const c of touched) {
			inWork[c] = 0;
			if (work[c] !== 0) { cs.push(c); vs.push(work[c]!); }
		}
		touched = [];
		return { cols: Int32Array.from(cs), vals: Float64Array.from(vs) };
	};
	// Sparse rows first: fewer entries to carry through the elimination (less fill-in).
	for (const input of [...rows].sort((a, b) => a.size - b.size)) {
		for (const [c, v] of input) {
			const j = local.get(c)!;
			if (!inWork[j]) { inWork[j] = 1; touched.push(j); work[j] = 0; }
			work[j] = mod(work[j]! + v);
		}
		// Eliminate every pivot column the row holds; subtracting a pivot row may bring others,
		// even one eliminated before (an earlier pivot row can hold a later pivot): until none is left.
		for (let again = true; again; ) {
			again = false;
			for (let t = 0; t < touched.length; t++) {
				const c = touched[t]!;
				const f = work[c]!;
				if (f === 0 || !pivotRow[c]) continue;
				scatter(pivotRow[c]!, PRIME - f);
				again = true;
			}
		}
		const row = gather();
		if (row.cols.length === 0) continue;
		const at = row.cols.indexOf(Math.min(...row.cols));
		const inv = invmod(row.vals[at]!);
		for (let i = 0; i < row.vals.length; i++) row.vals[i] = mulmod(row.vals[i]!, inv);
		pivotRow[row.cols[at]!] = row;
		order.push(row.cols[at]!);
	}
	// Back substitution: a row holds no pivot created before it, so reducing the latest first
	// leaves each row reduced when the rows after it are.
	for (let t = order.length - 1; t >= 0; t--) {
		const p = order[t]!;
		const r = pivotRow[p]!;
		let any = false;
		for (let i = 0; i < r.cols.length; i++) if (r.cols[i] !== p && pivotRow[r.cols[i]!]) { any = true; break; }
		if (!any) continue;
		scatter(r, 1);
		for (let i = 0; i < r.cols.length; i++) {
			const c = r.cols[i]!;
			if (c === p || !pivotRow[c]) continue;
			const f = work[c]!;
			if (f !== 0) scatter(pivotRow[c]!, PRIME - f);
		}
		pivotRow[p] = gather();
	}
	const out: number[] = [];
	for (const p of order) if (pivotRow[p]!.cols.length === 1) out.push(cols[p]!);
	return out;
}

interface SparseRow {
	cols: Int32Array;
	vals: Float64Array;
}

const PRIME = 67108859; // 2^26 − 5: products of two residues stay exact in a double
const mod = (v: number) => ((v % PRIME) + PRIME) % PRIME;
const mulmod = (a: number, b: number) => (a * b) % PRIME;
function invmod(a: number): number {
	// Fermat: a^(p−2) mod p.
	let result = 1, base = a % PRIME, e = PRIME - 2;
	while (e > 0) {
		if (e & 1) result = mulmod(result, base);
		base = mulmod(base, base);
		e = Math.floor(e / 2);
	}
	return result;
}
