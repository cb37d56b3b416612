import { hsl } from 'd3';
import { render } from 'svelte/server';
import { describe, expect, test } from 'vitest';
import { MISSING_FILL } from '../../../app/lib/charts/cell-status';
import Heatmap from '../../../app/lib/charts/Heatmap.svg.svelte';
import { buildHeatmap, textOn, type HeatmapCell, type HeatmapCellInput } from '../../../app/lib/charts/heatmap';

/*
 * Reference frame: width 400, margins top 40 and left 200: columns on a band scale from 200 to 400
 * (inner padding 0.04: step 102.04, bands 98 wide); rows of 40 from y = 40 (padding 0.08: bands 37.2 high).
 */
const cell = (row: string, column: string, value: number | null, status: HeatmapCellInput['status'] = 'ok'): HeatmapCellInput => ({ row, column, value, status });
const build = (cells: HeatmapCellInput[]) =>
	buildHeatmap({ cells, rows: ['a', 'b'], columns: ['w', 'm'], width: 400, margin: { top: 40, left: 200 }, rowHeight: 40 });

describe('buildHeatmap', () => {
	test('one cell per row × column, in order, with the frame', () => {
		const spec = build([cell('a', 'w', 0.5)]);
		expect(spec.height).toBe(120);
		expect(spec.cells.map((c) => `${c.row}${c.column}`)).toEqual(['aw', 'am', 'bw', 'bm']);
		const aw = spec.cells[0]!;
		expect(aw.x).toBe(200);
		expect(aw.y).toBe(40);
		expect(aw.width).toBe(98);
		expect(spec.cells[1]!.x).toBeGreaterThan(aw.x + aw.width);
	});

	test.each([
		{ args: cell('a', 'w', 0, 'ok'), expected: { value: 0, status: 'ok', grey: false } },
		{ args: cell('a', 'w', 0.4, 'flag'), expected: { value: 0.4, status: 'flag', grey: false } },
		{ args: cell('a', 'w', 0.4, 'suppressed'), expected: { value: null, status: 'suppressed', grey: true } },
		{ args: cell('a', 'w', null, 'ok'), expected: { value: null, status: 'no_data', grey: true } },
		{ args: cell('a', 'w', Number.NaN, 'ok'), expected: { value: null, status: 'no_data', grey: true } }
	])('$args.status $args.value: never a zero for a missing value', ({ args, expected }) => {
		const c = build([args]).cells[0]!;
		expect({ value: c.value, status: c.status, grey: c.fill === MISSING_FILL }).toEqual(expected);
	});

	test('a cell absent from the input is missing, not zero', () => {
		expect(build([]).cells.every((c) => c.status === 'no_data' && c.value === null)).toBe(true);
	});

	test('darker for larger values; white text on the dark end', () => {
		const cells = build([cell('a', 'w', 0.05), cell('b', 'w', 0.95)]).cells;
		const low = cells.find((c) => c.row === 'a' && c.column === 'w')!, high = cells.find((c) => c.row === 'b' && c.column === 'w')!;
		expect(hsl(high.fill).l).toBeLessThan(hsl(low.fill).l);
		expect(high.text).toBe('#ffffff');
		expect(low.text).toBe('#1a1a1a');
	});
});

describe('Heatmap.svg.svelte', () => {
	test('a suppressed cell is hatched with a mark and its hover text, and no number', () => {
		const { body } = render(Heatmap, { props: {
			id: 'hm', title: 'T', description: 'D', rows: ['a'], columns: ['w', 'm'],
			cells: [cell('a', 'w', 0.123, 'suppressed'), cell('a', 'm', 0.5)],
			format: (v: number) => `${(v * 100).toFixed(1)}%`, rowLabel: (r: string) => r, columnLabel: (c: string) => c,
			marks: { flag: 'E', suppressed: '×', noData: '–' }, tooltip: (c: HeatmapCell) => `${c.row} ${c.column} ${c.status}` } });
		expect(body).toContain('fill="url(#hm-hatch)"');
		expect(body).toContain('<title>a w suppressed</title>');
		expect(body).toContain('50.0%');
		expect(body).not.toContain('12.3');
		expect(body).toMatch(/role="img"/);
	});
});

describe('textOn', () => {
	test.each([
		{ args: '#ffffff', expected: '#1a1a1a' },
		{ args: '#eef4fb', expected: '#1a1a1a' },
		{ args: '#08306b', expected: '#ffffff' },
		{ args: '#000000', expected: '#ffffff' }
	])('$args → $expected', ({ args, expected }) => {
		expect(textOn(args)).toBe(expected);
	});
});
