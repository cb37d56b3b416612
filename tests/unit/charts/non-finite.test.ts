/**
 * Charts never draw NaN: an estimate, an interval bound or an axis bound that is NaN or infinite
 * (an interval that could not be computed) leaves the mark out or falls back to the default axis,
 * instead of throwing (a 500 on the page and its exports) or writing "NaN" into the SVG.
 */
import { describe, expect, test } from 'vitest';
import { buildGroupedBars } from '../../../app/lib/charts/grouped-bars';
import { buildDotInterval } from '../../../app/lib/charts/dot-interval';
import { buildTrend } from '../../../app/lib/charts/trend';
import { finiteDomain } from '../../../app/lib/charts/cell-status';
import { barsAxis } from '../../../app/lib/exports/charts/indicator';
import type { IndicatorData } from '../../../app/lib/server/views/indicator';

const noNaN = (spec: unknown) => expect(JSON.stringify(spec, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? `BAD:${v}` : v))).not.toContain('BAD:');
const bad = [NaN, Infinity, -Infinity];

describe('non-finite numbers in charts', () => {
	test.each(bad)('an axis bound of %s falls back to 0–1', (v) => {
		expect(finiteDomain([0, v])).toEqual([0, 1]);
		expect(finiteDomain([0, 10])).toEqual([0, 10]);
	});

	test.each(bad)('grouped bars with %s in a value, an interval and the axis', (v) => {
		const spec = buildGroupedBars({ rows: [{ group: 'a', series: 's', value: v, ci: [0.1, 0.2], status: 'ok' },
			{ group: 'b', series: 's', value: 0.4, ci: [0.3, v], status: 'ok' }], groups: ['a', 'b'], series: ['s'], width: 400, height: 300, yDomain: [0, v] });
		noNaN(spec);
		expect(spec.bars.find((b) => b.group === 'b')!.whisker).toBeNull();
	});

	test.each(bad)('dots with %s', (v) => {
		const spec = buildDotInterval({ rows: [{ key: 'a', value: 0.5, ci: [v, 0.6], status: 'ok', reference: v }, { key: 'b', value: v, ci: null, status: 'ok' }],
			width: 600, xDomain: [0, v] });
		noNaN(spec);
	});

	test.each(bad)('a trend with %s', (v) => {
		noNaN(buildTrend({ points: [{ wave: '1', value: 0.5, ci: [0.4, v], status: 'ok' }, { wave: '2', value: v, ci: null, status: 'ok' }],
			waves: ['1', '2'], width: 400, height: 200, yDomain: [0, v] }));
	});

	test.each(bad)('the bars’ axis ignores an upper bound of %s', (v) => {
		const data = { indicator: { type: 'proportion' }, rows: [{ ci: [0.2, v], estimate: 0.3, status: 'ok' }, { ci: [0.4, 0.55], estimate: 0.5, status: 'ok' }] } as unknown as IndicatorData;
		expect(barsAxis(data).domain).toEqual([0, 0.6]);
	});
});
