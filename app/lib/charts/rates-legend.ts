import type { ChoroplethLegend } from './choropleth';

export interface LegendItem {
	fill: string;
	label: string;
	dashed?: boolean;
}

/**
 * The /map rates layer's legend rows (MapLegend), the same on the page and in its exports: each
 * class that holds an area with how many, then areas without a rate, to use with caution (a
 * dashed outline, as drawn) and suppressed (hatched), each only when some area is.
 *
 * @example
 * ratesLegendRows(legend, { range: (a, b) => `${a} – ${b}`, count: (n) => `${n} areas`, noRate: 'No rate', flag: 'Use with caution', suppressed: 'Suppressed' })
 * // → { items: [{ fill: '#b5d4e9', label: '0 – 5 (12 areas)' }, …, { fill: '#ffffff', label: 'Use with caution (3 areas)', dashed: true }], suppressed: 'Suppressed (1 area)' }
 */
export function ratesLegendRows(
	legend: ChoroplethLegend,
	words: { range: (from: number, to: number) => string; count: (n: number) => string; noRate: string; flag: string; suppressed: string }
): { items: LegendItem[]; suppressed?: string } {
	const items: LegendItem[] = legend.classes.map((c) => ({ fill: c.fill, label: `${words.range(c.from, c.to)} (${words.count(c.count)})` }));
	if (legend.noData.count) items.push({ fill: legend.noDataFill, label: `${words.noRate} (${words.count(legend.noData.count)})` });
	if (legend.flag.count) items.push({ fill: '#ffffff', label: `${words.flag} (${words.count(legend.flag.count)})`, dashed: true });
	return { items, ...(legend.suppressed.count ? { suppressed: `${words.suppressed} (${words.count(legend.suppressed.count)})` } : {}) };
}
