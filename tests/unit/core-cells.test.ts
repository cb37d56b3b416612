/**
 * The core cells read field by field, with repeated values remembered, give exactly what the
 * object schema gives: the same data, the same issues (field and code) in the same order, the
 * first time a value is seen and every time after.
 */
import { describe, expect, test } from 'vitest';
import { coreCells } from '../../ingest/survey/core-cells';
import { SurveyCoreRow } from '../../ingest/survey/schema';

const base = { respondent_id: 'R1', wave: '2024', borough: 'Anjou', age: '34', age_group: '', gender: 'F', weight: '12.5', stratum: 'S1', psu: '7', fpc: '' };
const rows = [
	base,
	{ ...base, respondent_id: '', age: 'old', weight: '-1' },
	{ ...base, age: '130', weight: '0', gender: ' ' },
	{ ...base, age: '', age_group: '18-24', weight: '', stratum: '', psu: '' },
	{ ...base, weight: '1e400', borough: '  Verdun ', wave: ' ' },
	{ ...base, weight: '1,5' },
	{ ...base, weight: 'abc', age: '-3' },
	{ ...base, fpc: '1200' },
	{ ...base, fpc: '0.05' },
	{ ...base, fpc: '-4' },
	{ ...base, fpc: 'x' }
];

describe('coreCells', () => {
	test.each(['.', ','] as const)('decimal "%s": the object schema\'s answer for every row, twice', (decimal) => {
		const read = coreCells(decimal);
		const simplify = (r: ReturnType<typeof SurveyCoreRow['.']['safeParse']>) =>
			r.success ? { success: true, data: r.data } : { success: false, issues: r.error.issues.map((i) => [i.path[0], i.message]) };
		for (const round of [1, 2]) {
			for (const row of rows) {
				const got = read(row);
				const want = simplify(SurveyCoreRow[decimal].safeParse(row));
				const mine = got.success ? { success: true, data: got.data } : { success: false, issues: got.error.issues.map((i) => [i.path[0], i.message]) };
				expect(mine, `round ${round}: ${JSON.stringify(row)}`).toEqual(want);
			}
		}
	});
});
