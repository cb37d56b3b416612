/** Exact powers of ten: every one up to 10^22 is a double without rounding. */
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * The value of a plain decimal cell (`205.67`, `-0,5`, `12`, `.5`: a sign, at most 15 digits and
 * one decimal mark), or undefined for anything else, left to the general rules. Most of a
 * survey's cells are such numbers (50 replicate weights a row), and `Number()` on a string costs
 * more than the rest of their reading. The result is exactly `Number()`'s: an integer of at most
 * 15 digits is exact in a double, and so is 10^k for k ≤ 22, so one division rounds correctly
 * (Clinger's fast path, W. D. Clinger, "How to read floating point numbers accurately", 1990).
 *
 * @example plainDecimal('205.67', 46) // 205.67
 * @example plainDecimal('1e3', 46)    // undefined (general rules)
 */
export function plainDecimal(s: string, mark: number): number | undefined {
	const n = s.length;
	let i = 0;
	let c = s.charCodeAt(0);
	const negative = c === 45;
	if (negative || c === 43) i = 1;
	let m = 0, digits = 0, fraction = -1;
	for (; i < n; i++) {
		c = s.charCodeAt(i);
		if (c >= 48 && c <= 57) {
			m = m * 10 + (c - 48);
			digits++;
			if (fraction >= 0) fraction++;
		} else if (c === mark && fraction < 0) fraction = 0;
		else return undefined;
	}
	if (digits === 0 || digits > 15) return undefined;
	const v = fraction > 0 ? m / POW10[fraction]! : m;
	return negative ? -v : v;
}
