import type { Factor, SurveyFrame } from './frame';
import { NON_BINARY } from '../../../domain/words';

export { NON_BINARY };

/**
 * The two-category gender of Statistics Canada's 2021 Census: "Women+" (women and some
 * non-binary people) and "Men+" (men and the other non-binary people). Used below the levels
 * where non-binary people are too few to publish on their own, so that their small cells do not
 * force a women's or men's value to be hidden beside them.
 */
export const TWO_GENDERS = ['women+', 'men+'] as const;

/**
 * Which of the two groups a non-binary respondent joins: a fixed pseudo-random draw from the
 * respondent's position in the dataset (an integer hash, so about half go each way and every
 * table of the dataset places each person in the same group).
 */
export function joinsWomenPlus(row: number): boolean {
	let h = Math.imul(row ^ 0x5bd1e995, 0x2c1b3c6d) >>> 0;
	h = Math.imul(h ^ (h >>> 15), 0x297a2d39) >>> 0;
	return ((h ^ (h >>> 13)) & 1) === 0;
}

/**
 * The frame with gender recoded to Women+ / Men+ (codes 0 and 1, levels `women+`, `men+`).
 *
 * @example twoCategoryGender(frame).factors.gender.levels // ['women+', 'men+']
 */
export function twoCategoryGender(frame: SurveyFrame): SurveyFrame {
	const { codes, levels } = frame.factors.gender;
	const to = levels.map((l) => (l === 'woman' ? 0 : l === 'man' ? 1 : l === NON_BINARY ? -2 : -1));
	const out = new Int32Array(frame.rows);
	for (let i = 0; i < frame.rows; i++) {
		const c = codes[i]!;
		const t = c < 0 ? -1 : to[c]!;
		out[i] = t === -2 ? (joinsWomenPlus(i) ? 0 : 1) : t;
	}
	const gender: Factor = { codes: out, levels: TWO_GENDERS };
	return { ...frame, factors: { ...frame.factors, gender } };
}
