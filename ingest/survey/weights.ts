import type { IngestIssueCode } from '../report';

/**
 * The largest weight accepted. No survey weights a respondent as more than a trillion people;
 * past this, sums of weights and of squared weights over a large file lose all precision (and
 * squared, overflow toward Infinity), so a weight this large is a broken cell, not data.
 */
export const MAX_WEIGHT = 1e12;
/** The smallest normal double: below it a weight is a denormal, whose products underflow to 0. */
export const MIN_WEIGHT = 2.2250738585072014e-308;

/**
 * What is wrong with a weight that parsed as a positive finite number, or null.
 *
 * @example weightProblem(1e13) // { code: 'weight_out_of_range', params: { min: '2.2250738585072014e-308', max: '1e12' } }
 * @example weightProblem(250.5) // null
 */
export function weightProblem(w: number): { code: IngestIssueCode; params: Record<string, string> } | null {
	if (Number.isFinite(w) && w >= MIN_WEIGHT && w <= MAX_WEIGHT) return null;
	return { code: 'weight_out_of_range', params: { min: String(MIN_WEIGHT), max: '1e12' } };
}
