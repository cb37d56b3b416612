import type { CsvIssue, CsvRecord } from './csv';
import type { SniffOptions } from './reader/detect';
/**
 * Issue codes of the diagnostic kinds (areas, incidents, population, audit, mapping), rendered by
 * the interfaces from the `err.*` messages of app/lib/i18n, like the survey's.
 */
import type { DatasetKind } from '../db/datasets';
import type { IngestIssue } from './report';

export type DiagnosticIssueCode =
	// areas (GeoJSON / TopoJSON)
	| 'geo_not_json'
	| 'geo_not_collection'
	| 'geo_no_features'
	| 'geo_topology_object'
	| 'geo_topology_invalid'
	| 'geo_not_feature'
	| 'geo_property_missing'
	| 'geo_choose_property'
	| 'geo_no_geometry'
	| 'geo_geometry_type'
	| 'geo_no_coordinates'
	| 'geo_ring_too_short'
	| 'geo_ring_not_closed'
	| 'geo_coordinate_invalid'
	| 'geo_not_wgs84'
	| 'geo_self_intersection'
	| 'geo_duplicate_code'
	| 'geo_duplicate_name'
	| 'geo_name_empty'
	| 'geo_area_exists'
	| 'geo_official_name_missing'
	| 'geo_official_code_unused'
	// every kind placed in a geography
	| 'unknown_geography'
	// incidents, audit, mapping
	| 'date_invalid'
	| 'month_invalid'
	| 'coordinate_invalid'
	| 'coordinates_partial'
	| 'no_location'
	| 'point_outside'
	| 'unknown_time_of_day'
	| 'unknown_perception'
	| 'duplicate_site'
	| 'score_out_of_range'
	| 'no_criteria'
	// partners directory
	| 'unknown_service'
	| 'unknown_audience'
	| 'website_invalid'
	| 'email_invalid'
	| 'phone_invalid'
	| 'yes_no_invalid'
	// population tables
	| 'pop_layout_unknown'
	| 'pop_age_label'
	| 'pop_not_count'
	| 'pop_column_skipped'
	| 'pop_row_skipped'
	| 'pop_duplicate_area'
	| 'pop_area_missing'
	| 'pop_band_split'
	| 'pop_band_uncovered'
	| 'pop_exists'
	| 'pop_year_missing'
	| 'pop_total_differs';

/** What loading a diagnostic file gives: the dataset and a summary, or every error found. */
export type DiagnosticIngestResult =
	| {
			ok: true;
			kind: DatasetKind;
			dataset_id: number | null;
			wave: string;
			rows: number;
			dry_run: boolean;
			warnings: IngestIssue[];
			/** Kind-specific facts the analyst should see (placement counts, source rows used, …). */
			summary: Record<string, unknown>;
	  }
	| { ok: false; error_count: number; errors: IngestIssue[]; warnings?: IngestIssue[] };

/** Common options of the diagnostic loaders (the survey loader's, plus the geography). */
export interface DiagnosticLoadOptions {
	wave?: string;
	title?: string;
	fileName?: string;
	createdBy?: string;
	synthetic?: boolean;
	dryRun?: boolean;
	/** The geography whose areas rows are placed in (`montreal` by default). */
	geography?: string;
	/** From a mapping file: role → the file's header for it (wins over the header aliases). */
	columns?: Record<string, string>;
	/** From a mapping file or the command line: the dialect, over detection. */
	csv?: SniffOptions;
}

/** A problem of the CSV reader (ingest/reader) as an ingestion error: its code, line and field. */
export function csvIssueReporter(issues: { error(issue: IngestIssue): void }, onError: () => void = () => {}) {
	return (e: CsvIssue) => {
		issues.error({ line: e.line, column: e.field === null ? null : `#${e.field}`, value: null, code: e.code, ...(e.params ? { params: e.params } : {}) });
		onError();
	};
}

/** Skips blank lines (the reader reports them as records of one empty field). */
export function nonBlank(onRecord: (r: CsvRecord) => void): (r: CsvRecord) => void {
	return (r) => {
		if (!r.blank) onRecord(r);
	};
}
