/**
 * The one rule for value axes (pages, SVG, PNG, PowerPoint): bars from zero to a round value a
 * little above the highest interval; dots may start above zero, and then say so.
 */
import { describe, expect, test } from 'vitest';
import { axisNumbers, fitAxis, measureLimit } from '../../../app/lib/charts/axis';

const share = { limit: measureLimit('proportion') };

describe('fitAxis', () => {
	test.each([
		{ name: 'a 4 % rate', values: [{ value: 0.04, ci: [0.03, 0.052] as [number, number] }], domain: [0, 0.06], step: 0.01 },
		{ name: 'a 45 % share', values: [{ value: 0.45, ci: [0.4, 0.5] as [number, number] }], domain: [0, 0.6], step: 0.1 },
		{ name: 'a 92 % share stops at 100 %', values: [{ value: 0.92, ci: [0.88, 0.96] as [number, number] }], domain: [0, 1], step: 0.2 }
	])('bars: $name', ({ values, domain, step }) => {
		expect(fitAxis(values, { kind: 'bars', ...share })).toEqual({ domain, step, fromZero: true });
	});

	test('a 0–10 mean around 6 is drawn on 0–8', () => {
		expect(fitAxis([{ value: 6.2, ci: [5.9, 6.5] }], { kind: 'bars', limit: measureLimit('mean') }).domain).toEqual([0, 8]);
	});

	test('the axis always ends above every upper bound and reference, and never past the scale', () => {
		for (const top of [0.011, 0.049, 0.1, 0.29, 0.5, 0.77, 0.99, 1]) {
			const axis = fitAxis([{ value: top * 0.8, ci: [top * 0.6, top], reference: top * 0.9 }], { kind: 'bars', ...share });
			expect(axis.domain[1]).toBeGreaterThanOrEqual(top);
			expect(axis.domain[1]).toBeLessThanOrEqual(Math.min(1, Math.max(top * 2, 0.02)));
		}
	});

	test('dots close together start above zero and say so; spread-out dots start at zero', () => {
		expect(fitAxis([{ value: 0.6, ci: [0.55, 0.66] }, { value: 0.7, ci: [0.65, 0.75] }], { kind: 'dots', ...share }))
			.toEqual({ domain: [0.5, 0.8], step: 0.05, fromZero: false });
		expect(fitAxis([{ value: 0.2, ci: [0.15, 0.25] }, { value: 0.7, ci: [0.65, 0.75] }], { kind: 'dots', ...share }))
			.toEqual({ domain: [0, 0.8], step: 0.2, fromZero: true });
	});

	test('a suppressed value sets nothing, even when an analyst’s view still carries it', () => {
		const shown = [{ value: 0.04, ci: [0.03, 0.05] as [number, number], status: 'ok' as const }];
		const hidden = { value: 0.4, ci: [0.1, 0.7] as [number, number], status: 'suppressed' as const };
		expect(fitAxis([...shown, hidden], { kind: 'bars', ...share })).toEqual(fitAxis(shown, { kind: 'bars', ...share }));
		expect(axisNumbers([hidden])).toEqual([]);
	});

	test('nothing to show: the scale’s own frame', () => {
		expect(fitAxis([], { kind: 'bars', ...share }).domain).toEqual([0, 1]);
		expect(fitAxis([{ value: null, status: 'no_data' }], { kind: 'dots', limit: measureLimit('mean') }).domain).toEqual([0, 10]);
	});
});
