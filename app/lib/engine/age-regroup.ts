import type { SurveyFrame } from './frame';

/** The youth of the local portraits (12–25): the survey's age groups 12–17 and 18–24, published beside them. */
export const YOUTH = { label: '12-24', members: ['12-17', '18-24'] } as const;

/**
 * The frame with its age groups merged into one: `mergeAgeGroups(frame, '12-24', ['12-17', '18-24'])`
 * puts the 12–17 and 18–24 year-olds in a single age group `12-24` and everybody else out of
 * every age-group domain (code −1). The weights and the design are untouched, so domain
 * estimates on the merged group still use the full design (a domain is never analysed as if it
 * were its own sample). Breakdowns on this frame must include `age_group`.
 *
 * @example mergeAgeGroups(frame, '12-24', ['12-17', '18-24']).factors.age_group.levels // ['12-24']
 */
export function mergeAgeGroups(frame: SurveyFrame, label: string, members: readonly string[]): SurveyFrame {
	const { codes, levels } = frame.factors.age_group;
	const inside = levels.map((l) => members.includes(l));
	const merged = new Int32Array(frame.rows);
	for (let i = 0; i < frame.rows; i++) {
		const c = codes[i]!;
		merged[i] = c >= 0 && inside[c] ? 0 : -1;
	}
	return { ...frame, factors: { ...frame.factors, age_group: { codes: merged, levels: [label] } } };
}
