/**
 * Small-count disclosure control for tables of counts (PRODUCT.md §6): counts from 1 to
 * `minCount − 1` are suppressed (primary suppression), then more cells are suppressed
 * (complementary suppression) until no line of the table — the cells that differ in one variable
 * only, whose sum is a published margin (the same query with one variable fewer) — holds exactly
 * one suppressed cell: a lone suppressed cell could be recovered by subtraction from its margin.
 * Zeros are not primary suppressed (a count of zero discloses nothing about a person). Each
 * complement is the smallest non-zero published cell of the line (least information lost), a zero
 * only when the line has nothing else. This is the hypercube method's condition, as in
 * τ-ARGUS and Statistics Canada practice.
 */

export type Suppression = 'none' | 'primary' | 'complementary';

/**
 * Suppression of each cell of a table given as counts in row-major order over `dims` (the
 * number of levels of each variable; the last varies fastest).
 *
 * @example
 * // 2 areas × 2 genders, [[12, 3], [20, 9]]: the 3 is primary; with the margins published, the
 * // 12 (area line), then the 20 and the 9 (gender lines) must go too: in a 2 × 2 table, all four.
 * suppressCounts([12, 3, 20, 9], [2, 2], 5) // ['complementary', 'primary', 'complementary', 'complementary']
 * // 1 area × 3 genders, [40, 2, 30]: the 2 is primary, the 30 complementary.
 * suppressCounts([40, 2, 30], [1, 3], 5)    // ['none', 'primary', 'complementary']
 */
export function suppressCounts(counts: readonly number[], dims: readonly number[], minCount: number): Suppression[] {
	const size = dims.reduce((a, b) => a * b, 1);
	if (counts.length !== size) throw new Error(`suppressCounts: ${counts.length} counts for a ${dims.join(' × ')} table`);
	const state: Suppression[] = counts.map((c) => (c > 0 && c < minCount ? 'primary' : 'none'));
	if (!state.includes('primary')) return state;
	const strides = dims.map((_, d) => dims.slice(d + 1).reduce((a, b) => a * b, 1));
	for (let changed = true; changed; ) {
		changed = false;
		for (let d = 0; d < dims.length; d++) {
			const n = dims[d]!;
			if (n < 2) continue;
			const stride = strides[d]!;
			// Each line along d starts at a cell whose coordinate d is 0.
			for (let start = 0; start < size; start++) {
				if (Math.floor(start / stride) % n !== 0) continue;
				let suppressed = 0;
				for (let k = 0; k < n; k++) if (state[start + k * stride] !== 'none') suppressed++;
				if (suppressed !== 1) continue;
				let best = -1;
				for (let k = 0; k < n; k++) {
					const cell = start + k * stride;
					if (state[cell] !== 'none') continue;
					const c = counts[cell]!, b = best < 0 ? Infinity : counts[best]!;
					// Prefer the smallest non-zero count; a zero only when nothing else is left.
					if (best < 0 || (c > 0 && (b === 0 || c < b))) best = cell;
				}
				if (best >= 0) {
					state[best] = 'complementary';
					changed = true;
				}
			}
		}
	}
	return state;
}
