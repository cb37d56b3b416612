import { render } from 'svelte/server';
import { describe, expect, test } from 'vitest';
import Trend from '../../../app/lib/charts/Trend.svg.svelte';
import { buildTrend, type TrendMark, type TrendPoint } from '../../../app/lib/charts/trend';

/* Reference frame: width 400, height 260, margins 20/0/40/0: plot y 20–220 (200 px for 1); three waves at x = 400·(k + 0.5)/3. */
const MARGIN = { top: 20, right: 0, bottom: 40, left: 0 };
const p = (wave: string, value: number | null, ci: [number, number] | null = null, status: TrendPoint['status'] = 'ok'): TrendPoint => ({ wave, value, ci, status });
const build = (points: TrendPoint[]) => buildTrend({ points, waves: ['2022', '2023', '2024'], width: 400, height: 260, margin: MARGIN });

describe('buildTrend', () => {
	test('points on the waves, values on the y scale, a line and a band through them', () => {
		const spec = build([p('2022', 0.5, [0.4, 0.6]), p('2023', 0.25, [0.2, 0.3]), p('2024', 1, [0.9, 1])]);
		expect(spec.marks.map((m) => m.x)).toEqual([66.7, 200, 333.3]);
		expect(spec.marks.map((m) => m.y)).toEqual([120, 170, 20]);
		expect(spec.marks[0]!.interval).toEqual({ y1: 140, y2: 100 });
		expect(spec.line).toBe('M66.7,120L200,170L333.3,20');
		expect(spec.band.startsWith('M66.7,100L200,160L333.3,20')).toBe(true);
		expect(spec.yTicks[0]).toEqual({ value: 0, y: 220 });
	});

	test.each([
		{ args: 'suppressed' as const, expected: { y: null, interval: null, value: null } },
		{ args: 'no_data' as const, expected: { y: null, interval: null, value: null } }
	])('a %s wave breaks the line, and is never a zero', ({ args, expected }) => {
		const spec = build([p('2022', 0.5, [0.4, 0.6]), p('2023', 0.123456, [0.1, 0.2], args), p('2024', 0.5, [0.4, 0.6])]);
		const m = spec.marks[1]!;
		expect({ y: m.y, interval: m.interval, value: m.value }).toEqual(expected);
		expect(spec.line).not.toContain('L');
		expect(spec.line).not.toContain('220');
	});

	test('a wave missing from the points is missing, not zero', () => {
		expect(build([p('2024', 0.5)]).marks.slice(0, 2).every((m) => m.status === 'no_data' && m.y === null)).toBe(true);
	});
});

describe('Trend.svg.svelte', () => {
	test('a suppressed wave is a grey mark with its hover text, no point and no number', () => {
		const { body } = render(Trend, { props: {
			id: 'tr', title: 'T', description: 'D', waves: ['2023', '2024'], points: [p('2023', 0.123456, [0.1, 0.2], 'suppressed'), p('2024', 0.5, [0.4, 0.6])],
			format: (v: number) => `${(v * 100).toFixed(1)}%`, marks: { flag: 'E', suppressed: '×', noData: '–' },
			tooltip: (m: TrendMark) => `${m.wave} ${m.status}` } });
		expect(body).toContain('<title>2023 suppressed</title>');
		expect(body.match(/<circle/g)?.length).toBe(1);
		expect(body).not.toContain('12.3');
	});
});
