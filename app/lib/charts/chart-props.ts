/** What every chart component is given, whatever it draws. */
export interface ChartIdentity {
	/** Unique on the page: prefixes the ids of the title, the description and the pattern. */
	id: string;
	/** The SVG's <title>: its accessible name. */
	title: string;
	/** The SVG's <desc>. */
	description: string;
}

/** Short marks drawn on a chart for a flagged, a suppressed and a missing value, e.g. `E`, `×`, `–`. */
export interface CellMarks {
	flag: string;
	suppressed: string;
	noData: string;
}
