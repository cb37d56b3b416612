/**
 * The shapes the indicator engine produces (PRODUCT.md §7): one shape for estimates,
 * used by the API, `vigie estimate --format json`, the pages and the exports.
 */

export type Design = 'weights' | 'strata_psu' | 'replicate';
export type CiMethod = 'kg' | 'logit';
export type Reliability = 'ok' | 'flag' | 'suppressed';
export type DomainVariable = 'borough' | 'age_group' | 'gender';

/** One cell of a breakdown, with canonical values (official area name, `woman`/`man`/`non-binary`, age-group label). */
export interface Domain {
	borough?: string;
	age_group?: string;
	gender?: string;
	category?: string;
}

export interface EstimateRow {
	domain: Domain;
	/** Unweighted count of respondents in the domain with a valid answer. */
	n: number;
	/** Sum of their weights. */
	weighted_n: number;
	estimate: number | null;
	se: number | null;
	ci: [number, number] | null;
	df: number;
	n_eff: number | null;
	reliability: Reliability;
	flags: string[];
	/** Only when asked for (`compare=rest,previous_wave`); null where no honest comparison can be shown. */
	comparisons?: { rest?: ComparisonResult | null; previous_wave?: (ComparisonResult & { wave: string }) | null };
}

/** A design-based test against another group (the rest of the city, or the previous wave). */
export interface ComparisonResult {
	/** The other group's estimate. */
	other: number;
	difference: number;
	se: number;
	df: number;
	p: number;
	verdict: 'higher' | 'lower' | 'no_difference';
	/** The verdict in the reader's language, added by the interfaces. */
	text?: string;
}

export interface EstimateTable {
	indicator: string;
	wave: string;
	design: Design;
	ci_method: CiMethod;
	level: number;
	rows: EstimateRow[];
}
