import { parseNumber } from '../survey/schema';

/** What the values of one column look like, over the rows read. */
export interface ColumnProfile {
	index: number;
	header: string;
	rows: number;
	blanks: number;
	/** Distinct non-blank values with their counts (all of them: a sample is a few thousand rows). */
	counts: Map<string, number>;
	/** Every non-blank value is a number (with the file's decimal mark). */
	numeric: boolean;
	/** Every non-blank value is a whole number written without a leading zero or a decimal part. */
	integer: boolean;
	/** Some value is written with leading zeros ("007"): a code, not a quantity. */
	leadingZeros: boolean;
	min: number;
	max: number;
}

/**
 * Profiles each column of the rows read.
 *
 * @example profileColumns(['SEX'], [['1'], ['2'], ['2']], '.')[0] // counts {1: 1, 2: 2}, integer, min 1, max 2
 */
export function profileColumns(header: string[], rows: string[][], decimal: '.' | ','): ColumnProfile[] {
	return header.map((h, index) => {
		const counts = new Map<string, number>();
		let blanks = 0, numeric = true, integer = true, leadingZeros = false, min = Infinity, max = -Infinity;
		for (const r of rows) {
			const v = r[index] ?? '';
			if (v === '') { blanks++; continue; }
			counts.set(v, (counts.get(v) ?? 0) + 1);
			if (!numeric) continue;
			const n = parseNumber(v, decimal);
			if (n === undefined) { numeric = integer = false; continue; }
			if (!/^-?\d+$/.test(v)) integer = false;
			if (/^-?0\d/.test(v)) leadingZeros = true;
			if (n < min) min = n;
			if (n > max) max = n;
		}
		if (counts.size === 0) numeric = integer = false;
		return { index, header: h, rows: rows.length, blanks, counts, numeric, integer, leadingZeros, min, max };
	});
}

/** Distinct non-blank values. */
export const distinct = (p: ColumnProfile) => p.counts.size;

/** The values, most frequent first, at most `n`. */
export function topValues(p: ColumnProfile, n: number): string[] {
	return [...p.counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, n).map(([v]) => v);
}

/** The values in numeric order when they are numbers, else alphabetical. */
export function sortedValues(p: ColumnProfile): string[] {
	const vs = [...p.counts.keys()];
	return p.numeric ? vs.sort((a, b) => Number(a) - Number(b)) : vs.sort((a, b) => a.localeCompare(b));
}

/**
 * How `psu` clusters rows within `stratum`: the number of distinct (stratum, PSU) pairs, and
 * whether each PSU id lies in one stratum (ids unique across the sample) or repeats in several
 * (ids numbered within each stratum, which Vigie nests as R's `nest = TRUE` does).
 */
export function clustering(rows: string[][], psu: number, stratum: number): { pairs: number; nested: boolean } {
	const seen = new Map<string, string>();
	const pairs = new Set<string>();
	let nested = true;
	for (const r of rows) {
		const p = r[psu] ?? '', s = r[stratum] ?? '';
		pairs.add(`${s}\u0000${p}`);
		const prev = seen.get(p);
		if (prev === undefined) seen.set(p, s);
		else if (prev !== s) nested = false;
	}
	return { pairs: pairs.size, nested };
}
