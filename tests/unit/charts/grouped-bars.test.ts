import { lab } from 'd3';
import { render } from 'svelte/server';
import { describe, expect, test } from 'vitest';
import { MISSING_FILL } from '../../../app/lib/charts/cell-status';
import GroupedBars from '../../../app/lib/charts/GroupedBars.svg.svelte';
import {
	buildGroupedBars,
	lighten,
	SERIES_PALETTE,
	type GroupedBar,
	type GroupedBarsOptions,
	type GroupedBarsRow
} from '../../../app/lib/charts/grouped-bars';

/*
 * Reference frame: plot x 60–460, y 20–220 (baseline 220, 200 px for a proportion of 1).
 * Two groups on a band scale (inner padding 0.2, outer 0.1): step 200, bands at 80 and 280, 160 wide.
 * Two series inside (padding 0.08): step 76.92, bars 70.77 wide at +6.15 and +83.08.
 */
const FRAME = { width: 460, height: 300, margin: { top: 20, right: 0, bottom: 80, left: 60 } };
const row = (group: string, series: string, value: number | null, status: GroupedBarsRow['status'] = 'ok', ci: [number, number] | null = null): GroupedBarsRow => ({
	group,
	series,
	value,
	ci,
	status
});
const ROWS = [row('a', 'w', 0.5, 'ok', [0.4, 0.6]), row('a', 'm', 0.25), row('b', 'w', 1), row('b', 'm', 0)];
const build = (options: Partial<GroupedBarsOptions> = {}) =>
	buildGroupedBars({ rows: ROWS, groups: ['a', 'b'], series: ['w', 'm'], ...FRAME, ...options });
const bar = (bars: GroupedBar[], group: string, series: string) => bars.find((b) => b.group === group && b.series === series)!;
const within = (actual: number, expected: number) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(0.05 + 1e-9);

describe('buildGroupedBars frame', () => {
	test.each([
		{ args: { ...FRAME }, expected: { x: 60, y: 20, width: 400, height: 200 } },
		{ args: { width: 640, height: 360, margin: undefined }, expected: { x: 60, y: 20, width: 572, height: 284 } },
		{ args: { width: 640, height: 360, margin: { left: 10 } }, expected: { x: 10, y: 20, width: 622, height: 284 } }
	])('plot of $args', ({ args, expected }) => {
		expect(build(args).plot).toEqual(expected);
	});

	test('groups: bands in the given order, labels centred under them', () => {
		expect(build().groups).toEqual([
			{ key: 'a', x: 80, width: 160, labelX: 160, labelY: 236 },
			{ key: 'b', x: 280, width: 160, labelX: 360, labelY: 236 }
		]);
		expect(build({ groups: ['b', 'a'] }).groups.map((g) => [g.key, g.x])).toEqual([['b', 80], ['a', 280]]);
	});
});

describe('buildGroupedBars bars', () => {
	test.each([
		{ args: ['a', 'w'], expected: { x: 86.2, width: 70.8, y: 120, height: 100, value: 0.5 } },
		{ args: ['a', 'm'], expected: { x: 163.1, width: 70.8, y: 170, height: 50, value: 0.25 } },
		{ args: ['b', 'w'], expected: { x: 286.2, width: 70.8, y: 20, height: 200, value: 1 } },
		{ args: ['b', 'm'], expected: { x: 363.1, width: 70.8, y: 220, height: 0, value: 0 } }
	])('$args → $expected', ({ args: [group, series], expected }) => {
		const { x, width, y, height, value } = bar(build().bars, group!, series!);
		expect({ x, width, y, height, value }).toEqual(expected);
	});

	test.each([
		{ args: { series: ['w', 'm'] }, expected: ['a/w', 'a/m', 'b/w', 'b/m'] },
		{ args: { series: ['m', 'w'] }, expected: ['a/m', 'a/w', 'b/m', 'b/w'] },
		{ args: { groups: ['b', 'a'], series: ['m', 'w'] }, expected: ['b/m', 'b/w', 'a/m', 'a/w'] }
	])('order follows groups then series: $args', ({ args, expected }) => {
		const spec = build(args);
		expect(spec.bars.map((b) => `${b.group}/${b.series}`)).toEqual(expected);
		const xs = spec.bars.map((b) => b.x);
		expect([...xs].sort((p, q) => p - q)).toEqual(xs);
		for (const b of spec.bars) {
			const band = spec.groups.find((g) => g.key === b.group)!;
			expect(b.x).toBeGreaterThanOrEqual(band.x);
			expect(b.x + b.width).toBeLessThanOrEqual(band.x + band.width + 0.1);
		}
	});

	test.each([
		{ args: { value: 1.3 }, expected: { y: 20, height: 200 } },
		{ args: { value: -0.2 }, expected: { y: 220, height: 0 } },
		{ args: { value: 0.3, yDomain: [0, 0.5] as [number, number] }, expected: { y: 100, height: 120 } }
	])('values outside the domain stay in the frame: $args', ({ args, expected }) => {
		const { y, height } = build({ rows: [row('a', 'w', args.value)], yDomain: args.yDomain }).bars[0]!;
		expect({ y, height }).toEqual(expected);
	});

	test('rows of unknown groups or series are ignored; the first of duplicate rows wins', () => {
		const spec = build({ rows: [row('a', 'w', 0.5), row('a', 'w', 0.9), row('z', 'w', 0.3), row('a', 'x', 0.3)] });
		expect(spec.bars).toHaveLength(4);
		expect(bar(spec.bars, 'a', 'w').value).toBe(0.5);
	});
});

describe('buildGroupedBars whiskers', () => {
	test.each([
		{ args: [0.4, 0.6], expected: { y1: 140, y2: 100 } },
		{ args: [0.123, 0.456], expected: { y1: 220 - 24.6, y2: 220 - 91.2 } },
		{ args: [0.3333, 0.6667], expected: { y1: 220 - 66.66, y2: 220 - 133.34 } },
		{ args: [-0.1, 1.2], expected: { y1: 220, y2: 20 } }
	] as { args: [number, number]; expected: { y1: number; y2: number } }[])('ci $args → ends at the scaled bounds', ({ args, expected }) => {
		const b = build({ rows: [row('a', 'w', 0.5, 'ok', args)] }).bars[0]!;
		within(b.whisker!.y1, expected.y1);
		within(b.whisker!.y2, expected.y2);
		expect(b.whisker!.x).toBe(121.5); // centre of the bar: 80 + 6.15 + 70.77 / 2
		expect(b.whisker!.capHalfWidth).toBeGreaterThan(0);
		expect(b.whisker!.capHalfWidth).toBeLessThanOrEqual(Math.min(6, b.width / 4));
		expect(b.ci).toEqual(args);
	});

	test('no interval, no whisker', () => {
		expect(bar(build().bars, 'a', 'm').whisker).toBeNull();
	});
});

describe('buildGroupedBars missing and flagged cells', () => {
	test.each([
		{ args: { rows: [row('a', 'w', 0.5, 'suppressed', [0.4, 0.6])] }, expected: 'suppressed' },
		{ args: { rows: [row('a', 'w', null, 'suppressed')] }, expected: 'suppressed' },
		{ args: { rows: [row('a', 'w', null, 'no_data')] }, expected: 'no_data' },
		{ args: { rows: [row('a', 'w', 0.4, 'no_data')] }, expected: 'no_data' },
		{ args: { rows: [row('a', 'w', null, 'ok')] }, expected: 'no_data' },
		{ args: { rows: [row('a', 'w', Number.NaN, 'flag')] }, expected: 'no_data' },
		{ args: { rows: [] }, expected: 'no_data' }
	])('$args.rows.0.status $args.rows.0.value → $expected, never a positive bar', ({ args, expected }) => {
		const b = bar(build(args).bars, 'a', 'w');
		expect(b).toMatchObject({ status: expected, value: null, height: 0, y: 220, whisker: null, ci: null, fill: MISSING_FILL });
		expect(b.stub).toEqual({ x: b.x, y: 216, width: b.width, height: 4 });
		expect(b.marker!.x).toBe(121.5);
		expect(b.marker!.y).toBeLessThan(b.stub!.y);
	});

	test('a flagged estimate is lighter, outlined in its series colour and marked above its interval', () => {
		const b = build({ rows: [row('a', 'w', 0.5, 'flag', [0.35, 0.7])] }).bars[0]!;
		expect(b).toMatchObject({ status: 'flag', value: 0.5, fill: lighten(SERIES_PALETTE[0]!), stroke: SERIES_PALETTE[0], stub: null });
		expect(b.height).toBe(100);
		expect(b.marker!.y).toBeLessThan(b.whisker!.y2);
		expect(lab(b.fill).l - lab(b.stroke).l).toBeGreaterThan(15);
	});

	test('an ok estimate has no marker', () => {
		expect(bar(build().bars, 'a', 'w').marker).toBeNull();
	});
});

describe('buildGroupedBars axis and colours', () => {
	test.each([
		{ args: undefined, expected: [0, 0.2, 0.4, 0.6, 0.8, 1] },
		{ args: [0, 0.5] as [number, number], expected: [0, 0.1, 0.2, 0.3, 0.4, 0.5] }
	])('y ticks of $args', ({ args, expected }) => {
		const ticks = build({ yDomain: args }).yTicks;
		expect(ticks.map((t) => t.value)).toEqual(expected);
		const top = args?.[1] ?? 1;
		ticks.forEach((t) => within(t.y, 220 - (t.value / top) * 200));
	});

	test.each([
		{ args: ['woman', 'man', 'non-binary'], expected: ['#0072B2', '#E69F00', '#009E73'] },
		{ args: ['x'], expected: ['#0072B2'] },
		{ args: ['1', '2', '3', '4', '5', '6', '7', '8', '9'], expected: [...SERIES_PALETTE, '#0072B2'] }
	])('series colours of $args', ({ args, expected }) => {
		const spec = build({ series: args });
		expect(spec.seriesColours).toEqual(args.map((series, i) => ({ series, fill: expected[i] })));
		expect(spec.legend.map((l) => [l.series, l.fill])).toEqual(args.map((series, i) => [series, expected[i]]));
		spec.legend.slice(1).forEach((l, i) => expect(l.x).toBeGreaterThan(spec.legend[i]!.x));
		spec.legend.forEach((l) => expect(l.y).toBeGreaterThan(spec.groups[0]!.labelY));
	});

	test('the first three series colours differ in greyscale', () => {
		const l = SERIES_PALETTE.slice(0, 3).map((c) => lab(c).l);
		for (let i = 0; i < 3; i++) for (let j = i + 1; j < 3; j++) expect(Math.abs(l[i]! - l[j]!)).toBeGreaterThan(10);
	});

	test.each([
		{ args: { yDomain: [1, 0] as [number, number] }, expected: /yDomain must be increasing/ },
		{ args: { width: 0 }, expected: /size must be positive/ }
	])('rejects $expected', ({ args, expected }) => {
		expect(() => build(args)).toThrow(expected);
	});
});

describe('GroupedBars.svg.svelte on the server', () => {
	const rows = [
		row('<script>alert(1)</script>', 'woman', 0.62, 'ok', [0.55, 0.69]),
		row('<script>alert(1)</script>', 'man', 0.58, 'flag', [0.41, 0.75]),
		row('<script>alert(1)</script>', 'non-binary', 0.5, 'suppressed'),
		row('35-54', 'woman', 0.7, 'ok', [0.64, 0.76]),
		row('35-54', 'man', 0.66, 'ok', [0.6, 0.72])
	];
	const { body } = render(GroupedBars, {
		props: {
			id: 'age',
			title: 'Se sentir en sécurité selon l’âge',
			description: 'Proportion par groupe d’âge et genre',
			rows,
			groups: ['<script>alert(1)</script>', '35-54'],
			series: ['woman', 'man', 'non-binary'],
			format: (v: number) => `${(v * 100).toFixed(1).replace('.', ',')} %`,
			labels: { flag: 'À interpréter avec prudence', suppressed: 'Supprimé', noData: 'Aucune donnée', yAxis: 'Proportion' },
			marks: { flag: 'E', suppressed: '×', noData: '–' },
			seriesLabel: (s: string) => ({ woman: 'Femmes', man: 'Hommes' })[s] ?? 'Personnes non binaires'
		}
	});

	test('title, one rect per published bar, a stub per missing cell, whiskers, marks, legend', () => {
		expect(body).toContain('<title id="age-title">Se sentir en sécurité selon l’âge</title>');
		expect(body).toContain('aria-labelledby="age-title age-desc"');
		expect(body.match(/<rect[^>]*class="bar\b/g)).toHaveLength(4);
		expect(body.match(/<rect[^>]*class="stub\b/g)).toHaveLength(2);
		expect(body.match(/<g class="whiskers"[^>]*>(?:<!--[^>]*-->)*(.*?)<\/g>/)?.[1]?.match(/<path/g)).toHaveLength(4);
		expect(body).toContain('fill="url(#age-hatch)"');
		expect(body).toMatch(/>\s*E\s*</);
		expect(body).toMatch(/>\s*×\s*</);
		expect(body).toMatch(/>\s*–\s*</);
		expect(body).toContain('>Personnes non binaires</text>');
		expect(body).toContain('62,0 % [55,0 % – 69,0 %]');
		expect(body).toContain('>100,0 %</text>');
	});

	test('no NaN and labels escaped', () => {
		expect(body).not.toMatch(/NaN|undefined/);
		expect(body).not.toContain('<script>alert(1)');
		expect(body).toContain('&lt;script>alert(1)&lt;/script>');
	});
});
