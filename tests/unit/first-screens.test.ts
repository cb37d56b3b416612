/** The overview's ranking of key findings and the rule that calls for a coarser table. */
import { describe, expect, test } from 'vitest';
import { rankFindings, type Finding } from '../../app/lib/server/indicators/findings';
import { mostlyHidden } from '../../app/lib/server/indicators/fallbacks';
import type { CellStatus } from '../../app/lib/charts/cell-status';

const finding = (kind: Finding['kind'], indicator: string, borough: string | null, size: number): Finding => ({
	kind, indicator, borough, size, type: 'proportion', value: 0.5, other: 0.5 - size, verdict: 'higher', since: kind === 'change' ? '2023' : null
});
const names = (fs: Finding[]) => fs.map((f) => `${f.kind}:${f.indicator}:${f.borough ?? 'city'}`);

describe('rankFindings', () => {
	test.each([
		{
			name: 'largest first, five at most, a change kept in the last place',
			args: [finding('rest', 'a', 'X', 0.12), finding('rest', 'b', 'Y', 0.1), finding('rest', 'c', 'Z', 0.09), finding('rest', 'd', 'W', 0.08),
				finding('rest', 'e', 'V', 0.07), finding('change', 'f', null, 0.02)],
			expected: ['rest:a:X', 'rest:b:Y', 'rest:c:Z', 'rest:d:W', 'change:f:city']
		},
		{
			name: 'the city screen: at most two findings about one borough',
			args: [finding('rest', 'a', 'X', 0.2), finding('rest', 'b', 'X', 0.19), finding('rest', 'c', 'X', 0.18), finding('rest', 'd', 'Y', 0.01)],
			expected: ['rest:a:X', 'rest:b:X', 'rest:d:Y']
		},
		{ name: 'fewer than three: all of them', args: [finding('change', 'a', null, 0.03)], expected: ['change:a:city'] },
		{ name: 'none', args: [], expected: [] }
	])('$name', ({ args, expected }) => {
		expect(names(rankFindings(args))).toEqual(expected);
	});

	test('a subgroup\'s finding ranks after everyone\'s of similar size, and leads only when twice as large', () => {
		const young = (id: string, size: number): Finding => ({ ...finding('rest', id, 'X', size), group: 'youth-woman' });
		expect(names(rankFindings([young('a', 0.15), finding('rest', 'b', 'X', 0.1), finding('change', 'c', 'X', 0.09)], Infinity))).toEqual(['rest:b:X', 'change:c:X', 'rest:a:X']);
		expect(names(rankFindings([young('a', 0.2), finding('rest', 'b', 'X', 0.1)], Infinity))).toEqual(['rest:b:X', 'rest:a:X']);
		expect(names(rankFindings([young('a', 0.25), finding('rest', 'b', 'X', 0.1)], Infinity))).toEqual(['rest:a:X', 'rest:b:X']);
	});

	test('a borough\'s own screen is all about that borough', () => {
		const mine = ['a', 'b', 'c', 'd'].map((id, i) => finding('rest', id, 'X', 0.1 - i / 100));
		expect(names(rankFindings(mine, Infinity))).toEqual(['rest:a:X', 'rest:b:X', 'rest:c:X', 'rest:d:X']);
	});
});

describe('mostlyHidden', () => {
	const rows = (...s: CellStatus[]) => s.map((status) => ({ status }));
	test.each([
		{ args: rows('suppressed', 'suppressed', 'ok', 'no_data'), expected: true },
		{ args: rows('suppressed', 'ok'), expected: false },
		{ args: rows('suppressed', 'suppressed', 'flag'), expected: true },
		{ args: rows('no_data', 'no_data'), expected: false },
		{ args: rows(), expected: false },
		{ args: rows('ok', 'flag', 'suppressed'), expected: false }
	])('$args.length cells → $expected', ({ args, expected }) => {
		expect(mostlyHidden(args)).toBe(expected);
	});
});
