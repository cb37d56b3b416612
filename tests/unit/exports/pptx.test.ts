/**
 * PowerPoint exports from hand-made charts: a valid package whose native chart holds the chart's
 * numbers (estimates as the values, intervals as custom error bars), a suppressed value nowhere
 * (no zero, no empty point, no workbook cell), a real 0 kept, the text (title, filters, source,
 * method, notes) on the slide and in the speaker notes, French number formats, each kind.
 */
import { describe, expect, test } from 'vitest';
import { chartPptx, deckPptx, fixChartXml, PPTX_MIME } from '../../../app/lib/exports/pptx';
import type { ChartExport, ExportCell } from '../../../app/lib/exports/model';
import { formatPercent } from '../../../app/lib/i18n';
import { readPptx } from '../../helpers/pptx';

const cell = (category: string, series: string | null, estimate: number | null, ci: [number, number] | null, extra: Partial<ExportCell> = {}): ExportCell =>
	({ category, series, estimate, ci, n: 400, status: estimate === null ? 'suppressed' : 'ok', flags: estimate === null ? ['n_below_min'] : [], ...extra });

/** A value the engine computed for the suppressed cell: it must not travel anywhere. */
const HIDDEN = 0.4321987;

function bars(over: Partial<ChartExport> = {}): ChartExport {
	const raw = cell('18–24', 'Men', HIDDEN, [0.3111, 0.5222], { n: 17 });
	return {
		id: 'age-gender', chart: 'bars', file: 'vigie-test-age-gender', locale: 'en',
		title: 'Feeling safe after dark by age and gender', subtitle: 'Montréal-Nord · 2024 · all respondents',
		source: 'Source: Test survey (wave 2024), 2,400 respondents.', method: '95% confidence intervals (Korn–Graubard)',
		notes: ['18–24 · Men — Suppressed: fewer than 30 respondents'], summary: 'Women feel less safe than men at every age.',
		measure: { type: 'proportion', label: 'Share of respondents' },
		categories: ['12–17', '18–24', '25–34'], series: ['Women', 'Men'],
		cells: [
			cell('12–17', 'Women', 0.624, [0.581, 0.665], { status: 'flag', flags: ['cv_high'] }), cell('12–17', 'Men', 0.71, [0.66, 0.755]),
			cell('18–24', 'Women', 0.5, [0.45, 0.55]), { ...raw, estimate: null, ci: null, status: 'suppressed', flags: ['n_below_min'] },
			cell('25–34', 'Women', 0, [0, 0.04]), cell('25–34', 'Men', 0.81, [0.77, 0.85])
		],
		...over
	};
}

describe('one chart as a one-slide deck', () => {
	test('a valid package: content types, one slide with a bar chart and its workbook, the MIME type of a presentation', async () => {
		const bytes = await chartPptx(bars());
		expect(bytes[0]).toBe(0x50); // PK
		expect(bytes[1]).toBe(0x4b);
		const p = await readPptx(bytes);
		expect(p.contentTypes).toContain('application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml');
		expect(p.contentTypes).toContain('drawingml.chart+xml');
		expect(p.slides).toHaveLength(1);
		expect(p.charts).toHaveLength(1);
		expect(p.charts[0]!.kind).toBe('bar');
		expect(p.charts[0]!.xml).toContain('<c:barDir val="bar"/>');
		expect(PPTX_MIME).toBe('application/vnd.openxmlformats-officedocument.presentationml.presentation');
	});

	test('the chart holds the same numbers: estimates as values, the intervals as custom error bars', async () => {
		const chart = bars();
		const c = (await readPptx(await chartPptx(chart))).charts[0]!;
		expect(c.series.map((s) => s.name)).toEqual(['Women', 'Men']);
		for (const [k, s] of chart.series.entries()) {
			const series = c.series[k]!;
			expect(series.values).toHaveLength(chart.categories.length);
			for (const [i, category] of chart.categories.entries()) {
				const x = chart.cells.find((y) => y.category === category && y.series === s)!;
				if (x.estimate === null) {
					expect(series.values[i]).toBeUndefined();
					expect(series.plus[i]).toBeUndefined();
					continue;
				}
				expect(series.values[i]).toBeCloseTo(x.estimate, 9);
				expect(x.estimate + series.plus[i]!).toBeCloseTo(x.ci![1], 9);
				expect(x.estimate - series.minus[i]!).toBeCloseTo(x.ci![0], 9);
			}
		}
		expect(c.xml).toContain('<c:errValType val="cust"/>');
		expect(c.xml).toContain('<c:dispBlanksAs val="gap"/>');
	});

	test('a suppressed value is no point at all, neither in the chart nor in its workbook, and its number appears nowhere', async () => {
		const many = Array.from({ length: 9 }, (_, i) => `Caution note ${i + 1}`);
		const p = await readPptx(await chartPptx(bars({ notes: many })));
		const c = p.charts[0]!;
		expect(c.xml).not.toMatch(/<c:v><\/c:v>/);
		expect(c.series[1]!.values[1]).toBeUndefined();
		// The workbook: row 3 is 18–24; column C is Men: no cell; the real 0 of 25–34 · Women (B4) is kept.
		expect(c.sheet).not.toMatch(/<c r="C3"/);
		expect(c.sheet).not.toMatch(/<v><\/v>/);
		expect(c.sheet).toMatch(/<c r="B4"><v>0<\/v><\/c>/);
		expect(c.series[0]!.values[2]).toBe(0);
		expect(p.everything).not.toContain(String(HIDDEN));
		expect(p.everything).not.toContain('43.2');
		expect(p.everything).not.toContain('0.5222');
		// Said in words on the slide and in the speaker notes.
		expect(p.slideText[0]).toContain('Suppressed (too few respondents or too uncertain), no value shown: 18–24 · Men.');
		expect(p.notesText[0]).toContain('18–24 · Men: suppressed, no value shown (n = 17)');
		// However many notes follow: the slide shows the first ones and points to the speaker notes, which hold them all.
		expect(p.slideText[0]).toContain('Caution note 5');
		expect(p.slideText[0]).not.toContain('Caution note 6');
		expect(p.slideText[0]).toContain('4 more notes in the speaker notes.');
		for (const n of many) expect(p.notesText[0]).toContain(n);
	});

	test('the slide and its speaker notes carry the title, the filters, the summary, the method, the notes and the source', async () => {
		const chart = bars();
		const p = await readPptx(await chartPptx(chart));
		for (const text of [p.slideText[0]!, p.notesText[0]!]) {
			for (const s of [chart.title, chart.subtitle, chart.summary, chart.source, chart.notes[0]!, 'Korn–Graubard', 'error bars: their 95% confidence intervals'])
				expect(text).toContain(s);
		}
		// Every published value in words in the speaker notes, with its interval, n and its caution mark.
		expect(p.notesText[0]).toContain('12–17 · Women: 62.4% E (95% CI 58.1% – 66.5%), n = 400');
		expect(p.notesText[0]).toContain('25–34 · Men: 81.0% (95% CI 77.0% – 85.0%), n = 400');
	});

	test('French: the chart number format puts a non-breaking space before %, the text uses decimal commas', async () => {
		const chart = bars({ locale: 'fr', notes: [] });
		const p = await readPptx(await chartPptx(chart));
		const c = p.charts[0]!;
		expect(c.xml).toContain('formatCode="0.0&quot;\u00a0&quot;%"');
		expect(c.xml).toContain('formatCode="0&quot;\u00a0&quot;%"');
		expect(formatPercent('fr', 0.624)).toBe('62,4\u00a0%');
		expect(p.notesText[0]).toContain('12–17 · Women : 62,4\u00a0% E (IC à 95 % 58,1\u00a0% – 66,5\u00a0%), n = 400');
		expect(p.slideText[0]).toContain('Supprimées (trop peu de répondants ou trop incertaines)');
		const en = (await readPptx(await chartPptx(bars()))).charts[0]!;
		expect(en.xml).toContain('formatCode="0.0%"');
	});

	test('a mean: two decimals, no percent', async () => {
		const chart = bars({ measure: { type: 'mean', label: 'Mean score' }, cells: bars().cells.map((c) => (c.estimate === null ? c : { ...c, estimate: c.estimate * 10, ci: [c.ci![0] * 10, c.ci![1] * 10] })) });
		const p = await readPptx(await chartPptx(chart));
		expect(p.charts[0]!.xml).toContain('formatCode="0.00"');
		expect(p.charts[0]!.series[0]!.values[0]).toBeCloseTo(6.24, 9);
		expect(p.notesText[0]).toContain('6.24 E (95% CI 5.81 – 6.65)');
	});

	test('a trend is a line chart with error bars and a gap where a wave is suppressed', async () => {
		const chart: ChartExport = { ...bars(), id: 'trend', chart: 'trend', categories: ['2022', '2023', '2024'], series: [],
			cells: [cell('2022', null, 0.55, [0.5, 0.6]), cell('2023', null, null, null), cell('2024', null, 0.61, [0.57, 0.65])] };
		const c = (await readPptx(await chartPptx(chart))).charts[0]!;
		expect(c.kind).toBe('line');
		expect(c.series).toHaveLength(1);
		expect(c.series[0]!.values).toEqual([0.55, undefined, 0.61]);
		expect(c.series[0]!.plus[2]).toBeCloseTo(0.04, 9);
		expect(c.xml).toContain('<c:dispBlanksAs val="gap"/>');
	});

	test('a map is the areas as bars, largest first, suppressed areas last and labelled', async () => {
		const chart: ChartExport = { ...bars(), id: 'map', chart: 'map', categories: ['Anjou', 'Lachine', 'Verdun', 'Outremont'], series: [],
			cells: [cell('Anjou', null, 0.3, [0.2, 0.4]), cell('Lachine', null, 0.6, [0.5, 0.7]), cell('Verdun', null, null, null), cell('Outremont', null, 0.45, [0.4, 0.5])] };
		const p = await readPptx(await chartPptx(chart));
		const c = p.charts[0]!;
		expect(c.series[0]!.values).toEqual([0.6, 0.45, 0.3, undefined]);
		expect(c.xml.indexOf('Lachine')).toBeLessThan(c.xml.indexOf('Outremont'));
		expect(c.xml).toContain('Verdun (suppressed)');
		expect(p.slideText[0]).toContain('PowerPoint has no map');
	});

	test('a heat map is a table with shaded cells, its values and intervals, "suppressed" where there is none, and no chart', async () => {
		const chart: ChartExport = { ...bars(), id: 'matrix', chart: 'heatmap' };
		const p = await readPptx(await chartPptx(chart));
		expect(p.charts).toHaveLength(0);
		expect(p.files.some((f) => f.startsWith('ppt/charts/'))).toBe(false);
		expect(p.slides[0]).toContain('<a:tbl>');
		expect(p.slideText[0]).toContain('62.4% E 58.1% – 66.5%');
		expect(p.slideText[0]).toContain('× suppressed');
		expect(p.slideText[0]).toContain('PowerPoint has no heat map');
		expect(p.slides[0]).toContain('<a:srgbClr val="08519C"/>'); // the largest value in the darkest blue
		expect(p.everything).not.toContain(String(HIDDEN));
	});
});

describe('a deck', () => {
	test('a summary slide, then one slide per chart, each chart with its own numbers', async () => {
		const a = bars(), b: ChartExport = { ...bars(), id: 'other', title: 'Another chart', cells: bars().cells.map((c) => (c.estimate ? { ...c, estimate: c.estimate / 2, ci: [c.ci![0] / 2, c.ci![1] / 2] } : c)) };
		const h: ChartExport = { ...bars(), id: 'm', chart: 'heatmap', title: 'A table' };
		const p = await readPptx(await deckPptx({ locale: 'en', title: 'Portrait of Montréal-Nord, 2024', subtitle: 'Every indicator',
			summary: ['Young women feel less safe.', 'The difference is significant.'], source: 'Source: test', charts: [a, h, b] }));
		expect(p.slides).toHaveLength(4);
		expect(p.slideText[0]).toContain('Portrait of Montréal-Nord, 2024');
		expect(p.slideText[0]).toContain('Young women feel less safe.');
		expect(p.slideText[0]).toContain('Source: test');
		expect(p.slideText[1]).toContain(a.title);
		expect(p.slideText[2]).toContain('A table');
		expect(p.slideText[3]).toContain('Another chart');
		expect(p.notesText).toHaveLength(4);
		expect(p.charts).toHaveLength(2);
		expect(p.charts[0]!.series[0]!.values[0]).toBeCloseTo(0.624, 9);
		expect(p.charts[1]!.series[0]!.values[0]).toBeCloseTo(0.312, 9);
		expect(p.charts[1]!.series[1]!.values[1]).toBeUndefined();
	});

	test('a chart without any value gets a slide that says so, and the charts after it keep their numbers', async () => {
		const empty: ChartExport = { ...bars(), id: 'empty', title: 'Nothing here', categories: [], cells: [] };
		const p = await readPptx(await deckPptx({ locale: 'fr', title: 'T', subtitle: 'S', summary: [], source: 'Source', charts: [empty, bars()] }));
		expect(p.slides).toHaveLength(3);
		expect(p.slideText[1]).toContain('Nothing here');
		expect(p.slideText[1]).toContain('No data');
		expect(p.charts).toHaveLength(1);
		expect(p.charts[0]!.series[0]!.values[0]).toBeCloseTo(0.624, 9);
		expect(p.charts[0]!.xml).toContain('<c:errBars>');
	});

	test('the error bars are added to the XML pptxgenjs wrote; XML of another shape is an error, not a chart without intervals', async () => {
		const p = await readPptx(await chartPptx(bars()));
		const xml = p.charts[0]!.xml;
		const series = [{ values: [0.5], ci: [[0.4, 0.6] as [number, number]] }];
		expect(fixChartXml('<c:ser><c:cat></c:cat><c:val/></c:ser>', { slide: 1, series })).toMatch(/^<c:ser><c:errBars>.*<\/c:errBars><c:cat>/);
		expect(() => fixChartXml('<c:ser><c:val/></c:ser>', { slide: 1, series })).toThrow(/<c:cat>/);
		expect(() => fixChartXml(xml.replace(/<c:ser>[\s\S]*?<\/c:ser>/g, ''), { slide: 1, series })).toThrow(/0 <c:ser> for 1 series/);
		expect(xml.match(/<c:errBars>/g)).toHaveLength(xml.match(/<c:ser>/g)!.length);
	});
});
