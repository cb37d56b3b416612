import { distinct, type ColumnProfile } from './profile';

const MAX_KEY_COLUMNS = 6;

/** Columns that can be part of an identifier: never blank, codes or whole numbers, not measurements. */
const keyLike = (p: ColumnProfile) => p.blanks === 0 && (!p.numeric || p.integer) && distinct(p) >= 2;

/**
 * The fewest columns whose values, joined, differ on every row read (survey packages identify a
 * respondent by several codes: PSU, dwelling, household, person), chosen greedily: each step adds
 * the column that separates the most rows, the leftmost on a tie (identifiers come first in
 * survey files). Null when no such set of at most six columns exists.
 *
 * @example findJoinedKey(profiles, rows, taken) // [4, 7]: UPM_DIS and V_SEL
 */
export function findJoinedKey(profiles: ColumnProfile[], rows: string[][], taken: Set<number>): number[] | null {
	if (rows.length < 2) return null;
	const pool = profiles.filter((p) => keyLike(p) && !taken.has(p.index));
	const key: number[] = [];
	let parts: string[] = rows.map(() => '');
	for (let step = 0; step < MAX_KEY_COLUMNS; step++) {
		let best: { index: number; n: number; parts: string[] } | null = null;
		for (const p of pool) {
			if (key.includes(p.index)) continue;
			const next = rows.map((r, i) => `${parts[i]}\u0000${r[p.index] ?? ''}`);
			const n = new Set(next).size;
			if (!best || n > best.n) best = { index: p.index, n, parts: next };
		}
		if (!best) return null;
		if (key.length > 0 && best.n === new Set(parts).size) return null; // no column separates more rows
		key.push(best.index);
		parts = best.parts;
		if (best.n === rows.length) return key.sort((a, b) => a - b);
	}
	return null;
}
