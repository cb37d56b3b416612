/**
 * SVG snapshots of every chart component, rendered on the server as the pages render them, from
 * fixed inputs that hold each kind of cell: published, flagged (interpret with caution),
 * suppressed and missing. The snapshots are plain SVG files (tests/unit/charts/__snapshots__/),
 * so a change to a chart shows as a diff and the file opens in a browser to be looked at.
 * A deliberate change to a chart is accepted with `npx vitest run -u tests/unit/charts/snapshots.test.ts`
 * after looking at the new files.
 */
import { render } from 'svelte/server';
import { describe, expect, test } from 'vitest';
import Choropleth from '../../../app/lib/charts/Choropleth.svg.svelte';
import type { ChoroplethAreaInput } from '../../../app/lib/charts/choropleth';
import DotInterval from '../../../app/lib/charts/DotInterval.svg.svelte';
import GroupedBars from '../../../app/lib/charts/GroupedBars.svg.svelte';
import Heatmap from '../../../app/lib/charts/Heatmap.svg.svelte';
import Trend from '../../../app/lib/charts/Trend.svg.svelte';
import { fitAxis, measureLimit } from '../../../app/lib/charts/axis';

const pct = (v: number) => `${(v * 100).toFixed(1)} %`;
const marks = { flag: 'E', suppressed: '×', noData: '–' };
const tip = (what: unknown) => JSON.stringify(what);

/** The component's markup as a standalone SVG file: Svelte's hydration comments removed. */
function svgOf(body: string): string {
	const svg = body.replace(/<!--[^]*?-->/g, '').trim();
	return svg.replace(/^<svg /, '<svg xmlns="http://www.w3.org/2000/svg" ') + '\n';
}

/** A lon/lat square wound clockwise (north up), as d3-geo wants exterior rings. */
function square(lon: number, lat: number, size = 0.02): ChoroplethAreaInput['geometry'] {
	return { type: 'Polygon', coordinates: [[[lon, lat], [lon, lat + size], [lon + size, lat + size], [lon + size, lat], [lon, lat]]] };
}

describe('chart SVG snapshots', () => {
	test('grouped bars: published, flagged, suppressed and missing bars', async () => {
		const { body } = render(GroupedBars, {
			props: {
				id: 'bars', title: 'Feel safe after dark', description: 'By age group and gender', groups: ['12-17', '18-24', '25-44'], series: ['woman', 'man'],
				rows: [
					{ group: '12-17', series: 'woman', value: 0.43, ci: [0.33, 0.53], status: 'ok' },
					{ group: '12-17', series: 'man', value: null, ci: null, status: 'suppressed' },
					{ group: '18-24', series: 'woman', value: 0.55, ci: [0.43, 0.66], status: 'flag' },
					{ group: '18-24', series: 'man', value: 0.73, ci: [0.63, 0.82], status: 'ok' },
					{ group: '25-44', series: 'woman', value: null, ci: null, status: 'no_data' },
					{ group: '25-44', series: 'man', value: 0.7, ci: [0.63, 0.76], status: 'ok' }
				],
				format: pct, labels: { flag: 'Interpret with caution', suppressed: 'Suppressed', noData: 'No data' }, marks
			}
		});
		await expect(svgOf(body)).toMatchFileSnapshot('__snapshots__/grouped-bars.svg');
	});

	test('dot and interval: a chosen row, the city tick, flagged and suppressed rows', async () => {
		const { body } = render(DotInterval, {
			props: {
				id: 'dots', title: 'Boroughs against the city', description: 'One row per borough', width: 640,
				rows: [
					{ key: 'AC', value: 0.71, ci: [0.68, 0.74], status: 'ok', reference: 0.67 },
					{ key: 'MN', value: 0.56, ci: [0.51, 0.61], status: 'ok', reference: 0.67, highlight: true },
					{ key: 'OU', value: 0.76, ci: [0.7, 0.82], status: 'flag', reference: 0.67 },
					{ key: 'LA', value: null, ci: null, status: 'suppressed', reference: 0.67 }
				],
				format: pct, rowLabel: (k: string) => ({ AC: 'Ahuntsic-Cartierville', MN: 'Montréal-Nord', OU: 'Outremont', LA: 'Lachine' })[k] ?? k,
				marks, tooltip: tip, legend: { value: 'Borough (95 % CI)', reference: 'Whole city' }
			}
		});
		await expect(svgOf(body)).toMatchFileSnapshot('__snapshots__/dot-interval.svg');
	});

	test('trend with its band, broken by a suppressed wave', async () => {
		const { body } = render(Trend, {
			props: {
				id: 'trend', title: 'Across waves', description: 'The band is the 95 % interval', waves: ['2021', '2022', '2023', '2024'],
				points: [
					{ wave: '2021', value: 0.52, ci: [0.47, 0.57], status: 'ok' },
					{ wave: '2022', value: null, ci: null, status: 'suppressed' },
					{ wave: '2023', value: 0.56, ci: [0.53, 0.59], status: 'ok' },
					{ wave: '2024', value: 0.559, ci: [0.509, 0.608], status: 'flag' }
				],
				yDomain: [0, 1], format: pct, marks, tooltip: tip
			}
		});
		await expect(svgOf(body)).toMatchFileSnapshot('__snapshots__/trend.svg');
	});

	test('heat map of a context × gender matrix', async () => {
		const { body } = render(Heatmap, {
			props: {
				id: 'heat', title: 'Context of violence', description: 'Share of victims by context', rows: ['private', 'school', 'public'], columns: ['woman', 'man', 'non-binary'],
				cells: [
					{ row: 'private', column: 'woman', value: 0.316, status: 'ok' }, { row: 'private', column: 'man', value: 0.314, status: 'ok' },
					{ row: 'private', column: 'non-binary', value: null, status: 'suppressed' },
					{ row: 'school', column: 'woman', value: 0.112, status: 'flag' }, { row: 'school', column: 'man', value: 0.152, status: 'ok' },
					{ row: 'public', column: 'woman', value: 0.44, status: 'ok' }, { row: 'public', column: 'man', value: 0.609, status: 'ok' }
				],
				format: pct, rowLabel: (r: string) => r, columnLabel: (c: string) => c, marks, tooltip: tip
			}
		});
		await expect(svgOf(body)).toMatchFileSnapshot('__snapshots__/heatmap.svg');
	});

	test('choropleth with its legend, a chosen area, a suppressed and a missing one', async () => {
		const area = (code: string, lon: number, value: number | null, status: ChoroplethAreaInput['status'] = 'ok'): ChoroplethAreaInput =>
			({ code, name: `Area ${code}`, geometry: square(lon, 45.5), value, status });
		const props = {
			id: 'map', title: 'Feel safe after dark by borough', description: 'Darker is higher', width: 480, height: 240, selected: 'B',
			areas: [area('A', -73.7, 0.2), area('B', -73.66, 0.5), area('C', -73.62, 0.8, 'flag'), area('D', -73.58, null, 'suppressed'), area('E', -73.54, null, 'no_data')],
			format: pct, labels: { legendTitle: 'Feel safe', noData: 'No survey data', suppressed: 'Suppressed', flag: 'Interpret with caution' }
		};
		// The page draws the map and its legend as two <svg>: one file each.
		await expect(svgOf(render(Choropleth, { props: { ...props, show: 'map' } }).body)).toMatchFileSnapshot('__snapshots__/choropleth.svg');
		await expect(svgOf(render(Choropleth, { props: { ...props, show: 'legend' } }).body)).toMatchFileSnapshot('__snapshots__/choropleth-legend.svg');
	});
});

/**
 * Fitted axes: the bars of a low, a middle and a high share and of a 0–10 mean, each with the
 * axis the pages and every export give it (`fitAxis`): zero to a round value a little above the
 * highest interval, never 0–100 % or 0–10 by default.
 */
describe('fitted axes', () => {
	const bars = (name: string, values: [number, [number, number]][], type: 'proportion' | 'mean') => {
		const rows = values.map(([value, ci], k) => ({ group: ['12-24', '25-44', '45+'][k]!, series: 'all', value, ci, status: 'ok' as const }));
		const axis = fitAxis(rows, { kind: 'bars', limit: measureLimit(type) });
		const format = type === 'mean' ? (v: number) => v.toFixed(1) : pct;
		const { body } = render(GroupedBars, {
			props: { id: name, title: name, description: name, groups: rows.map((r) => r.group), series: ['all'], rows, yDomain: axis.domain, format,
				labels: { flag: 'Interpret with caution', suppressed: 'Suppressed', noData: 'No data' }, marks }
		});
		return { axis, svg: svgOf(body) };
	};
	const tickLabels = (svg: string) => [...svg.matchAll(/<g class="y-axis">([^]*?)<\/g>/g)].flatMap((g) => [...g[1]!.matchAll(/>([^<>]+)<\/text>/g)].map((m) => m[1]));

	test('a low share (about 5 %) on 0–7 %, not 0–100 %', async () => {
		const { axis, svg } = bars('low', [[0.04, [0.028, 0.055]], [0.052, [0.04, 0.064]], [0.031, [0.02, 0.045]]], 'proportion');
		expect(axis.domain).toEqual([0, 0.07]);
		expect(tickLabels(svg).at(-1)).toBe('7.0 %');
		await expect(svg).toMatchFileSnapshot('__snapshots__/axis-low-share.svg');
	});

	test('a middle share on 0–60 %', async () => {
		const { axis, svg } = bars('middle', [[0.42, [0.37, 0.47]], [0.48, [0.44, 0.52]], [0.39, [0.35, 0.43]]], 'proportion');
		expect(axis.domain).toEqual([0, 0.6]);
		await expect(svg).toMatchFileSnapshot('__snapshots__/axis-middle-share.svg');
	});

	test('a high share reaches 100 % and stops there', async () => {
		const { axis, svg } = bars('high', [[0.91, [0.88, 0.94]], [0.95, [0.93, 0.97]], [0.89, [0.85, 0.92]]], 'proportion');
		expect(axis.domain).toEqual([0, 1]);
		expect(tickLabels(svg).at(-1)).toBe('100.0 %');
		await expect(svg).toMatchFileSnapshot('__snapshots__/axis-high-share.svg');
	});

	test('a 0–10 mean on 0–8, not 0–10', async () => {
		const { axis, svg } = bars('mean', [[6.1, [5.8, 6.4]], [6.6, [6.3, 6.9]], [5.7, [5.3, 6.1]]], 'mean');
		expect(axis.domain).toEqual([0, 8]);
		expect(tickLabels(svg)).toEqual(['0.0', '2.0', '4.0', '6.0', '8.0']);
		await expect(svg).toMatchFileSnapshot('__snapshots__/axis-mean.svg');
	});

	test('dots close together start above zero and the chart says so', async () => {
		const rows = [{ key: 'A', value: 0.62, ci: [0.58, 0.66] as [number, number], status: 'ok' as const, reference: 0.6 },
			{ key: 'B', value: 0.71, ci: [0.67, 0.75] as [number, number], status: 'ok' as const, reference: 0.6, highlight: true }];
		const axis = fitAxis(rows, { kind: 'dots', limit: [0, 1] });
		expect(axis).toEqual({ domain: [0.55, 0.8], step: 0.05, fromZero: false });
		const { body } = render(DotInterval, {
			props: { id: 'near', title: 'near', description: 'near', width: 640, rows, xDomain: axis.domain, format: pct, rowLabel: (k: string) => k, marks, tooltip: tip,
				legend: { value: 'Borough', reference: 'Whole city' }, axisNote: 'The axis starts at 55 %, not at zero.' }
		});
		const svg = svgOf(body);
		expect(svg).toContain('The axis starts at 55 %, not at zero.');
		await expect(svg).toMatchFileSnapshot('__snapshots__/axis-dots-above-zero.svg');
	});
});
