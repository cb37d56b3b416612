/**
 * The shapes the indicator engine produces: one shape for estimates, used as it is by the API,
 * `vigie estimate --format json`, the pages and the exports.
 */

export type Design = 'weights' | 'strata_psu' | 'replicate';
/** R's options(survey.lonely.psu = …): what a stratum with a single PSU adds to a linearisation variance. */
export type LonelyPsu = 'fail' | 'remove' | 'certainty' | 'adjust' | 'average';
/** The replicate types of R's svrepdesign(type = …). */
export type ReplicateType = 'bootstrap' | 'JK1' | 'JKn' | 'BRR' | 'Fay' | 'other';

/**
 * What the design of a table did with the dataset's design columns, so that no mapped column is
 * silently left out: a code (the words are in the message catalogs) and its parameters. The
 * interfaces add `text`, in the reader's language.
 */
export interface DesignNote {
	code: DesignNoteCode;
	params?: Record<string, string | number>;
	text?: string;
}
export type DesignNoteCode =
	| 'psu_per_respondent'
	| 'fpc_population'
	| 'fpc_fraction'
	| 'fpc_unused_varies'
	| 'fpc_unused_below_sample'
	| 'fpc_unused_replicate'
	| 'lonely_psu'
	| 'adjust_domain_lonely'
	| 'strata_unused_weights'
	| 'psu_unused_weights'
	| 'strata_unused_replicate'
	| 'psu_unused_replicate'
	| 'replicates_unused'
	| 'replicate_mse'
	| 'replicate_mean';
export type CiMethod = 'kg' | 'logit';
export type Reliability = 'ok' | 'flag' | 'suppressed';
export type DomainVariable = 'borough' | 'age_group' | 'gender';

/** One cell of a breakdown, with canonical values (official area name, `woman`/`man`/`non-binary`, age-group label). */
export interface Domain {
	borough?: string;
	age_group?: string;
	gender?: string;
	category?: string;
	/** Diagnostic breakdowns: an incident's month (`2018-01`), time of day, an audit criterion. */
	month?: string;
	time_of_day?: string;
	criterion?: string;
}

export interface EstimateRow {
	domain: Domain;
	/** Unweighted count of respondents in the domain with a valid answer (null in a viewer's hidden row). */
	n: number | null;
	/** Sum of their weights (null in a viewer's hidden row). */
	weighted_n: number | null;
	estimate: number | null;
	se: number | null;
	ci: [number, number] | null;
	df: number | null;
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
	/** How the design used the dataset's design columns (strata without PSUs, fpc, single-PSU strata, replicate convention). */
	design_notes?: DesignNote[];
	ci_method: CiMethod;
	level: number;
	rows: EstimateRow[];
}

/** The variables a diagnostic table can be broken down by. */
export type DiagnosticVariable = 'borough' | 'category' | 'month' | 'age_group' | 'gender' | 'time_of_day' | 'criterion';

/**
 * One cell of a diagnostic table: the estimate row's shape, where n is the count of incidents,
 * points or audited sites. Counts and rates are not from a sample: no df and no effective n.
 */
export interface DiagnosticRow {
	domain: Domain;
	/** The count (null when suppressed for viewers: the count itself would disclose). */
	n: number | null;
	weighted_n: number | null;
	estimate: number | null;
	se: number | null;
	ci: [number, number] | null;
	df: null;
	n_eff: null;
	reliability: Reliability;
	flags: string[];
	/** Rates: the residents of the domain (the denominator), null when there is none. */
	population?: number | null;
	/** Rates: the ratio to the rate of the whole city (same other variables), with its exact interval. */
	rate_ratio?: { estimate: number; ci: [number, number] } | null;
}

/** A diagnostic indicator's table, in the conventions of EstimateTable. */
export interface DiagnosticTable {
	indicator: string;
	wave: string;
	/** `poisson`: counts treated as Poisson (exact intervals); `descriptive`: no sampling model (audits, mapping). */
	design: 'poisson' | 'descriptive';
	ci_method: 'garwood' | null;
	level: number;
	geography: string;
	rows: DiagnosticRow[];
}
