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

function view(over: { layers?: MapData['selected']['layers']; indicator?: string; statuses?: RateRow['status'][] } = {}): MapData {
	const rows: RateRow[] = [
		{ code: 'A', name: 'Anjou', n: 181, estimate: 4.185, ci: [3.597, 4.841], rate_ratio: null, population: 43250, status: 'ok', flags: [] },
		{ code: 'B', name: 'Beaconsfield', n: 16, estimate: 0.83, ci: [0.4745, 1.348], rate_ratio: null, population: 19277, status: 'flag', flags: ['count_below_20'] },
		{ code: 'C', name: 'Côte-Saint-Luc', ...HIDDEN, rate_ratio: null, population: 392, status: 'suppressed', flags: ['count_below_min'] }
	].map((r, i) => (over.statuses ? { ...r, status: over.statuses[i]!, flags: [] } : r)) as RateRow[];
	return {
		selected: { layers: over.layers ?? ['rates'], indicator: over.indicator ?? 'incident_rate', geography: 'montreal', wave: '2024', category: '', borough: null, hexagons: 'mapping' },
		options: { indicators: [], geographies: ['montreal'], waves: ['2024'], categories: [], areas: [], hexagonSources: [] },
		map: { width: 200, height: 60, patternId: 'map-hatch', areas: rows.map((r, i) => ({ code: r.code, name: r.name, d: square(i * 60), value: r.estimate,
			fill: r.status === 'suppressed' ? 'url(#map-hatch)' : '#6baed6', status: r.status, selected: false })),
			labels: { wide: [], narrow: [], narrowFont: 20 } },
		rates: { indicator: over.indicator ?? 'incident_rate', label: 'Incidents per 1,000 residents', domain: [0, 5],
			legend: { classes: [{ from: 0, to: 5, fill: '#6baed6', count: 2, y: 24 }], step: 5, noData: { count: 0, y: 54 },
				suppressed: { count: rows.filter((r) => r.status === 'suppressed').length, y: 54 }, flag: { count: rows.filter((r) => r.status === 'flag').length, y: 74 },
				noDataFill: '#f0f0f0', suppressedPatternId: 'map-hatch', x: 4, titleY: 16, swatchSize: 14, height: 94 },
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

	test('nothing to export when the page draws no layer with numbers', () => {
		expect(chartsOf({ view: 'map', data: view({ layers: ['partners'] }) }, { locale: 'fr', unsuppressed: false })).toEqual([]);
		expect(chartsOf({ view: 'map', data: view({ layers: ['hexagons', 'audit'] }) }, { locale: 'fr', unsuppressed: false })).toEqual([]); // neither is loaded here
	});

	test('counts where there are no residents: exported as counts, with the count words', () => {
		const [chart] = chartsOf({ view: 'map', data: view({ indicator: 'incident_count' }) }, { locale: 'en', unsuppressed: false });
		expect(chart!.model.measure.label).toBe('incidents');
		expect(chart!.model.summary).toMatch(/^A count for 2 of 3 areas/);
	});

	test('the notes speak only of the marks the map draws: a dashed outline for the flagged area, hatching for the suppressed one', () => {
		const [chart] = chartsOf({ view: 'map', data: view() }, { locale: 'en', unsuppressed: false });
		const svg = chartSvg(chart!);
		const notes = chart!.model.notes.join(' ');
		expect(notes).toMatch(/dashes/);
		expect(svg).toContain('stroke-dasharray="4 3"'); // the flagged area's outline on the map
		expect(svg).toContain('stroke-dasharray="3 2"'); // and its legend row
		expect(notes).toMatch(/hatched/);
		expect(svg).toContain('fill="url(#map-hatch)"');
		expect(notes).not.toMatch(/×|grey/); // no cross is drawn and every area has a value or is hatched
		// The legend: the class that holds the two areas with a rate, then the caution and suppressed rows, counted; no empty row.
		for (const row of ['0 – 5 (2 areas)', 'Use with caution (1 area)', 'Suppressed (1 area)']) expect(svg).toContain(`>${row}</text>`);
		expect(svg).not.toMatch(/\(0 areas?\)/);
		const plain = chartsOf({ view: 'map', data: view({ statuses: ['ok', 'ok', 'ok'] }) }, { locale: 'en', unsuppressed: false })[0]!;
		expect(plain.model.notes.join(' ')).not.toMatch(/dashes|hatched|grey/);
		expect(chartSvg(plain)).not.toContain('stroke-dasharray');
	});
});
