/**
 * A portrait's comparisons in words, the same in the page's tables and in the CSV of its charts:
 * the borough against the rest of the city (with the rest's value), and against the previous wave.
 */
import type { IndicatorFormat } from './format';
import type { PortraitLine } from './server/views/portrait';

export const capitalise = (s: string) => s.charAt(0).toLocaleUpperCase() + s.slice(1);

/** The comparison with the rest of the city in words, with the rest's value; or why there is none. */
export function restText(f: IndicatorFormat, line: PortraitLine): string {
	return line.rest ? f.tr('portrait.rest_text', { verdict: line.rest.text, other: f.value(line.rest.other) }) : f.tr('portrait.no_comparison');
}

/** The change since the previous wave in words, with that wave's value; "—" when there is none to show. */
export function previousText(f: IndicatorFormat, line: PortraitLine): string {
	return line.previous ? f.tr('portrait.previous_value', { verdict: line.previous.text, wave: line.previous.wave, other: f.value(line.previous.other) }) : '—';
}

/**
 * Both comparisons in one cell, as the page's table shows them side by side: "Significantly lower
 * than in the rest of the city (rest of the city: 58.1%) · No significant change since 2023 (2023: 52.0%)";
 * the change since the previous wave only where the line has one.
 */
export function verdictLine(f: IndicatorFormat, line: PortraitLine): string {
	return [capitalise(restText(f, line)), ...(line.previous ? [capitalise(previousText(f, line))] : [])].join(' · ');
}
