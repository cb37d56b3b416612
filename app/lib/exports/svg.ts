/**
 * A chart as a self-contained SVG file, for slides and documents: the page's own chart component
 * rendered on the server (`render` from svelte/server, same geometry, same marks), wrapped with
 * the title, the subtitle and the summary above it and one footer below (the reliability notes,
 * the source and the interval method) as text. Styles are presentation attributes only (no CSS, no classes, no foreignObject), the
 * hatch patterns are defined inside, fonts are named with fallbacks (Liberation Sans, shipped with
 * the product for PNGs, then Arial, Helvetica, sans-serif), so Inkscape, PowerPoint and resvg
 * draw it the same. No background: a PNG gets its own (white or transparent).
 */
import { createRawSnippet } from 'svelte';
import { render } from 'svelte/server';
import Choropleth from '../charts/Choropleth.svg.svelte';
import DotInterval from '../charts/DotInterval.svg.svelte';
import GroupedBars from '../charts/GroupedBars.svg.svelte';
import Heatmap from '../charts/Heatmap.svg.svelte';
import LayeredMap from '../charts/LayeredMap.svg.svelte';
import MapAuditSites from '../charts/MapAuditSites.svg.svelte';
import MapHexagons from '../charts/MapHexagons.svg.svelte';
import MapLegend from '../charts/MapLegend.svg.svelte';
import Trend from '../charts/Trend.svg.svelte';
import type { DotIntervalMark } from '../charts/dot-interval';
import type { HeatmapCell } from '../charts/heatmap';
import type { TrendMark } from '../charts/trend';
import { axisTickFormat, classRangeFormat, indicatorFormat } from '../format';
import { tickStep } from 'd3';
import { type PageChart } from './charts/common';

export const EXPORT_FONT_FAMILY = "'Liberation Sans', Arial, Helvetica, sans-serif";
const PAD = 24;
const MIN_WIDTH = 640;

export function escapeXml(s: string): string {
	return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/**
 * Lines of at most `width` pixels at `size` px, cut at spaces. Widths are estimated (0.52 em a
 * character: Liberation Sans and Arial average less), so a line never runs past the edge.
 */
export function wrap(text: string, width: number, size: number): string[] {
	const max = Math.max(10, Math.floor(width / (size * 0.52)));
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(/[ \t\n]+/).filter(Boolean)) {
		if (line && line.length + 1 + word.length > max) {
			lines.push(line);
			line = word;
		} else line = line ? `${line} ${word}` : word;
	}
	if (line) lines.push(line);
	return lines;
}

/** Between the map and its legend, and the legend's width (MapLegend's default). */
const LEGEND_GAP = 16;
const LEGEND_WIDTH = 330;

/**
 * The /map page's frame (LayeredMap, its areas without their links) and the layer's legend
 * (MapLegend) to its right, in one `<svg>` of their joint size.
 */
function layeredMarkup(chart: PageChart & { draw: { kind: 'layered' } }): string {
	const { model, draw } = chart;
	// The point layer as the page draws it (MapHexagons, MapAuditSites), passed to the frame as its snippet.
	const layer = draw.hexagons ? render(MapHexagons, { props: draw.hexagons }).body : draw.sites ? render(MapAuditSites, { props: draw.sites }).body : '';
	const layers = layer ? createRawSnippet(() => ({ render: () => layer.replace(/<!--[^]*?-->/g, '').trim() })) : undefined;
	const map = render(LayeredMap, { props: { id: `export-${model.id}`, title: model.title, description: model.summary || model.title, width: draw.width, height: draw.height,
		patternId: draw.patternId, areas: draw.areas, filled: draw.filled, hrefFor: () => '', describe: (a: { code: string }) => draw.describe[a.code] ?? '',
		labels: draw.labels, responsive: false, layers } }).body
		.replace(/<a\b[^>]*>/g, '').replace(/<\/a>/g, '');
	const legend = render(MapLegend, { props: { id: `export-${model.id}-legend`, shape: draw.legend.shape, title: draw.legend.title, items: draw.legend.items,
		suppressed: draw.legend.suppressed, width: LEGEND_WIDTH } }).body;
	const legendHeight = sizeOf(legend).height;
	const width = draw.width + LEGEND_GAP + LEGEND_WIDTH;
	const height = Math.max(draw.height, legendHeight);
	return `<svg width="${width}" height="${height}">${map}<g transform="translate(${draw.width + LEGEND_GAP},0)">${legend}</g></svg>`;
}

/** Markup's outer `<svg>` size. */
function sizeOf(markup: string): { width: number; height: number } {
	const open = /<svg\b([^>]*)>/.exec(markup)?.[1] ?? '';
	const attr = (name: string) => Number(new RegExp(`\\s${name}="([\\d.]+)"`).exec(open)?.[1] ?? 0);
	return { width: attr('width'), height: attr('height') };
}

/** A choropleth as the page draws it: the map (its names, the chosen area) and its legend to the right, in one `<svg>`. */
function choroplethMarkup(chart: PageChart & { draw: { kind: 'map' } }, f: ReturnType<typeof indicatorFormat>): string {
	const { model, draw } = chart;
	const props = { id: `export-${model.id}`, title: model.title, description: model.summary || model.title, spec: draw.spec, format: f.value,
		formatRange: classRangeFormat(model.locale, chart.type, draw.spec.legend.step),
		labels: { legendTitle: draw.legendTitle, noData: f.tr('chart.legend_no_data'), suppressed: f.tr('chart.legend_suppressed'), flag: f.tr('reliability.flag'),
			count: draw.countLabel } };
	const map = render(Choropleth, { props: { ...props, show: 'map' } }).body.replace(/<!--[^]*?-->/g, '');
	const legend = render(Choropleth, { props: { ...props, show: 'legend' } }).body.replace(/<!--[^]*?-->/g, '');
	const m = sizeOf(map), l = sizeOf(legend);
	return `<svg width="${m.width + LEGEND_GAP + l.width}" height="${Math.max(m.height, l.height)}">${map}<g transform="translate(${m.width + LEGEND_GAP},0)">${legend}</g></svg>`;
}

/** The page's chart component rendered to SVG markup. */
function chartMarkup(chart: PageChart): string {
	const { model, draw } = chart;
	if (draw.kind === 'layered') return layeredMarkup({ ...chart, draw });
	const f = indicatorFormat(model.locale, chart.type === 'mean' ? 'mean' : 'proportion');
	const marks = { flag: f.tr('reliability.flag_mark'), suppressed: '×', noData: '–' };
	const domain: [number, number] = draw.kind === 'dots' ? draw.xDomain : draw.kind === 'trend' || draw.kind === 'bars' ? draw.yDomain : [0, 1];
	const tickFormat = axisTickFormat(model.locale, chart.type, tickStep(domain[0], domain[1], 5));
	const hover = (label: string, value: number | null) => (value === null ? label : `${label} · ${f.value(value)}`);
	const base = { id: `export-${model.id}`, title: model.title, description: model.summary || model.title };
	switch (draw.kind) {
		case 'map':
			return choroplethMarkup({ ...chart, draw }, f);
		case 'bars':
			return render(GroupedBars, { props: { ...base, rows: draw.rows, groups: draw.groups, series: draw.series, yDomain: draw.yDomain, format: f.value, tickFormat,
				labels: { flag: f.tr('reliability.flag'), suppressed: f.tr('chart.suppressed'), noData: f.tr('chart.no_data') }, marks,
				groupLabel: (g: string) => draw.labels[g] ?? g, seriesLabel: (s: string) => draw.labels[s] ?? s } }).body;
		case 'dots':
			return render(DotInterval, { props: { ...base, rows: draw.rows, xDomain: draw.xDomain, format: f.value, tickFormat, marks, legend: draw.legend, axisNote: draw.axisNote,
				rowLabel: (k: string) => draw.labels[k] ?? k, tooltip: (m: DotIntervalMark) => hover(draw.labels[m.key] ?? m.key, m.x === null ? null : m.value) } }).body;
		case 'trend':
			return render(Trend, { props: { ...base, points: draw.points, waves: draw.waves, yDomain: draw.yDomain, format: tickFormat, marks,
				tooltip: (m: TrendMark) => hover(m.wave, m.y === null ? null : m.value) } }).body;
		case 'heatmap':
			return render(Heatmap, { props: { ...base, cells: draw.cells, rows: draw.rows, columns: draw.columns, format: f.value, marks,
				...(draw.margin ? { margin: draw.margin } : {}), ...(draw.domain ? { domain: draw.domain } : {}),
				rowLabel: (r: string) => draw.rowLabels[r] ?? r, columnLabel: (c: string) => draw.columnLabels[c] ?? c,
				tooltip: (c: HeatmapCell) => hover(`${draw.rowLabels[c.row] ?? c.row} · ${draw.columnLabels[c.column] ?? c.column}`, c.value) } }).body;
	}
}

/**
 * The chart's markup without what belongs to the page: the outer `<svg>` (its size is kept),
 * Svelte's hydration comments, classes (their CSS stays on the page: the bold of marks becomes an
 * attribute), ARIA attributes, and `em` offsets (in pixels instead).
 */
function standalone(markup: string): { inner: string; width: number; height: number } {
	const open = /^\s*(?:<!--[^]*?-->\s*)*<svg\b([^>]*)>/.exec(markup);
	if (!open) throw new Error('chart markup without <svg>');
	const attr = (name: string) => Number(new RegExp(`\\s${name}="([\\d.]+)"`).exec(open[1]!)?.[1] ?? NaN);
	const width = attr('width'), height = attr('height');
	const inner = markup.slice(open.index + open[0].length, markup.lastIndexOf('</svg>'))
		.replace(/<!--[^]*?-->/g, '')
		.replace(/<text class="mark\b[^"]*"/g, '<text font-weight="700"')
		.replace(/\s(?:class|role|aria-[a-z]+)="[^"]*"/g, '')
		.replace(/font-family="[^"]*"/g, '')
		// Offsets in em as user units (the charts' text is 12 px): not every importer reads em.
		.replace(/\bdy="(-?[\d.]+)em"/g, (_, em: string) => `dy="${Math.round(Number(em) * 12 * 100) / 100}"`);
	return { inner, width, height };
}

interface TextBlock {
	lines: string[];
	size: number;
	weight?: 'bold';
	fill: string;
	gapBefore: number;
}

/** The chart alone as an SVG file (no title or footer: a slide writes its own), for a map's slide picture. */
export function drawingSvg(chart: PageChart): string {
	const { inner, width, height } = standalone(chartMarkup(chart));
	return `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" `
		+ `font-family="${EXPORT_FONT_FAMILY.replace(/'/g, '&apos;')}" font-size="12" xml:lang="${chart.model.locale}">${inner}</svg>\n`;
}

export function chartSvg(chart: PageChart): string {
	const { model } = chart;
	const { inner, width: cw, height: ch } = standalone(chartMarkup(chart));
	const width = Math.max(MIN_WIDTH, cw) + 2 * PAD;
	const textWidth = width - 2 * PAD;
	const block = (text: string, size: number, fill: string, gapBefore: number, weight?: 'bold'): TextBlock =>
		({ lines: wrap(text, textWidth, size), size, fill, gapBefore, weight });
	// One title; a subtitle that says what the numbers are (definition, wave, population); the
	// chart's message; then one compact footer: the reliability notes (each naming the mark drawn),
	// the source with its n, and the interval method.
	const head = [block(model.title, 18, '#1a1a1a', 0, 'bold'), block(model.subtitle, 13, '#4d4d4d', 4),
		...(model.summary ? [block(model.summary, 13, '#1a1a1a', 6)] : [])];
	const foot = [block([...model.notes, model.source, model.method].filter(Boolean).join(' '), 11, '#4d4d4d', 0)].filter((b) => b.lines.length);
	let y = PAD;
	const out: string[] = [];
	const write = (b: TextBlock) => {
		y += b.gapBefore;
		for (const line of b.lines) {
			y += b.size * 1.25;
			out.push(`<text x="${PAD}" y="${y - b.size * 0.25}" font-size="${b.size}" fill="${b.fill}"${b.weight ? ` font-weight="${b.weight}"` : ''}>${escapeXml(line)}</text>`);
		}
	};
	head.forEach(write);
	y += 12;
	const chartY = y;
	out.push(`<g transform="translate(${PAD + Math.max(0, (width - 2 * PAD - cw) / 2)},${chartY})">${inner}</g>`);
	y += ch + 8;
	foot.forEach(write);
	const height = Math.ceil(y + PAD);
	return `<?xml version="1.0" encoding="UTF-8"?>\n`
		+ `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" `
		+ `font-family="${EXPORT_FONT_FAMILY.replace(/'/g, '&apos;')}" font-size="12" xml:lang="${model.locale}">\n`
		+ `<title>${escapeXml(model.title)}</title>\n<desc>${escapeXml([model.subtitle, model.summary, model.source].filter(Boolean).join(' — '))}</desc>\n`
		+ out.join('\n') + '\n</svg>\n';
}
