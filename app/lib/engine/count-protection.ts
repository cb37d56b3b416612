/**
 * Small-count disclosure control for tables of counts (incidents by the victim's age group or
 * gender, participatory-mapping points): counts from 1 to `minCount − 1` are hidden (primary
 * suppression) in the tables the rule applies to, and complementary cells are chosen over every
 * table a reader can get at once — the full cross of the variables and every margin of it — so
 * that no table gives away what another hides. Zeros are not hidden (a count of zero discloses
 * nothing about a person). Records that lack a variable (an incident without the victim's
 * gender) are left out of the tables by that variable but counted in the others: they are kept
 * as a "missing" level that is never shown (viewers' tables do not say how many records lack a
 * variable), so every total is exactly the sum of its parts, one of them unknown to the reader.
 */
import { buildEquations, domainKey } from './hierarchy';
import { protect, type ProtectedCell } from './protection';

export type Suppression = 'none' | 'primary' | 'complementary';

export interface CountCube {
	/** The variables of the full cross, e.g. ['borough', 'category', 'age_group', 'gender']. */
	variables: readonly string[];
	/** The levels of each variable (without "missing"). */
	levels: readonly (readonly string[])[];
	/**
	 * Counts over the full cross in row-major order (the last variable fastest), each variable
	 * with one more level at the end for the records that lack it.
	 */
	counts: ArrayLike<number>;
	minCount: number;
	/** Whether the small-count rule applies to a table by these variables. */
	appliesTo: (variables: readonly string[]) => boolean;
}

const MISSING = '\u0002missing';

/**
 * The suppression of every cell of every table of the cube, looked up by domain.
 *
 * @example
 * // Areas A, B × genders w, m, no record lacking either: [[12, 3], [20, 9]], counts by gender
 * // only under the rule: the 3 is primary; the 12, 20 and 9 complementary (a 2 × 2 table).
 * const s = protectCountCube({ variables: ['borough', 'gender'], levels: [['A', 'B'], ['w', 'm']],
 *   counts: [12, 3, 0, 20, 9, 0, 0, 0, 0], minCount: 5, appliesTo: (v) => v.includes('gender') });
 * s({ borough: 'A', gender: 'm' }) // 'primary'
 * s({ borough: 'A' }) // 'none'
 */
export function protectCountCube(cube: CountCube): (domain: Readonly<Record<string, string | undefined>>) => Suppression {
	const vars = cube.variables;
	const sizes = cube.levels.map((l) => l.length + 1);
	const valueOf = (v: number, k: number) => (k === cube.levels[v]!.length ? MISSING : cube.levels[v]![k]!);
	const cells: (ProtectedCell & { domain: Record<string, string | undefined> })[] = [];
	const total = sizes.reduce((a, b) => a * b, 1);
	for (let mask = 0; mask < 1 << vars.length; mask++) {
		const kept = vars.map((_, v) => (mask & (1 << v)) !== 0);
		const keptVars = vars.filter((_, v) => kept[v]);
		const ruled = cube.minCount > 0 && cube.appliesTo(keptVars);
		// Marginal counts of this table: the full cross summed over the variables left out.
		const dims = sizes.filter((_, v) => kept[v]);
		const margin = new Float64Array(dims.reduce((a, b) => a * b, 1));
		for (let i = 0; i < total; i++) {
			let rest = i, cell = 0, stride = 1;
			for (let v = vars.length - 1; v >= 0; v--) {
				const k = rest % sizes[v]!;
				rest = Math.floor(rest / sizes[v]!);
				if (kept[v]) { cell += k * stride; stride *= sizes[v]!; }
			}
			margin[cell]! += cube.counts[i]!;
		}
		margin.forEach((count, cell) => {
			const domain: Record<string, string | undefined> = {};
			let rest = cell, missing = false;
			for (let j = keptVars.length - 1; j >= 0; j--) {
				const v = vars.indexOf(keptVars[j]!);
				const k = rest % sizes[v]!;
				rest = Math.floor(rest / sizes[v]!);
				domain[keptVars[j]!] = valueOf(v, k);
				if (k === cube.levels[v]!.length) missing = true;
			}
			cells.push({ domain, size: count, value: count, primary: ruled && !missing && count > 0 && count < cube.minCount,
				// A missing level with no record is a known zero: the published totals show that nothing is missing.
				...(missing ? { fixed: count === 0 ? 'known' as const : 'unknown' as const } : {}) });
		});
	}
	const partitions = Object.fromEntries(vars.map((v, i) => [v, [...cube.levels[i]!, MISSING]]));
	const { states } = protect(cells, buildEquations(cells, { variables: vars, partitions, kind: 'sum' }));
	const state = new Map<string, Suppression>();
	states.forEach((s, i) => {
		if (s === 'primary' || s === 'complementary') state.set(domainKey(cells[i]!.domain, vars), s);
	});
	return (domain) => state.get(domainKey(Object.fromEntries(vars.map((v) => [v, domain[v]])), vars)) ?? 'none';
}
