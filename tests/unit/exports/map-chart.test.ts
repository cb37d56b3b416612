/**
 * The map page's chart (`rates`) from a hand-made map view holding a suppressed row with its
 * numbers, as an analyst's unredacted view would: a viewer's export (CSV, SVG, PowerPoint) carries
 * neither its rate, its interval nor its incident count; an analyst's unsuppressed CSV keeps them,
 * marked; only the layers the page shows are exported.
 */
import { describe, expect, test } from 'vitest';
import { chartsOf } from '../../../app/lib/exports/charts';
import { chartCsv } from '../../../app/lib/exports/csv';
import { chartPptx } from '../../../app/lib/exports/pptx';
import { chartSvg } from '../../../app/lib/exports/svg';
import type { MapData, RateRow } from '../../../app/lib/server/views/map';
import { readPptx } from '../../helpers/pptx';

const HIDDEN = { n: 3, estimate: 7.654321, ci: [1.578912, 22.36789] as [number, number] };
const square = (x: number) => `M${x},0h50v50h-50Z`;

function view(over: { layers?: MapData['selected']['layers']; indicator?: string } = {}): MapData {
	const rows: RateRow[] = [
		{ code: 'A', name: 'Anjou', n: 181, estimate: 4.185, ci: [3.597, 4.841], rate_ratio: null, population: 43250, status: 'ok', flags: [] },
		{ code: 'B', name: 'Beaconsfield', n: 16, estimate: 0.83, ci: [0.4745, 1.348], rate_ratio: null, population: 19277, status: 'flag', flags: ['count_below_20'] },
		{ code: 'C', name: 'Côte-Saint-Luc', ...HIDDEN, rate_ratio: null, population: 392, status: 'suppressed', flags: ['count_below_min'] }
	];
	return {
		selected: { layers: over.layers ?? ['rates'], indicator: over.indicator ?? 'incident_rate', geography: 'montreal', wave: '2024', category: '', borough: null, hexagons: 'mapping' },
		options: { indicators: [], geographies: ['montreal'], waves: ['2024'], categories: [], areas: [], hexagonSources: [] },
		map: { width: 200, height: 60, patternId: 'map-hatch', areas: rows.map((r, i) => ({ code: r.code, name: r.name, d: square(i * 60), value: r.estimate,
			fill: r.status === 'suppressed' ? 'url(#map-hatch)' : '#6baed6', status: r.status, selected: false })) },
		rates: { indicator: over.indicator ?? 'incident_rate', label: 'Incidents per 1,000 residents', domain: [0, 5], legend: [{ from: 0, to: 5, fill: '#6baed6' }] as never,
			rows, period: '2024-01 – 2024-12', populationYear: '2021', title: 'Test incidents', synthetic: true },
		hexagons: null, audit: null, ratesNote: null, panel: null, synthetic: true, empty: false
	};
}

// The rate as the map's area title would write it ("… residents 7.7") included.
const secrets = [String(HIDDEN.estimate), '7.6543', '7,6543', 'residents 7.7', '1.5789', '22.3679', '1.6 – 22.4'];

describe('the rates chart', () => {
	test('a viewer: the suppressed area has no rate, no interval and no count anywhere', async () => {
		const [chart] = chartsOf({ view: 'map', data: view() }, { locale: 'en', unsuppressed: false });
		expect(chart!.model.cells.find((c) => c.category === 'Côte-Saint-Luc')).toMatchObject({ estimate: null, ci: null, n: null, status: 'suppressed' });
		const csv = chartCsv(chart!.model, 'en');
		expect(csv).toContain('\r\nCôte-Saint-Luc,,,,,,Suppressed: too small a count to show,count_below_min\r\n');
		expect(csv).toContain('\r\nAnjou,,4.185,3.597,4.841,181,Reliable,\r\n');
		const svg = chartSvg(chart!);
		const pptx = await readPptx(await chartPptx(chart!.model));
		for (const body of [csv, svg, pptx.everything]) for (const s of secrets) expect(body).not.toContain(s);
		// "n = 3" nowhere either (the speaker notes say the area is suppressed, without its count).
		expect(pptx.notesText.join(' ')).toContain('Côte-Saint-Luc: suppressed, no value shown');
		expect(pptx.everything).not.toMatch(/n = 3\b/);
		expect(svg).toContain('fill="url(#map-hatch)"');
		expect(svg).toContain('Demonstration data: the incidents');
	});

	test('an analyst\'s unsuppressed CSV keeps them, not for publication', () => {
		const [chart] = chartsOf({ view: 'map', data: view() }, { locale: 'en', unsuppressed: true });
		const csv = chartCsv(chart!.model, 'en');
		expect(csv).toMatch(/\r\nCôte-Saint-Luc,,7\.6543,1\.5789,22\.3679,3,Suppressed: [^\r]*not for publication,/);
	});

	test.each([
		[{ layers: ['hexagons', 'audit'] as MapData['selected']['layers'] }],
		[{ indicator: 'incident_count' }]
	])('nothing to export when the page draws no rates: %j', (over) => {
		expect(chartsOf({ view: 'map', data: view(over) }, { locale: 'fr', unsuppressed: false })).toEqual([]);
	});
});
