import { render } from 'svelte/server';
import { describe, expect, test } from 'vitest';
import DotInterval from '../../../app/lib/charts/DotInterval.svg.svelte';
import { buildDotInterval, type DotIntervalMark, type DotIntervalRow } from '../../../app/lib/charts/dot-interval';

/* Reference frame: width 500, margins left 100, right 0: x = 100 + 400·v; rows of 30 from y = 10 (centres 25, 55, …). */
const MARGIN = { top: 10, right: 0, bottom: 30, left: 100 };
const build = (rows: DotIntervalRow[], xDomain?: [number, number]) => buildDotInterval({ rows, width: 500, rowHeight: 30, margin: MARGIN, xDomain });
const row = (key: string, value: number | null, ci: [number, number] | null, status: DotIntervalRow['status'] = 'ok', reference?: number | null): DotIntervalRow =>
	({ key, value, ci, status, reference });

describe('buildDotInterval', () => {
	test('frame, rows and ticks', () => {
		const spec = build([row('a', 0.5, [0.4, 0.6]), row('b', 0.25, [0.2, 0.3])]);
		expect(spec.plot).toEqual({ x: 100, y: 10, width: 400, height: 60 });
		expect(spec.height).toBe(100);
		expect(spec.rows.map((r) => r.y)).toEqual([25, 55]);
		expect(spec.ticks.map((t) => t.x)).toEqual([100, 180, 260, 340, 420, 500]);
	});

	test.each([
		{ args: row('a', 0.5, [0.4, 0.6], 'ok', 0.45), expected: { x: 300, interval: { x1: 260, x2: 340 }, referenceX: 280, markX: null } },
		{ args: row('a', 0.5, [0.4, 0.6], 'flag'), expected: { x: 300, interval: { x1: 260, x2: 340 }, referenceX: null, markX: 350 } },
		{ args: row('a', 0.5, [0.4, 0.6], 'suppressed', 0.45), expected: { x: null, interval: null, referenceX: 280, markX: 108 } },
		{ args: row('a', null, null, 'ok'), expected: { x: null, interval: null, referenceX: null, markX: 108 } },
		{ args: row('a', 0.95, [0.9, 1.2], 'ok'), expected: { x: 480, interval: { x1: 460, x2: 500 }, referenceX: null, markX: null } }
	])('$args.status $args.value', ({ args, expected }) => {
		const m = build([args]).rows[0]!;
		expect({ x: m.x, interval: m.interval, referenceX: m.referenceX, markX: m.markX }).toEqual(expected);
	});

	test('a suppressed row carries no value and no interval, whatever it was given', () => {
		const m = build([row('a', 0.123456, [0.1, 0.2], 'suppressed')]).rows[0]!;
		expect(m.value).toBeNull();
		expect(m.ci).toBeNull();
	});

	test.each([
		{ args: 'left' as const, expected: { x: 92, anchor: 'end', labelAboveDot: false } },
		{ args: 'above' as const, expected: { x: 100, anchor: 'start', labelAboveDot: true } }
	])('labels $args', ({ args, expected }) => {
		const m = buildDotInterval({ rows: [row('a', 0.5, [0.4, 0.6])], width: 500, rowHeight: 40, margin: MARGIN, labels: args }).rows[0]!;
		expect({ x: m.label.x, anchor: m.label.anchor, labelAboveDot: m.label.y < m.y - 10 }).toEqual(expected);
	});

	test('another domain (a 0–10 mean)', () => {
		expect(build([row('a', 5, [4, 6])], [0, 10]).rows[0]!.x).toBe(300);
	});
});

describe('the chosen row', () => {
	test('gets a band across its labels and the plot; the others none', () => {
		const spec = build([row('a', 0.3, [0.2, 0.4]), { ...row('b', 0.5, [0.4, 0.6]), highlight: true }]);
		expect(spec.rows[0]!.band).toBeNull();
		const band = spec.rows[1]!.band!;
		expect(band.x).toBe(0);
		expect(band.width).toBe(spec.plot.x + spec.plot.width);
		expect(band.y).toBeLessThan(spec.rows[1]!.y);
		expect(band.y + band.height).toBeGreaterThan(spec.rows[1]!.y);
	});
});

describe('DotInterval.svg.svelte', () => {
	test('a suppressed row is a grey mark with its hover text, no dot and no number', () => {
		const { body } = render(DotInterval, { props: {
			id: 'di', title: 'T', description: 'D', rows: [row('a', 0.123456, [0.1, 0.2], 'suppressed', 0.5), row('b', 0.3, [0.2, 0.4])],
			format: (v: number) => `${(v * 100).toFixed(1)}%`, rowLabel: (k: string) => `row ${k}`,
			marks: { flag: 'E', suppressed: '×', noData: '–' }, tooltip: (m: DotIntervalMark) => `${m.key} ${m.status}`,
			legend: { value: 'borough', reference: 'city' } } });
		expect(body).toContain('<title>a suppressed</title>');
		expect(body).toContain('×');
		expect(body.match(/<circle/g)?.length).toBe(2); // row b and the legend
		expect(body).not.toContain('12.3');
		expect(body).toContain('class="reference"');
	});
});
