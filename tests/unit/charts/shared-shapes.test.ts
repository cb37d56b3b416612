import { render } from 'svelte/server';
import { describe, expect, test } from 'vitest';
import AreaShapes from '../../../app/lib/charts/AreaShapes.svg.svelte';
import Choropleth from '../../../app/lib/charts/Choropleth.svg.svelte';
import { buildChoropleth, type ChoroplethAreaInput } from '../../../app/lib/charts/choropleth';
import { shareShapes } from '../../../app/lib/charts/shared-shapes';

/** A lon/lat square wound clockwise (north up), as d3-geo wants exterior rings. */
function square(lon: number, lat: number, size = 0.02): ChoroplethAreaInput['geometry'] {
	const ring = [[lon, lat], [lon, lat + size], [lon + size, lat + size], [lon + size, lat], [lon, lat]];
	return { type: 'Polygon', coordinates: [ring] };
}

const AREAS: ChoroplethAreaInput[] = [
	{ code: 'A', name: 'Area A', geometry: square(-73.7, 45.5), value: 0.2, status: 'ok' },
	{ code: 'B', name: 'Area B', geometry: square(-73.66, 45.5), value: 0.5, status: 'flag' },
	{ code: 'C', name: 'Area C', geometry: square(-73.62, 45.5), value: null, status: 'suppressed' },
	{ code: 'D', name: 'Area D', geometry: square(-73.58, 45.5), value: null, status: 'no_data' }
];
const small = (id: string, selected?: string) => buildChoropleth({ areas: AREAS, width: 420, height: 300, id, selected });
const LABELS = { noData: 'No data', suppressed: 'Suppressed', flag: 'Caution' };
const mapOf = (props: Record<string, unknown>) =>
	render(Choropleth, { props: { id: 'm', title: 'T', description: 'D', format: (v: number) => v.toFixed(2), labels: LABELS, show: 'map', ...props } as never }).body.replace(/<!--[^]*?-->/g, '');

describe('shareShapes', () => {
	test('maps of the same areas and size share every shape; the areas keep all but their path and centroid', () => {
		const specs = [small('m1'), small('m2', 'B')];
		const { shapes, specs: shared } = shareShapes(specs);
		expect(shapes).toEqual(specs[0]!.areas.map((a) => a.d));
		for (const [i, spec] of shared.entries()) {
			expect(spec.areas.map((a) => a.shape)).toEqual([0, 1, 2, 3]);
			const { d: _d, centroid: _c, ...rest } = specs[i]!.areas[1]!;
			expect(spec.areas[1]).toEqual({ ...rest, shape: 1 });
			expect(spec.legend).toBe(specs[i]!.legend);
		}
	});

	test('maps of another size keep their own shapes', () => {
		const other = buildChoropleth({ areas: AREAS, width: 640, height: 480 });
		const { shapes, specs } = shareShapes([small('m1'), other]);
		expect(shapes).toHaveLength(8);
		expect(specs[1]!.areas.map((a) => a.shape)).toEqual([4, 5, 6, 7]);
	});
});

describe('a choropleth drawn from shared shapes', () => {
	const { shapes, specs } = shareShapes([small('m', 'B')]);
	const shared = mapOf({ spec: specs[0], shapes: 'sh', hrefFor: (code: string) => `/x?b=${code}` });
	const own = mapOf({ spec: small('m', 'B'), hrefFor: (code: string) => `/x?b=${code}` });

	test('the shapes once, hidden from assistive technology, without paint', () => {
		const defs = render(AreaShapes, { props: { prefix: 'sh', shapes } }).body;
		expect(defs).toMatch(/<svg class="area-shapes[^"]*" width="0" height="0" aria-hidden="true"/);
		expect([...defs.matchAll(/<path id="sh-(\d)" d="([^"]+)"/g)].map((m) => [Number(m[1]), m[2]])).toEqual(shapes.map((d, i) => [i, d]));
		expect(defs).not.toMatch(/fill=|stroke=/);
	});

	test('each area one <use> with its fill, link, name and hover text; outlines of the flagged and chosen area too; no path data', () => {
		expect(shared).not.toContain(' d="');
		const areas = [...shared.matchAll(/<a href="([^"]+)" aria-label="([^"]+)"[^>]*><use class="area (\w+)[^"]*" href="#sh-(\d)" fill="([^"]+)"><title>([^<]+)<\/title><\/use><\/a>/g)];
		expect(areas.map((m) => [m[1], m[3], m[4]])).toEqual([['/x?b=A', 'ok', '0'], ['/x?b=B', 'flag', '1'], ['/x?b=C', 'suppressed', '2'], ['/x?b=D', 'no_data', '3']]);
		expect(areas.map((m) => m[5])).toEqual(specs[0]!.areas.map((a) => a.fill));
		expect(areas.map((m) => m[2])).toEqual(areas.map((m) => m[6]));
		// The same names, hover texts and fills as the map drawn with its own paths.
		const ownAreas = [...own.matchAll(/aria-label="([^"]+)"[^>]*><path class="area[^"]*" d="[^"]+" fill="([^"]+)"/g)].map((m) => [m[1], m[2]]);
		expect(areas.map((m) => [m[2], m[5]])).toEqual(ownAreas);
		expect(shared).toMatch(/<g class="areas[^"]*" stroke="#ffffff" stroke-width="0.75">/);
		expect(shared.match(/<g class="flagged"[^>]*>[\s\S]*?<\/g>/)?.[0].match(/<use href="#sh-1"/g)).toHaveLength(2);
		expect(shared).toMatch(/<use class="selected-halo[^"]*" href="#sh-1"/);
		expect(shared).toMatch(/<use class="selected[^"]*" href="#sh-1"/);
	});

	test('a map with its own paths is drawn as before: no <use>, the outline on each path', () => {
		expect(own).not.toContain('<use');
		expect(own).toMatch(/<g class="areas[^"]*">/);
		expect(own.match(/<path class="area[^"]*" d="[^"]+" fill="[^"]+" stroke="#ffffff" stroke-width="0.75">/g)).toHaveLength(4);
	});
});
