/**
 * What a reader sees of a page's charts, measured in the page: the size at which each SVG text is
 * drawn (its font size times the scale its SVG is shrunk or grown by to fit the page), and whether
 * a chart's legend lies over its drawing (bars, points, areas, lines).
 */
import type { Page } from 'playwright-core';

export interface ChartTextReport {
	/** Every visible SVG text drawn under `minPx`: the chart's class, the text, the size in CSS pixels. */
	small: { chart: string; text: string; px: number }[];
	/** How many visible SVG texts were measured. */
	texts: number;
	/** Legends with a mark of their chart's drawing under them. */
	overlaps: { chart: string; legend: string }[];
	/** How many legends were checked. */
	legends: number;
}

/** Legend groups inside a chart's SVG, and the marks that make up its drawing. */
const LEGEND = '.legend, .series-legend';
const MARKS = '.bars, .areas, g.row, g.cell, .band, .line, .point, .hexagons, .audit-sites, .partners';

/** Measures every chart of the page but those matching `skip` (a selector of `svg` elements). */
export function measureChartText(page: Page, minPx: number, skip = ':not(*)'): Promise<ChartTextReport> {
	return page.evaluate(
		({ minPx, LEGEND, MARKS, skip }) => {
			const chartOf = (el: Element) => el.closest('svg')?.getAttribute('class') ?? '?';
			const visible = (r: DOMRect) => r.width > 0 && r.height > 0;
			const report: ChartTextReport = { small: [], texts: 0, overlaps: [], legends: 0 };
			for (const text of document.querySelectorAll<SVGTextElement>('main svg text')) {
				if (text.closest('svg')!.matches(skip)) continue;
				if (!text.textContent?.trim() || !visible(text.getBoundingClientRect())) continue;
				const ctm = text.getScreenCTM();
				if (!ctm) continue;
				// The font size in the SVG's units, times the length of a unit on screen (rotation-proof).
				const px = parseFloat(getComputedStyle(text).fontSize) * Math.hypot(ctm.a, ctm.b);
				report.texts += 1;
				if (px < minPx - 0.01) report.small.push({ chart: chartOf(text), text: text.textContent.trim().slice(0, 40), px: Math.round(px * 10) / 10 });
			}
			// A legend lies over the drawing when a mark is hit anywhere under its box: points 3 px
			// apart, hit-tested by the browser (the marks' real shapes, not their bounding boxes).
			for (const legend of document.querySelectorAll(`main svg :is(${LEGEND})`)) {
				const svg = legend.closest('svg')!;
				if (svg.matches(skip)) continue;
				legend.scrollIntoView({ block: 'center' });
				const r = legend.getBoundingClientRect();
				if (!visible(r)) continue;
				report.legends += 1;
				let hit = false;
				for (let x = r.left + 1; x < r.right - 1 && !hit; x += 3)
					for (let y = r.top + 1; y < r.bottom - 1 && !hit; y += 3)
						hit = document.elementsFromPoint(x, y).some((el) => svg.contains(el) && !legend.contains(el) && el.closest(MARKS) !== null);
				if (hit) report.overlaps.push({ chart: chartOf(legend), legend: (legend.textContent ?? '').trim().slice(0, 40) });
			}
			return report;
		},
		{ minPx, LEGEND, MARKS, skip }
	);
}
