import { describe, expect, test } from 'vitest';
import { mergeAgeGroups } from '../../app/lib/engine/age-regroup';
import { estimateDomains } from '../../app/lib/engine/estimate';
import type { SurveyFrame } from '../../app/lib/engine/frame';
import { DEFAULT_RULES } from '../../app/lib/engine/reliability';

const frame = (ages: number[]): SurveyFrame => ({
	rows: ages.length,
	weight: new Float64Array(ages.map((_, i) => 1 + (i % 3))),
	factors: {
		borough: { codes: ages.map(() => 0), levels: ['A'] },
		age_group: { codes: Int32Array.from(ages), levels: ['12-17', '18-24', '25-44'] },
		gender: { codes: ages.map((_, i) => i % 2), levels: ['woman', 'man'] }
	}
});

describe('mergeAgeGroups', () => {
	test.each([
		{ args: [0, 1, 2, -1, 1], expected: [0, 0, -1, -1, 0] },
		{ args: [2, 2], expected: [-1, -1] },
		{ args: [], expected: [] }
	])('codes $args → $expected', ({ args, expected }) => {
		const merged = mergeAgeGroups(frame(args), '12-24', ['12-17', '18-24']);
		expect(Array.from(merged.factors.age_group.codes)).toEqual(expected);
		expect(merged.factors.age_group.levels).toEqual(['12-24']);
	});

	test('the merged group’s weighted total is the sum of its members’, with the same weights and design', () => {
		const f = frame([0, 1, 2, 0, 1, 2, 0, 1]);
		const merged = mergeAgeGroups(f, '12-24', ['12-17', '18-24']);
		expect(merged.weight).toBe(f.weight);
		const y = new Float64Array(f.rows).fill(1);
		const rules = DEFAULT_RULES;
		const by = (fr: SurveyFrame) => estimateDomains(fr, y, { kind: 'proportion', by: ['age_group'], design: 'weights', rules });
		const parts = by(f);
		expect(by(merged)[0]!.weighted_n).toBeCloseTo(parts[0]!.weighted_n + parts[1]!.weighted_n, 12);
	});
});
