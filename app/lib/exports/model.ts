/**
 * What every export of a chart is made from (PNG, SVG, CSV, PowerPoint): the numbers behind the
 * chart and everything needed to read them honestly away from the dashboard (title, the filters
 * as a subtitle, the source dataset and wave, n, the interval method, the reliability notes).
 * Built on the server from the same view as the page (so an export holds the page's numbers),
 * after suppression: a suppressed cell has `estimate: null` and `ci: null` here, and no export
 * may show a number for it. The one exception is an analyst's unsuppressed export (`suppress=0`,
 * as on the page): its suppressed cells keep their values (status still `suppressed`) for the
 * CSV's table, the notes say "not for publication", and charts still draw no value for them.
 */
import type { CellStatus } from '../charts/cell-status';
import type { Locale } from '../i18n';

/** One value of a chart: a bar, a dot, a point of a trend, a heat-map cell or a map area. */
export interface ExportCell {
	/** Where it sits along the category axis: an age group, a borough, a wave, a context. */
	category: string;
	/** Which series it belongs to (a gender, "borough" / "city"), or null for a single series. */
	series: string | null;
	/** Proportions as fractions (0.32 = 32 %), means and rates as they are. Null when not published. */
	estimate: number | null;
	ci: [number, number] | null;
	/** Respondents (or incidents for counts and rates) behind the value; null where a viewer may not see it (a suppressed count). */
	n: number | null;
	status: CellStatus;
	/** The engine's reliability flags (e.g. `low_n`, `high_cv`), as codes. */
	flags: string[];
	/**
	 * How the value compares, in the page's words (a portrait's borough: against the rest of the
	 * city, and the change since the previous wave where shown); '' for a value the page does not
	 * compare; absent on charts that make no comparison (their CSV has no verdict column).
	 */
	verdict?: string;
}

export interface ChartExport {
	/** The chart's id within its page, as in its export URL: `age-gender`, `trend`, `boroughs`, `map`, `youth`… */
	id: string;
	/** The chart's kind: the native PowerPoint chart follows from it. */
	chart: 'bars' | 'dots' | 'trend' | 'heatmap' | 'map';
	/** A file name without extension, safe on every system: `vigie-explorer-age-gender-2024-MN`. */
	file: string;
	locale: Locale;
	title: string;
	/** The filters in words: "Feeling safe after dark · Montréal-Nord · 2024 · women". */
	subtitle: string;
	/** Source dataset and wave, respondents, design: "Source: Enquête 2024 (wave 2024), 2,400 respondents, weights". */
	source: string;
	/** The interval method in words: "95 % confidence intervals (Korn–Graubard)". */
	method: string;
	/** Reliability notes in words, one per reason present (suppressed, flagged…), and any footnote of the page. */
	notes: string[];
	/** The chart's text summary, as the page gives it. */
	summary: string;
	/** What the values are: proportions (shown as %), means or rates per 1,000. */
	measure: { type: 'proportion' | 'mean' | 'rate'; label: string };
	/** Labels in the order drawn, already localised. */
	categories: string[];
	series: string[];
	cells: ExportCell[];
}
