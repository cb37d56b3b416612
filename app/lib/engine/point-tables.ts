/**
 * Participatory-mapping points and exploratory-walk audits as tables: points per
 * area and the unsafe share, audit scores by criterion and the share of sites rated poor. These
 * are not samples: values are descriptive (no interval). Points reach viewers only as aggregates
 * of at least `minPoints`, with complementary suppression over every table of points.
 */
import { protectCountCube, type Suppression } from './count-protection';
import type { DiagnosticRow, DiagnosticVariable, Domain } from './types';
import type { Hexagon } from './hexagons';

/** Every combination of levels, in row-major order (the last variable fastest). */
export function crossProduct(levels: readonly (readonly string[])[]): number[][] {
	let out: number[][] = [[]];
	for (const l of levels) out = out.flatMap((c) => l.map((_, k) => [...c, k]));
	return out;
}

const domainOf = (by: readonly DiagnosticVariable[], levels: readonly (readonly string[])[], coords: number[]): Domain =>
	Object.fromEntries(by.map((v, d) => [v, levels[d]![coords[d]!]!])) as Domain;

export interface PointTableInput {
	by: DiagnosticVariable[];
	levels: string[][];
	/** Points and unsafe points per cell, row-major over `levels`. */
	points: ArrayLike<number>;
	unsafe: ArrayLike<number>;
	measure: 'points' | 'unsafe_share';
	/** Each cell's suppression in the pattern over every table of points (fewer than the minimum, with complements). */
	suppression: (domain: Domain) => Suppression;
}

/**
 * Points per cell, or the share of them marked unsafe, with each cell's suppression (fewer
 * points than the minimum, or hidden so that such a cell cannot be worked out); a suppressed
 * cell's share is suppressed too.
 *
 * @example
 * mappingRows({ by: ['borough'], levels: [['A', 'B', 'C']], points: [12, 3, 8], unsafe: [6, 1, 2], measure: 'unsafe_share',
 *   suppression: (d) => (d.borough === 'B' ? 'primary' : d.borough === 'C' ? 'complementary' : 'none') })
 * // A: 0.5 (n 12); B: suppressed (3 points); C: suppressed (complement)
 */
export function mappingRows(input: PointTableInput): DiagnosticRow[] {
	return crossProduct(input.levels).map((coords, i) => {
		const n = input.points[i]!, u = input.unsafe[i]!;
		const domain = domainOf(input.by, input.levels, coords);
		const s = input.suppression(domain);
		const flags = s === 'primary' ? ['points_below_min'] : s === 'complementary' ? ['complementary_suppression'] : [];
		const estimate = input.measure === 'points' ? n : n > 0 ? u / n : null;
		return { domain, n, weighted_n: n, estimate, se: null, ci: null, df: null, n_eff: null,
			reliability: s === 'none' ? 'ok' : 'suppressed', flags };
	});
}

export interface AuditScore {
	/** Levels of `by` for this score (the criterion among them). */
	domain: Domain;
	score: number;
	/** Whether the score is "poor" on its dataset's scale (e.g. 2 or less out of 5). */
	poor: boolean;
}

/**
 * Audit scores by criterion (and area, time of day): the mean score, or the share of audited
 * sites rated poor. `n` is the number of site visits scored on the criterion.
 *
 * @example
 * auditRows({ by: ['criterion'], levels: [['lighting']], scores: [{ domain: { criterion: 'lighting' }, score: 1, poor: true },
 *   { domain: { criterion: 'lighting' }, score: 4, poor: false }], measure: 'poor_share' })
 * // [{ domain: { criterion: 'lighting' }, n: 2, estimate: 0.5, … }]
 */
export function auditRows(input: { by: DiagnosticVariable[]; levels: string[][]; scores: readonly AuditScore[]; measure: 'score' | 'poor_share' }): DiagnosticRow[] {
	const key = (d: Domain) => input.by.map((v) => d[v as keyof Domain] ?? '').join('\u0000');
	const sums = new Map<string, { n: number; sum: number; poor: number }>();
	for (const s of input.scores) {
		const k = key(s.domain);
		const acc = sums.get(k) ?? { n: 0, sum: 0, poor: 0 };
		acc.n++;
		acc.sum += s.score;
		if (s.poor) acc.poor++;
		sums.set(k, acc);
	}
	return crossProduct(input.levels).map((coords) => {
		const domain = domainOf(input.by, input.levels, coords);
		const acc = sums.get(key(domain)) ?? { n: 0, sum: 0, poor: 0 };
		const estimate = acc.n === 0 ? null : input.measure === 'score' ? acc.sum / acc.n : acc.poor / acc.n;
		return { domain, n: acc.n, weighted_n: acc.n, estimate, se: null, ci: null, df: null, n_eff: null, reliability: 'ok', flags: acc.n === 0 ? ['no_sites'] : [] };
	});
}

export interface HexagonCell {
	q: number;
	r: number;
	center: [number, number];
	ring: [number, number][];
	points: number;
	unsafe: number;
	unsafe_share: number;
}

/**
 * The hexagons a viewer may see: those with at least `minPoints` points. If exactly one
 * non-empty hexagon falls short, the smallest shown one is withheld too, so that its count cannot
 * be recovered from the total of points (the areas' counts add up to it).
 */
export function visibleHexagons(hexagons: readonly Hexagon[], unsafe: (pointIndex: number) => boolean, minPoints: number): { hexagons: HexagonCell[]; withheld: number } {
	const small = hexagons.filter((h) => h.points.length < minPoints);
	let shown = hexagons.filter((h) => h.points.length >= minPoints);
	if (small.length === 1 && shown.length > 0) {
		const smallest = shown.reduce((a, b) => (b.points.length < a.points.length ? b : a));
		shown = shown.filter((h) => h !== smallest);
	}
	return {
		withheld: hexagons.length - shown.length,
		hexagons: shown.map((h) => {
			const u = h.points.filter(unsafe).length;
			return { q: h.q, r: h.r, center: h.center, ring: h.ring, points: h.points.length, unsafe: u, unsafe_share: u / h.points.length };
		})
	};
}

/**
 * Incident hexagons of one category, or of every category. Both are parts of one hexagon ×
 * category table, protected as a whole (small counts hidden, complements chosen over the
 * hexagons' totals and the categories' city totals): a hexagon is shown for its category only
 * when that cell is published, and for every category only when its total is. A hexagon's total
 * minus its published categories gives the pooled count of its hidden ones, never one of them.
 *
 * Sets of several categories are not offered. The hexagons of {A, B} could only be shown where
 * both cells are published or empty, and a hexagon shown for {A} but not for {A, B} then tells
 * that its B cell is hidden and not empty, which the hexagon's total can pin down: an audit of
 * the demo incidents by linear programming (bench/hexagon-audit.ts) found 15 cells of one
 * incident exactly disclosed that way at 250 m, and none with single categories only.
 *
 * `category[i]` is point i's index in `categories` (negative when the point has none).
 * `selected` null means every category, shown by the hexagons' protected totals.
 */
export function visibleCategoryHexagons(hexagons: readonly Hexagon[], category: ArrayLike<number>, categories: readonly string[],
	selected: string | null, minPoints: number): { hexagons: HexagonCell[]; withheld: number } {
	const width = categories.length + 1;
	const counts = new Float64Array((hexagons.length + 1) * width);
	hexagons.forEach((h, k) => {
		for (const p of h.points) {
			const c = category[p]!;
			counts[k * width + (c >= 0 && c < categories.length ? c : categories.length)]! += 1;
		}
	});
	const ids = hexagons.map((h) => `${h.q},${h.r}`);
	const suppression = protectCountCube({ variables: ['hexagon', 'category'], levels: [ids, categories], counts, minCount: minPoints,
		appliesTo: (v) => v.includes('hexagon') });
	// The category's column (−1: every category; a category absent from the data shows nothing).
	const c = selected === null ? -1 : categories.indexOf(selected);
	const shown: HexagonCell[] = [];
	let withheld = 0;
	hexagons.forEach((h, k) => {
		const n = selected === null ? h.points.length : c < 0 ? 0 : counts[k * width + c]!;
		const published = n > 0 && suppression(selected === null ? { hexagon: ids[k] } : { hexagon: ids[k], category: selected }) === 'none';
		// Withheld: every hexagon of the grid not shown, whether its cell is hidden or empty. Counting
		// only the hidden cells would tell how many of them are not empty, as a set of categories did.
		if (!published) { withheld++; return; }
		shown.push({ q: h.q, r: h.r, center: h.center, ring: h.ring, points: n, unsafe: 0, unsafe_share: 0 });
	});
	return { hexagons: shown, withheld };
}
