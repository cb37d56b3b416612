/**
 * PowerPoint exports (server side): one chart as a one-slide deck, or a deck (a summary slide,
 * then one chart per slide), with native charts a reader can edit in PowerPoint (pptxgenjs).
 *
 * How each kind is drawn, and why:
 * - bars, dots, map: a horizontal clustered bar chart of the estimates (one bar series per
 *   series), each bar with a custom error bar from the low to the high end of its 95 % interval.
 *   PowerPoint's error bars are the native, editable form of an interval (Format Error Bars →
 *   Custom); pptxgenjs cannot write them, so they are added to the chart XML after it (the
 *   estimate stays the bar's value; the error bar holds high − estimate and estimate − low). A
 *   dot-and-interval chart becomes bars with error bars: PowerPoint has no dot plot with
 *   horizontal intervals, and a bar starting at 0 is honest for shares. A map becomes the areas
 *   as bars, largest first (PowerPoint has no map); the slide says so.
 * - trend: a line chart with markers, one line per series, with the same vertical error bars.
 * - heatmap: PowerPoint has no heat map: a table of the values and intervals, each cell shaded by
 *   its value (darker = larger), suppressed cells grey with the word "suppressed".
 * A suppressed cell (`estimate: null`) is no point at all: pptxgenjs writes an empty `<c:v>` (and
 * an empty cell in the embedded workbook, and turns a real 0 into an empty cell there), so the
 * package is corrected after pptxgenjs: the empty point is removed from the chart's cache (a gap,
 * never a zero), the workbook cell is removed, a real 0 written back. The slide and the speaker
 * notes name each suppressed value. Numbers on the slide's text are in the reader's language; the
 * chart's number format puts the French "%" after a non-breaking space (its decimal separator is
 * the one of the viewer's regional settings: a number format cannot choose it).
 */
import PptxGenJS from 'pptxgenjs';
import JSZip from 'jszip';
import { fitAxis, measureLimit } from '../charts/axis';
import { formatNumber, formatPercent, t, type Locale, type MessageKey } from '../i18n';
import type { ChartExport, ExportCell } from './model';

export interface Deck {
	locale: Locale;
	title: string;
	subtitle: string;
	/** The key findings in words, one paragraph each. */
	summary: string[];
	source: string;
	charts: ChartExport[];
}

export const PPTX_MIME = 'application/vnd.openxmlformats-officedocument.presentationml.presentation';

const W = 13.333; // LAYOUT_WIDE, inches
const FONT = 'Calibri';
const INK = '1A1A1A';
const GREY = '555555';
/** Light fills, so that a value label in dark ink reads on the bar and beside a short one. */
const COLORS = ['6BAED6', 'FD8D3C', '74C476', '9E9AC8', 'BDBDBD', 'FA9FB5'];
const ERROR_BAR = '303030';

/** The chart as the page draws it, as a PNG: a map's slide shows it (names, outlines, legend) before the native bars. */
export interface SlidePicture {
	png: Uint8Array;
	width: number;
	height: number;
}

/** Above this many values a map's native bar chart is unreadable (hexagons, sites): its slide is the picture alone. */
const MAX_BARS = 40;

/**
 * One slide with the chart: title, filters, the native chart (or table), summary, method, notes,
 * source; the same in the speaker notes. A map with its `picture`: the picture's slide first, then
 * the areas as native bars (editable numbers) when they are few enough to read.
 */
export async function chartPptx(chart: ChartExport, picture?: SlidePicture): Promise<Uint8Array> {
	const pptx = newDeck(chart.locale, chart.title);
	const fixes: ChartFix[] = [];
	if (picture) addChartSlide(pptx, chart, fixes, 1, picture);
	if (!picture || chart.cells.length <= MAX_BARS) addChartSlide(pptx, chart, fixes, picture ? 2 : 1);
	return finish(pptx, fixes);
}

/** A summary slide (the key findings in words), then one slide per chart. */
export async function deckPptx(deck: Deck): Promise<Uint8Array> {
	const pptx = newDeck(deck.locale, deck.title);
	const slide = pptx.addSlide();
	slide.addText(deck.title, { x: 0.5, y: 0.35, w: W - 1, h: 0.9, fontFace: FONT, fontSize: 28, bold: true, color: INK, valign: 'top' });
	slide.addText(deck.subtitle, { x: 0.5, y: 1.2, w: W - 1, h: 0.45, fontFace: FONT, fontSize: 16, color: GREY });
	slide.addText(deck.summary.map((p) => ({ text: p, options: { bullet: true, breakLine: true, paraSpaceAfter: 10 } })),
		{ x: 0.5, y: 1.8, w: W - 1, h: 4.7, fontFace: FONT, fontSize: 16, color: INK, valign: 'top', fit: 'shrink' });
	slide.addText(deck.source, { x: 0.5, y: 6.65, w: W - 1, h: 0.6, fontFace: FONT, fontSize: 10, color: GREY, valign: 'bottom' });
	slide.addNotes([deck.title, deck.subtitle, '', ...deck.summary, '', deck.source].join('\n'));
	const fixes: ChartFix[] = [];
	deck.charts.forEach((chart, k) => addChartSlide(pptx, chart, fixes, k + 2));
	return finish(pptx, fixes);
}

function newDeck(locale: Locale, title: string): PptxGenJS {
	const pptx = new PptxGenJS();
	pptx.layout = 'LAYOUT_WIDE';
	pptx.title = title;
	pptx.author = 'Vigie';
	pptx.company = 'Vigie';
	return pptx;
}

/** What must be corrected in one chart's XML and workbook after pptxgenjs: per series, the values and intervals in category order. */
interface ChartFix {
	/** The slide's number (1-based) in the deck. */
	slide: number;
	series: { values: (number | null)[]; ci: ([number, number] | null)[] }[];
}

/** A text as a sentence: one final full stop, whether the text had one or not. */
const sentence = (text: string) => `${text.replace(/[.\s]+$/, '')}.`;

/** The chart's categories in the order drawn: a map's areas largest first, suppressed ones last. */
export function drawnCategories(chart: ChartExport): string[] {
	if (chart.chart !== 'map') return chart.categories;
	const value = (c: string) => chart.cells.find((x) => x.category === c)?.estimate ?? null;
	return [...chart.categories].sort((a, b) => (value(b) ?? -Infinity) - (value(a) ?? -Infinity));
}

const seriesNames = (chart: ChartExport): (string | null)[] => (chart.series.length ? chart.series : [null]);
const cellOf = (chart: ChartExport, category: string, series: string | null): ExportCell | undefined =>
	chart.cells.find((c) => c.category === category && (c.series === series || (series === null && chart.series.length === 0)));

/** A value as the slide's text shows it: "62,4 %" / "62.4%", a mean with two decimals, a rate with one. */
export function valueText(chart: ChartExport, v: number): string {
	if (chart.measure.type === 'proportion') return formatPercent(chart.locale, v);
	return formatNumber(chart.locale, v, chart.measure.type === 'mean' ? 2 : 1);
}

/** The chart's number format (data labels and axis): French puts a non-breaking space before "%". */
export function numberFormat(chart: ChartExport, digits = chart.measure.type === 'mean' ? 2 : 1): string {
	const decimals = digits > 0 ? `.${'0'.repeat(digits)}` : '';
	if (chart.measure.type !== 'proportion') return `0${decimals}`;
	return chart.locale === 'fr' ? `0${decimals}"\u00a0"%` : `0${decimals}%`;
}

const cellLabel = (chart: ChartExport, c: ExportCell) => (c.series ? `${c.category} · ${c.series}` : c.category);

/** Each value in words for the speaker notes: "Montréal-Nord · Women: 62,4 % (95 % CI 58,1 % – 66,5 %), n = 412". */
function cellNote(chart: ChartExport, c: ExportCell): string {
	const tr = (key: MessageKey, p: Record<string, string | number> = {}) => t(chart.locale, key, p);
	// A viewer's suppressed count is not given at all (null), not even in the notes.
	if (c.n === null) return tr('deck.cell_hidden', { label: cellLabel(chart, c) });
	const n = formatNumber(chart.locale, c.n);
	if (c.estimate === null) return tr('deck.cell_suppressed', { label: cellLabel(chart, c), n });
	const flag = c.status === 'flag' ? ` ${tr('reliability.flag_mark')}` : '';
	const ci = c.ci ? tr('deck.cell_ci', { lo: valueText(chart, c.ci[0]), hi: valueText(chart, c.ci[1]) }) : '';
	return tr('deck.cell_value', { label: cellLabel(chart, c), value: valueText(chart, c.estimate) + flag, ci, n });
}

/** Adds the chart's slide, the `number`-th of the deck: its native chart, or its `picture`. */
function addChartSlide(pptx: PptxGenJS, chart: ChartExport, fixes: ChartFix[], number: number, picture?: SlidePicture): void {
	const tr = (key: MessageKey, p: Record<string, string | number> = {}) => t(chart.locale, key, p);
	const slide = pptx.addSlide();
	slide.addText(chart.title, { x: 0.4, y: 0.25, w: W - 0.8, h: 0.85, fontFace: FONT, fontSize: 22, bold: true, color: INK, valign: 'top', fit: 'shrink' });
	slide.addText(chart.subtitle, { x: 0.4, y: 1.05, w: W - 0.8, h: 0.4, fontFace: FONT, fontSize: 14, color: GREY, valign: 'top' });

	// Suppressed values only: a cell without data (no survey, no residents) is not "suppressed".
	const suppressed = chart.cells.filter((c) => c.estimate === null && c.status === 'suppressed');
	const how = picture ? tr('deck.map_as_picture') : chart.chart === 'heatmap' ? tr('deck.heatmap_as_table') : chart.chart === 'map' ? tr('deck.map_as_bars')
		: chart.chart === 'trend' ? tr('deck.interval_lines') : tr('deck.interval_bars');
	// Which values have no bar comes first, so that it is on the slide however many notes follow.
	const notes = [...(suppressed.length ? [tr('deck.suppressed_cells', { cells: suppressed.map((c) => cellLabel(chart, c)).join(tr('format.list_sep')) })] : []), ...chart.notes];

	if (!chart.categories.length || !chart.cells.length)
		slide.addText(t(chart.locale, 'chart.no_data'), { x: 0.4, y: 1.55, w: 8.5, h: 1, fontFace: FONT, fontSize: 16, color: GREY });
	else if (picture) {
		// As large as the chart's area allows (8.5 × 5 in), its proportions kept.
		const k = Math.min(8.5 / picture.width, 5.0 / picture.height);
		slide.addImage({ data: `image/png;base64,${Buffer.from(picture.png).toString('base64')}`, x: 0.4, y: 1.55, w: picture.width * k, h: picture.height * k,
			altText: chart.summary || chart.title });
	} else if (chart.chart === 'heatmap') addHeatTable(slide, chart);
	else fixes.push(addNativeChart(pptx, slide, chart, number));

	const side = [
		{ text: chart.summary, options: { fontSize: 12, breakLine: true, paraSpaceAfter: 8 } },
		{ text: `${sentence(chart.method)} ${how}`, options: { fontSize: 11, breakLine: true, paraSpaceAfter: 8, color: GREY } },
		...notes.slice(0, 6).map((n) => ({ text: n, options: { fontSize: 10, bullet: true, breakLine: true, color: GREY } })),
		...(notes.length > 6 ? [{ text: tr('deck.more_notes', { count: notes.length - 6 }), options: { fontSize: 10, italic: true, color: GREY } }] : [])
	];
	slide.addText(side, { x: 9.05, y: 1.55, w: 3.9, h: 5.0, fontFace: FONT, color: INK, valign: 'top', fit: 'shrink' });
	slide.addText(chart.source, { x: 0.4, y: 6.7, w: W - 0.8, h: 0.6, fontFace: FONT, fontSize: 10, color: GREY, valign: 'bottom' });
	slide.addNotes([chart.title, chart.subtitle, '', chart.summary, '', `${sentence(chart.method)} ${how}`, ...notes, '',
		...chart.cells.map((c) => cellNote(chart, c)), '', chart.source].join('\n'));
}

function addNativeChart(pptx: PptxGenJS, slide: PptxGenJS.Slide, chart: ChartExport, number: number): ChartFix {
	const categories = drawnCategories(chart);
	const names = seriesNames(chart);
	const single = names.length === 1;
	// A suppressed point has no bar: its category label says so when the chart has one series.
	const labels = categories.map((c) => (single && cellOf(chart, c, names[0]!)?.estimate === null ? `${c} (${t(chart.locale, 'reliability.suppressed').toLocaleLowerCase()})` : c));
	const fix: ChartFix = { slide: number, series: [] };
	const data = names.map((s) => {
		const cells = categories.map((c) => cellOf(chart, c, s));
		fix.series.push({ values: cells.map((c) => c?.estimate ?? null), ci: cells.map((c) => (c?.estimate === null ? null : c?.ci ?? null)) });
		return { name: s ?? chart.measure.label, labels, values: cells.map((c) => c?.estimate ?? null) as number[] };
	});
	// The page's rule for bars (PowerPoint draws dots as bars too): from zero to a round value above the highest interval.
	const axis = fitAxis(chart.cells.map((c) => ({ value: c.estimate, ci: c.ci, status: c.status })), { kind: 'bars', limit: measureLimit(chart.measure.type) });
	// A few bars do not fill the whole height: each bar stays about as thick as in a full chart.
	const h = Math.min(5.05, Math.max(2.4, 1.3 + categories.length * (0.2 + 0.2 * names.length)));
	const common: PptxGenJS.IChartOpts = {
		x: 0.4, y: 1.55, w: 8.5, h: chart.chart === 'trend' ? 5.05 : h,
		fontFace: FONT,
		chartColors: COLORS.slice(0, names.length),
		showLegend: !single, legendPos: 'b', legendFontSize: 11, legendFontFace: FONT,
		showValue: true, dataLabelFormatCode: numberFormat(chart), dataLabelFontSize: 9, dataLabelColor: INK,
		valAxisLabelFormatCode: numberFormat(chart, chart.measure.type === 'proportion' ? (axis.step < 0.01 - 1e-12 ? 1 : 0) : axis.step < 1 - 1e-12 ? 1 : 0), valAxisLabelFontSize: 10, catAxisLabelFontSize: 10,
		valAxisMinVal: axis.domain[0], valAxisMaxVal: axis.domain[1], valAxisMajorUnit: axis.step, valGridLine: { color: 'E5E5E5', size: 0.5 },
		displayBlanksAs: 'gap',
		showValAxisTitle: true, valAxisTitle: chart.measure.label, valAxisTitleFontSize: 10, valAxisTitleColor: GREY
	};
	if (chart.chart === 'trend') {
		slide.addChart(pptx.ChartType.line, data, { ...common, lineSize: 2, lineDataSymbol: 'circle', lineDataSymbolSize: 7, dataLabelPosition: 't' });
	} else {
		slide.addChart(pptx.ChartType.bar, data, { ...common, barDir: 'bar', barGrouping: 'clustered', barGapWidthPct: 60,
			catAxisOrientation: 'maxMin' as 'minMax', dataLabelPosition: 'ctr', dataLabelFontBold: true });
	}
	return fix;
}

/** A shade of blue for a value between the table's smallest and largest (white text on the dark ones). */
function shade(v: number, lo: number, hi: number): { fill: string; color: string } {
	const k = hi > lo ? (v - lo) / (hi - lo) : 0.5;
	const from = [0xde, 0xeb, 0xf7], to = [0x08, 0x51, 0x9c];
	const rgb = from.map((f, i) => Math.round(f + (to[i]! - f) * k));
	return { fill: rgb.map((c) => c.toString(16).padStart(2, '0')).join('').toUpperCase(), color: k > 0.55 ? 'FFFFFF' : INK };
}

function addHeatTable(slide: PptxGenJS.Slide, chart: ChartExport): void {
	const names = seriesNames(chart);
	const shown = chart.cells.flatMap((c) => (c.estimate === null ? [] : [c.estimate]));
	const lo = Math.min(...shown), hi = Math.max(...shown);
	const head: PptxGenJS.TableCell[] = [{ text: '' }, ...names.map((s) => ({ text: s ?? chart.measure.label, options: { bold: true, align: 'center' as const } }))];
	const rows: PptxGenJS.TableRow[] = [head, ...chart.categories.map((category) => [
		{ text: category, options: { bold: true } } as PptxGenJS.TableCell,
		...names.map((s): PptxGenJS.TableCell => {
			const c = cellOf(chart, category, s);
			if (!c || c.estimate === null) {
				const word = !c || c.status === 'no_data' ? t(chart.locale, 'chart.no_data') : t(chart.locale, 'reliability.suppressed');
				return { text: `× ${word.toLocaleLowerCase()}`, options: { fill: { color: 'F0F0F0' }, color: GREY, italic: true, align: 'center' } };
			}
			const { fill, color } = shade(c.estimate, lo, hi);
			const flag = c.status === 'flag' ? ` ${t(chart.locale, 'reliability.flag_mark')}` : '';
			const ci = c.ci ? `${valueText(chart, c.ci[0])} – ${valueText(chart, c.ci[1])}` : '';
			return { text: [{ text: valueText(chart, c.estimate) + flag, options: { bold: true, breakLine: true } }, { text: ci, options: { fontSize: 9 } }],
				options: { fill: { color: fill }, color, align: 'center' } };
		})
	])];
	slide.addTable(rows, { x: 0.4, y: 1.55, w: 8.5, colW: [3.1, ...names.map(() => 5.4 / names.length)], fontFace: FONT, fontSize: 11,
		color: INK, border: { type: 'solid', pt: 0.75, color: 'FFFFFF' }, valign: 'middle', autoPage: false });
}

async function finish(pptx: PptxGenJS, fixes: ChartFix[]): Promise<Uint8Array> {
	const raw = (await pptx.write({ outputType: 'uint8array', compression: true })) as Uint8Array;
	if (!fixes.length) return raw;
	const zip = await JSZip.loadAsync(raw);
	for (const fix of fixes) {
		const chartPath = await relTarget(zip, `ppt/slides/_rels/slide${fix.slide}.xml.rels`, 'ppt/slides', /relationships\/chart"/);
		const chartXml = await zip.file(chartPath)!.async('string');
		zip.file(chartPath, fixChartXml(chartXml, fix));
		const relsPath = chartPath.replace(/charts\/(chart\d+\.xml)$/, 'charts/_rels/$1.rels');
		const workbookPath = await relTarget(zip, relsPath, 'ppt/charts', /relationships\/package"/);
		const book = await JSZip.loadAsync(await zip.file(workbookPath)!.async('uint8array'));
		const sheet = await book.file('xl/worksheets/sheet1.xml')!.async('string');
		book.file('xl/worksheets/sheet1.xml', fixSheetXml(sheet, fix));
		zip.file(workbookPath, await book.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }));
	}
	return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE', mimeType: PPTX_MIME });
}

/** The package path of the relationship of `type` in a .rels file (targets are relative to `base` or absolute). */
async function relTarget(zip: JSZip, rels: string, base: string, type: RegExp): Promise<string> {
	const xml = await zip.file(rels)!.async('string');
	const rel = xml.split('<Relationship ').find((r) => type.test(r));
	const target = rel?.match(/Target="([^"]+)"/)?.[1];
	if (!target) throw new Error(`no ${type} relationship in ${rels}`);
	if (target.startsWith('/')) return target.slice(1);
	const parts = base.split('/');
	for (const p of target.split('/')) {
		if (p === '..') parts.pop();
		else parts.push(p);
	}
	return parts.join('/');
}

const num = (v: number) => String(Math.round(v * 1e9) / 1e9);

/**
 * The chart XML with no empty point (a gap, not a zero) and each series' interval as custom error
 * bars. pptxgenjs writes one `<c:ser>` per series with its categories in `<c:cat>`; a version that
 * wrote otherwise would leave the intervals out without a word, so a package that does not have
 * that shape is an error (tests/unit/exports/pptx.test.ts opens the file and reads the bars back).
 */
export function fixChartXml(xml: string, fix: ChartFix): string {
	let s = -1;
	const out = xml.replace(/<c:ser>[\s\S]*?<\/c:ser>/g, (ser) => {
		const series = fix.series[++s];
		if (!series) return ser;
		const withoutEmpty = ser.replace(/<c:pt idx="\d+"><c:v><\/c:v><\/c:pt>/g, '');
		const pts = (f: (v: number, ci: [number, number]) => number) => series.values
			.map((v, i) => { const ci = series.ci[i]; return v === null || !ci ? '' : `<c:pt idx="${i}"><c:v>${num(Math.max(0, f(v, ci)))}</c:v></c:pt>`; }).join('');
		const lit = (f: (v: number, ci: [number, number]) => number) =>
			`<c:numLit><c:formatCode>General</c:formatCode><c:ptCount val="${series.values.length}"/>${pts(f)}</c:numLit>`;
		const errBars = '<c:errBars><c:errBarType val="both"/><c:errValType val="cust"/><c:noEndCap val="0"/>'
			+ `<c:plus>${lit((v, ci) => ci[1] - v)}</c:plus><c:minus>${lit((v, ci) => v - ci[0])}</c:minus>`
			+ `<c:spPr><a:ln w="15875"><a:solidFill><a:srgbClr val="${ERROR_BAR}"/></a:solidFill></a:ln></c:spPr></c:errBars>`;
		if (!series.ci.some((c) => c)) return withoutEmpty;
		if (!withoutEmpty.includes('<c:cat>')) throw new Error('pptx: a chart series without <c:cat>: its error bars have nowhere to go');
		return withoutEmpty.replace('<c:cat>', `${errBars}<c:cat>`);
	});
	if (s + 1 !== fix.series.length) throw new Error(`pptx: the chart has ${s + 1} <c:ser> for ${fix.series.length} series`);
	return out;
}

/** The embedded workbook's sheet: a suppressed value's cell removed (pptxgenjs leaves it empty), a real 0 written back (pptxgenjs leaves that empty too). */
export function fixSheetXml(xml: string, fix: ChartFix): string {
	return xml.replace(/<c r="([A-Z]+)(\d+)"><v><\/v><\/c>/g, (cell, col: string, row: string) => {
		const series = fix.series[col.charCodeAt(0) - 'B'.charCodeAt(0)];
		const v = col.length === 1 ? series?.values[Number(row) - 2] : undefined;
		return v === 0 ? `<c r="${col}${row}"><v>0</v></c>` : '';
	});
}
