/**
 * Age labels of published census tables and their aggregation into the configured age groups.
 * Tables mix levels ("0 à 14 ans" is the sum of "0 à 4 ans", "5 à 9 ans", "10 à 14 ans"): only
 * the finest rows are summed, so nothing is counted twice.
 */
import type { AgeBand } from '../../domain/words';
import { headerKey } from '../survey/schema';

/** An age range, inclusive; `max` is Infinity for an open band ("90+", "85 ans et plus"). */
export interface AgeRange {
	min: number;
	max: number;
}

/**
 * Reads an age label: a single year (`0`, `89`), a range (`0-4`, `0 à 4 ans`, `15 to 19 years`),
 * an open band (`90+`, `85 ans et plus`, `65 and over`), `Under 1` / `Moins de 1 an`; `'total'`
 * for an all-ages label (`ALL AGES`, `Total`, `Population totale…`); undefined for anything else
 * (`Âge moyen de la population` is not a count of people of some age).
 *
 * @example
 * parseAgeLabel('0 à 4 ans')      // { min: 0, max: 4 }
 * parseAgeLabel('100 ans et plus') // { min: 100, max: Infinity }
 * parseAgeLabel('90+')            // { min: 90, max: Infinity }
 * parseAgeLabel('ALL AGES')       // 'total'
 */
export function parseAgeLabel(label: string): AgeRange | 'total' | undefined {
	if (/^\d{1,3}\s*\+$/.test(label.trim())) return { min: Number(label.trim().replace(/\D/g, '')), max: Infinity };
	const k = headerKey(label);
	if (/^(all_ages|total|tous_(les_)?ages|ensemble|population_totale|total_population)(_|$)/.test(k)) return 'total';
	let m = /^(\d{1,3})(_(ans?|years?|yrs?))?$/.exec(k);
	if (m) return { min: Number(m[1]), max: Number(m[1]) };
	m = /^(\d{1,3})_?(a|to|_)_?(\d{1,3})(_(ans|years?|yrs))?$/.exec(k);
	if (m && Number(m[3]) >= Number(m[1])) return { min: Number(m[1]), max: Number(m[3]) };
	m = /^(\d{1,3})(_(ans?|years?))?(_(et_plus|and_over|and_older|or_more|ou_plus|plus))$/.exec(k);
	if (m) return { min: Number(m[1]), max: Infinity };
	m = /^(under|moins_de)_(\d{1,3})(_(ans?|years?))?$/.exec(k);
	if (m && Number(m[2]) > 0) return { min: 0, max: Number(m[2]) - 1 };
	return undefined;
}

const contains = (outer: AgeRange, inner: AgeRange) => outer.min <= inner.min && inner.max <= outer.max;

/**
 * Which ranges of a table are its finest rows: those containing no other range. A subtotal such
 * as "15 à 64 ans" contains "15 à 19 ans" and is left out, so that summing never double counts.
 * Returns the indexes of the leaves, or the pair of overlapping leaves when the table's finest
 * rows overlap (then it cannot be summed safely).
 */
export function leafRanges(ranges: readonly AgeRange[]): { leaves: number[] } | { overlap: [number, number] } {
	const leaves = ranges
		.map((r, i) => i)
		.filter((i) => !ranges.some((o, j) => j !== i && contains(ranges[i]!, o) && !(o.min === ranges[i]!.min && o.max === ranges[i]!.max)));
	const sorted = [...leaves].sort((a, b) => ranges[a]!.min - ranges[b]!.min);
	for (let k = 1; k < sorted.length; k++) {
		if (ranges[sorted[k]!]!.min <= ranges[sorted[k - 1]!]!.max) return { overlap: [sorted[k - 1]!, sorted[k]!] };
	}
	return { leaves };
}

/** How much of a leaf row goes into an age group: 1 when it lies inside, a share when it straddles. */
export interface LeafShare {
	leaf: number;
	share: number;
}

/**
 * The leaf rows that make up one age group, each with the share of it that belongs to the group.
 * A leaf that straddles the group's edge (12–17 takes 3/5 of "10 à 14 ans" and 3/5 of "15 à 19
 * ans") is split assuming ages are spread evenly within it, the usual demographic interpolation;
 * the loader reports each split. Undefined when the leaves do not cover the group (ages missing,
 * or an open band such as "85 ans et plus" that would have to be split).
 *
 * @example
 * bandShares({ label: '12-17', min: 12, max: 17 }, [{ min: 10, max: 14 }, { min: 15, max: 19 }], [0, 1])
 * // [{ leaf: 0, share: 0.6 }, { leaf: 1, share: 0.6 }]
 */
export function bandShares(band: AgeBand, ranges: readonly AgeRange[], leaves: readonly number[]): LeafShare[] | undefined {
	const out: LeafShare[] = [];
	let covered = 0;
	for (const i of leaves) {
		const r = ranges[i]!;
		const lo = Math.max(r.min, band.min), hi = Math.min(r.max, band.max);
		if (lo > hi) continue;
		if (r.max === Infinity) {
			// An open leaf can only be taken whole, by an open group that starts at or below it.
			if (band.max !== Infinity || band.min > r.min) return undefined;
			out.push({ leaf: i, share: 1 });
			covered = Infinity;
			continue;
		}
		out.push({ leaf: i, share: (hi - lo + 1) / (r.max - r.min + 1) });
		covered += hi - lo + 1;
	}
	const wanted = band.max === Infinity ? Infinity : band.max - band.min + 1;
	if (wanted === Infinity ? covered !== Infinity || !coversFrom(band.min, ranges, leaves) : covered !== wanted) return undefined;
	return out;
}

/** Whether the leaves cover every age from `min` up to the open band without a gap. */
function coversFrom(min: number, ranges: readonly AgeRange[], leaves: readonly number[]): boolean {
	const sorted = leaves.map((i) => ranges[i]!).filter((r) => r.max >= min).sort((a, b) => a.min - b.min);
	let next = min;
	for (const r of sorted) {
		if (r.min > next) return false;
		next = Math.max(next, r.max + 1);
	}
	return next === Infinity;
}
