import { lab } from 'd3';
import { readFileSync } from 'node:fs';
import { render } from 'svelte/server';
import { describe, expect, test } from 'vitest';
import { MISSING_FILL } from '../../../app/lib/charts/cell-status';
import Choropleth from '../../../app/lib/charts/Choropleth.svg.svelte';
import {
	buildChoropleth,
	CHOROPLETH_RAMP,
	classBreaks,
	niceDomain,
	type ChoroplethAreaInput,
	type ChoroplethOptions
} from '../../../app/lib/charts/choropleth';
import { simplifyRing, tenths } from '../../../app/lib/charts/compact-path';
import { rewindForD3 } from '../../../ingest/geo/rewind';

/** A lon/lat square wound clockwise (north up), as d3-geo wants exterior rings. */
function square(lon: number, lat: number, size = 0.02): ChoroplethAreaInput['geometry'] {
	const ring = [[lon, lat], [lon, lat + size], [lon + size, lat + size], [lon + size, lat], [lon, lat]];
	return { type: 'Polygon', coordinates: [ring] };
}

function area(code: string, lon: number, value: number | null, status: ChoroplethAreaInput['status'] = 'ok'): ChoroplethAreaInput {
	return { code, name: `Area ${code}`, geometry: square(lon, 45.5), value, status };
}

const THREE = [area('A', -73.7, 0.2), area('B', -73.66, 0.5), area('C', -73.62, 0.8)];
const build = (options: Partial<ChoroplethOptions> = {}) =>
	buildChoropleth({ areas: THREE, width: 640, height: 480, ...options });

/** Absolute points of a path written by CompactPathContext (M absolute, then l relative pairs, z). */
function pathPoints(d: string): [number, number][] {
	const tokens = d.match(/[Mlz]|-?(?:\d+(?:\.\d+)?|\.\d+)/g) ?? [];
	const points: [number, number][] = [];
	let command = '';
	let [x, y] = [0, 0];
	for (let i = 0; i < tokens.length; ) {
		if (/[Mlz]/.test(tokens[i]!)) command = tokens[i++]!;
		if (command === 'z') continue;
		const dx = Number(tokens[i++]);
		const dy = Number(tokens[i++]);
		[x, y] = command === 'M' ? [dx, dy] : [x + dx, y + dy];
		points.push([x, y]);
	}
	return points;
}

function montrealAreas(): ChoroplethAreaInput[] {
	const url = new URL('../../../geography/montreal/limadmin.geojson', import.meta.url);
	const collection = JSON.parse(readFileSync(url, 'utf8')) as {
		features: { properties: { ABREV: string; NOM: string }; geometry: ChoroplethAreaInput['geometry'] }[];
	};
	return collection.features.map((feature, i) => ({
		code: feature.properties.ABREV,
		name: feature.properties.NOM,
		geometry: rewindForD3(feature.geometry),
		value: i % 9 === 8 ? null : 0.42 + ((i * 7) % 11) * 0.031,
		status: i % 9 === 8 ? 'suppressed' : i % 5 === 4 ? 'flag' : 'ok'
	}));
}

describe('niceDomain', () => {
	test.each([
		{ args: [0.512, 0.68, null], expected: [0.5, 0.7] },
		{ args: [0.35, 0.35], expected: [0.35, 0.4] },
		{ args: [0.05, 0.95], expected: [0.05, 0.95] },
		{ args: [0.3 + 0.05, 0.6 - 0.0000001], expected: [0.35, 0.6] },
		{ args: [], expected: [0, 1] },
		{ args: [null, null], expected: [0, 1] }
	])('$args → $expected', ({ args, expected }) => {
		expect(niceDomain(args)).toEqual(expected);
	});
});

describe('buildChoropleth colours', () => {
	test.each([
		{ args: { value: 0.1, status: 'ok' }, expected: { status: 'ok', value: 0.1, fill: CHOROPLETH_RAMP[0] } },
		{ args: { value: 0.5, status: 'flag' }, expected: { status: 'flag', value: 0.5, fill: CHOROPLETH_RAMP[2] } },
		{ args: { value: 0.95, status: 'ok' }, expected: { status: 'ok', value: 0.95, fill: CHOROPLETH_RAMP[4] } },
		{ args: { value: 1.4, status: 'ok' }, expected: { status: 'ok', value: 1.4, fill: CHOROPLETH_RAMP[4] } },
		{ args: { value: -0.2, status: 'ok' }, expected: { status: 'ok', value: -0.2, fill: CHOROPLETH_RAMP[0] } },
		{ args: { value: 0.5, status: 'suppressed' }, expected: { status: 'suppressed', value: null, fill: 'url(#map-hatch)' } },
		{ args: { value: null, status: 'no_data' }, expected: { status: 'no_data', value: null, fill: MISSING_FILL } },
		{ args: { value: null, status: 'ok' }, expected: { status: 'no_data', value: null, fill: MISSING_FILL } }
	] as const)('$args.status $args.value → $expected.fill', ({ args, expected }) => {
		const spec = build({ areas: [area('X', -73.6, args.value, args.status)], domain: [0, 1], id: 'map' });
		const [only] = spec.areas;
		expect({ status: only?.status, value: only?.value, fill: only?.fill }).toEqual(expected);
	});

	test('the ramp is single-hue and darkens in even steps, all darker than the no-data grey', () => {
		const lightness = CHOROPLETH_RAMP.map((c) => lab(c).l);
		expect(lightness).toHaveLength(5);
		lightness.slice(1).forEach((l, i) => expect(lightness[i]! - l).toBeGreaterThan(10));
		expect(lab(MISSING_FILL).l - lightness[0]!).toBeGreaterThan(8);
	});
});

describe('classBreaks', () => {
	test.each([
		{ lo: 0, hi: 15.2, expected: { domain: [0, 20], step: 5, count: 4 } },
		{ lo: 0.55, hi: 0.8, expected: { domain: [0.55, 0.8], step: 0.05, count: 5 } },
		{ lo: 0, hi: 1, expected: { domain: [0, 1], step: 0.2, count: 5 } },
		{ lo: 0.2, hi: 0.8, expected: { domain: [0.2, 0.8], step: 0.2, count: 3 } },
		{ lo: 0.3, hi: 0.7, expected: { domain: [0.3, 0.7], step: 0.1, count: 4 } },
		{ lo: 0, hi: 47, expected: { domain: [0, 50], step: 10, count: 5 } }
	])('[$lo, $hi] → $expected', ({ lo, hi, expected }) => {
		expect(classBreaks(lo, hi)).toEqual(expected);
	});
});

describe('buildChoropleth legend', () => {
	const MIXED = [area('A', -73.7, 0.2), area('B', -73.66, 0.22), area('C', -73.62, 0.8, 'flag'), area('D', -73.58, null, 'suppressed'), area('E', -73.54, null, 'no_data')];

	test('only classes that hold an area, each with its count; the top class holds the highest value', () => {
		const { legend, domain } = build({ areas: MIXED, domain: [0, 1] });
		expect(domain).toEqual([0, 1]);
		expect(legend.classes.map((c) => [c.from, c.to, c.count])).toEqual([[0.2, 0.4, 2], [0.8, 1, 1]]);
		expect(legend.classes.map((c) => c.fill)).toEqual([CHOROPLETH_RAMP[1], CHOROPLETH_RAMP[4]]);
		const fitted = build({ areas: [area('A', -73.7, 3.1), area('B', -73.66, 15.2)], domain: [0, 15.2] });
		expect(fitted.domain).toEqual([0, 20]);
		expect(fitted.legend.classes.at(-1)).toMatchObject({ from: 15, to: 20, count: 1 });
		expect(fitted.legend.classes.every((c) => c.count > 0)).toBe(true);
	});

	test('no data, suppressed and flagged are rows of their own with their counts, stacked without overlap', () => {
		const { legend } = build({ areas: MIXED, id: 'm1' });
		expect([legend.noData.count, legend.suppressed.count, legend.flag.count]).toEqual([1, 1, 1]);
		const ys = [...legend.classes.map((c) => c.y), legend.noData.y, legend.suppressed.y, legend.flag.y];
		ys.slice(1).forEach((y, i) => expect(y - ys[i]!).toBeGreaterThanOrEqual(legend.swatchSize));
		expect(legend.height).toBeGreaterThan(legend.flag.y + legend.swatchSize);
		expect(legend.suppressedPatternId).toBe('m1-hatch');
		expect(legend.noDataFill).toBe(MISSING_FILL);
		const plain = build({ areas: THREE }).legend;
		expect([plain.noData.count, plain.suppressed.count, plain.flag.count]).toEqual([0, 0, 0]);
	});

	test('the rendered legend: no "(0 …)" row, and no-data and suppressed swatches only when some area has them', () => {
		const labels = { legendTitle: 'Share', noData: 'No data', suppressed: 'Suppressed', flag: 'Caution', count: (n: number) => `${n} ${n === 1 ? 'area' : 'areas'}` };
		const props = { id: 'lg', title: 'T', description: 'D', width: 480, height: 240, format: (v: number) => `${Math.round(v * 100)} %`, labels };
		const mixed = render(Choropleth, { props: { ...props, areas: MIXED, domain: [0, 1] as [number, number] } }).body;
		const legend = mixed.slice(mixed.indexOf('<svg class="choropleth-legend'));
		expect(legend).toContain('>20 % – 40 % (2 areas)</text>');
		expect(legend).toContain('>No data (1 area)</text>');
		expect(legend).toContain('>Suppressed (1 area)</text>');
		expect(legend).toContain('>Caution (1 area)</text>');
		expect(legend).not.toMatch(/\(0 areas?\)/);
		const plain = render(Choropleth, { props: { ...props, areas: THREE } }).body;
		expect(plain).not.toContain('No data');
		expect(plain).not.toContain('Suppressed');
	});
});

describe('flagged areas', () => {
	const render2 = (areas: ChoroplethAreaInput[]) => render(Choropleth, { props: {
		id: 'fm', title: 'T', description: 'D', areas, width: 480, height: 240, format: (v: number) => `${Math.round(v * 100)}%`,
		labels: { noData: 'none', suppressed: 'hidden', flag: 'caution' } } }).body;

	test('a flagged area gets a dashed outline and the legend its item', () => {
		const body = render2([area('A', -73.7, 0.2), area('B', -73.66, 0.5, 'flag')]);
		expect(body.match(/class="flagged"/g)?.length).toBe(1);
		expect(body).toContain('stroke-dasharray="4 3"');
		expect(body).toContain('>caution (1)</text>');
	});

	test('without a flagged area, no outline and no legend item', () => {
		const body = render2(THREE);
		expect(body).not.toContain('class="flagged"');
		expect(body).not.toContain('>caution');
	});
});

describe('buildChoropleth geometry', () => {
	test.each([
		{ args: { width: 640, height: 480 } },
		{ args: { width: 300, height: 600 } },
		{ args: { width: 1000, height: 200 } },
		{ args: { width: 640, height: 480, legendWidth: 0 } }
	])('paths are non-empty and inside the frame, right of the legend: $args', ({ args }) => {
		const spec = build(args);
		const left = args.legendWidth ?? Math.min(180, Math.max(110, args.width / 4));
		const points = spec.areas.flatMap((a) => pathPoints(a.d));
		expect(spec.areas.every((a) => /^M.+z$/.test(a.d))).toBe(true);
		for (const [x, y] of [...points, ...spec.areas.map((a) => a.centroid)]) {
			expect(x).toBeGreaterThanOrEqual(left - 0.05);
			expect(x).toBeLessThanOrEqual(args.width + 0.05);
			expect(y).toBeGreaterThanOrEqual(-0.05);
			expect(y).toBeLessThanOrEqual(args.height + 0.05);
		}
		// fitExtent fills the frame along at least one axis (4 px padding each side).
		const xs = points.map((p) => p[0]);
		const ys = points.map((p) => p[1]);
		const spanX = Math.max(...xs) - Math.min(...xs);
		const spanY = Math.max(...ys) - Math.min(...ys);
		expect(Math.max(spanX / (args.width - left - 8), spanY / (args.height - 8))).toBeCloseTo(1, 2);
	});

	test('areas keep their input order and west-to-east layout', () => {
		const spec = build();
		expect(spec.areas.map((a) => a.code)).toEqual(['A', 'B', 'C']);
		const [a, b, c] = spec.areas.map((x) => x.centroid[0]);
		expect(a).toBeLessThan(b!);
		expect(b).toBeLessThan(c!);
	});

	test.each([
		{ args: { selected: 'B' }, expected: [false, true, false] },
		{ args: { selected: undefined }, expected: [false, false, false] },
		{ args: { selected: 'ZZ' }, expected: [false, false, false] }
	])('selected $args.selected → $expected', ({ args, expected }) => {
		expect(build(args).areas.map((a) => a.selected)).toEqual(expected);
	});

	test('no areas: an empty map with its legend', () => {
		const spec = build({ areas: [] });
		expect(spec.areas).toEqual([]);
		expect(spec.domain).toEqual([0, 1]);
		expect(spec.legend.classes).toHaveLength(0); // no class holds an area
		expect(spec.labels.wide).toEqual([]);
	});

	test.each([
		{ args: { areas: [{ ...area('CCW', -73.6, 0.5), geometry: rewindCcw(square(-73.6, 45.5)) }] }, expected: /counter-clockwise/ },
		{ args: { domain: [0.5, 0.5] as [number, number] }, expected: /domain must be increasing/ },
		{ args: { width: 0 }, expected: /size must be positive/ },
		{ args: { height: Number.NaN }, expected: /size must be positive/ }
	])('rejects $expected', ({ args, expected }) => {
		expect(() => build(args)).toThrow(expected);
	});
});

function rewindCcw(geometry: ChoroplethAreaInput['geometry']): ChoroplethAreaInput['geometry'] {
	if (geometry.type !== 'Polygon') throw new Error('test helper takes polygons');
	return { type: 'Polygon', coordinates: geometry.coordinates.map((ring) => [...ring].reverse()) };
}

describe('compact path data', () => {
	test.each([
		{ args: 0, expected: '0' },
		{ args: 7, expected: '.7' },
		{ args: -7, expected: '-.7' },
		{ args: 20, expected: '2' },
		{ args: -13, expected: '-1.3' },
		{ args: 12345, expected: '1234.5' }
	])('tenths($args) = $expected', ({ args, expected }) => {
		expect(tenths(args)).toBe(expected);
	});

	test.each([
		{ args: { ring: [[0, 0], [5, 0.1], [10, 0], [10, 10], [0, 10]], tolerance: 0.5 }, expected: [[0, 0], [10, 0], [10, 10], [0, 10]] },
		{ args: { ring: [[0, 0], [5, 1], [10, 0], [10, 10], [0, 10]], tolerance: 0.5 }, expected: [[0, 0], [5, 1], [10, 0], [10, 10], [0, 10]] }
	] as { args: { ring: [number, number][]; tolerance: number }; expected: [number, number][] }[])(
		'simplifyRing keeps vertices farther than the tolerance: %#',
		({ args, expected }) => {
			expect(simplifyRing(args.ring, args.tolerance)).toEqual(expected);
		}
	);
});

describe('Montreal fixture', () => {
	const areas = montrealAreas();
	const labels = { legendTitle: 'Sentiment de sécurité', noData: 'Aucune donnée', suppressed: 'Supprimé', flag: 'À interpréter avec prudence' };
	const format = (v: number) => `${(v * 100).toFixed(1).replace('.', ',')} %`;

	test('34 areas, each drawn, well under 60 kB of SVG', () => {
		const spec = buildChoropleth({ areas, width: 640, height: 480, selected: 'VM' });
		expect(spec.areas).toHaveLength(34);
		expect(spec.areas.every((a) => a.d.length > 20)).toBe(true);
		const { body } = render(Choropleth, {
			props: { id: 'home-map', title: 'Carte', description: 'Par arrondissement', areas, format, labels, selected: 'VM', hrefFor: (code: string) => `/?area=${code}` }
		});
		const svg = body.slice(body.indexOf('<svg'), body.lastIndexOf('</svg>') + 6);
		const bytes = new TextEncoder().encode(svg).length;
		console.info(`Montreal choropleth: ${bytes} bytes of SVG`);
		expect(bytes).toBeLessThan(40_000);
		expect(svg).not.toMatch(/NaN|undefined/);
	});
});

describe('Choropleth.svg.svelte on the server', () => {
	const format = (v: number) => `${(v * 100).toFixed(1).replace('.', ',')} %`;
	const labels = { legendTitle: 'Proportion', noData: 'Aucune donnée', suppressed: 'Supprimé' };
	const areas = [
		{ ...area('A', -73.7, 0.2), name: '<script>alert(1)</script>' },
		area('B', -73.66, null, 'suppressed'),
		area('C', -73.62, 0.8),
		area('D', -73.58, null, 'no_data')
	];
	const { body } = render(Choropleth, {
		props: {
			id: 'map',
			title: 'Se sentir en sécurité',
			description: 'Proportion par arrondissement',
			areas,
			format,
			labels,
			selected: 'C',
			hrefFor: (code: string) => (code === 'D' ? null : `/?area=${code}`)
		}
	});

	test('title, description, one path per area, links, selected outline, hatch', () => {
		expect(body).toContain('<title id="map-title">Se sentir en sécurité</title>');
		expect(body).toContain('aria-labelledby="map-title map-desc"');
		expect(body.match(/<path[^>]*class="area\b/g)).toHaveLength(4);
		expect(body.match(/<a\b[^>]*href="\/\?area=/g)).toHaveLength(3);
		expect(body.match(/<path[^>]*class="selected"/g)).toHaveLength(1);
		expect(body).toContain('<pattern id="map-hatch"');
		expect(body).toContain('fill="url(#map-hatch)"');
		expect(body).toContain('80,0 %');
		expect(body).toContain('Aucune donnée');
		expect(body).toContain(`${format(0.2)} – ${format(0.4)} (1)`);
		expect(body).not.toContain(`${format(0.4)} – ${format(0.6)}`); // the empty middle class is not in the legend
	});

	test('no NaN and names escaped', () => {
		expect(body).not.toMatch(/NaN|undefined/);
		expect(body).not.toContain('<script>alert(1)');
		expect(body).toContain('&lt;script>alert(1)&lt;/script>');
	});
});
