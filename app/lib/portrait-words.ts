/**
 * A portrait's words that its page and its exports share: the comparisons (the borough against
 * the rest of the city, with the rest's value, and against the previous wave), said in the page's
 * tables and in the CSV of its charts; and what a victims' matrix shows (by the victim's gender,
 * or all victims together when most of those cells are hidden), its title and summary.
 */
import type { IndicatorFormat } from './format';
import type { PortraitLine, PortraitMatrix, PortraitValue } from './server/views/portrait';

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

/** The column of all victims together, when a matrix shows its coarser table. */
export const ALL_VICTIMS = 'all';

/** A victims' matrix as the page shows it, and every export of it. */
export interface MatrixShown {
	/** The victim's genders, or all victims together (`ALL_VICTIMS`) when most cells by gender are hidden. */
	columns: string[];
	cells: ({ category: string; gender: string } & PortraitValue)[];
	columnLabel: (column: string) => string;
	title: string;
	/** The largest share of each column, in words. */
	summary: string;
	/** Why all victims are shown together; null when the table by gender is shown. */
	why: string | null;
}

/**
 * What a victims' matrix shows: by the victim's gender, or, when most of those cells are hidden
 * and the borough's table of all victims can be published, that table instead, saying why.
 */
export function matrixShown(f: IndicatorFormat, m: PortraitMatrix, words: { borough: string; wave: string }): MatrixShown {
	const fallback = m.fallback;
	const cells = fallback ? fallback.map((c) => ({ ...c, gender: ALL_VICTIMS })) : m.cells;
	const label = (key: string) => m.categories.find((c) => c.key === key)?.label ?? key;
	/** The largest published share among the victims of one column. */
	const top = (gender: string) => cells.filter((c) => c.gender === gender && c.estimate !== null && c.status !== 'suppressed')
		.sort((a, b) => b.estimate! - a.estimate!)[0];
	let summary: string;
	if (fallback) {
		const all = top(ALL_VICTIMS);
		summary = all ? f.tr('screens.matrix_summary_all', { category: label(all.category), value: f.value(all.estimate!) }) : f.tr('portrait.matrix_summary_none');
	} else {
		const w = top(m.genders[0]!), man = top(m.genders[1]!);
		summary = !w && !man ? f.tr('portrait.matrix_summary_none') : f.tr('portrait.matrix_summary', {
			category: w ? label(w.category) : '—', value: w ? f.value(w.estimate!) : '—',
			category_m: man ? label(man.category) : '—', value_m: man ? f.value(man.estimate!) : '—' });
	}
	return {
		columns: fallback ? [ALL_VICTIMS] : m.genders,
		cells,
		columnLabel: (g) => (g === ALL_VICTIMS ? f.tr('screens.all_victims') : f.gender(g)),
		title: f.tr(fallback ? 'screens.matrix_title_all' : 'portrait.matrix_title', { indicator: m.label, ...words }),
		summary,
		why: fallback ? f.tr('screens.fallback_matrix', { borough: words.borough }) : null
	};
}
