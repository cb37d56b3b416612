import type { DiagnosticIssueCode } from './diagnostic-codes';

/**
 * What ingestion says about a file. Messages are not written here: each issue carries a `code`
 * and its `params`, and the interfaces render them in the reader's language from the message
 * catalogs (app/lib/i18n), so ingest never renders anything.
 */
export interface IngestIssue {
	/** File line (1-based) where the record starts; null for file-level problems. */
	line: number | null;
	column: string | null;
	value: string | null;
	code: IngestIssueCode;
	params?: Record<string, string | number>;
	/** The value meant, when it can be told: an area's official name, a code, a column. */
	suggestion?: string;
	/** How to fix it (a mapping key, a flag, a form field), rendered in the words of where it is read. */
	hint?: IngestHint;
	/** Columns that may play a missing role, best first (the mapping assistant's proposals). */
	candidates?: RoleCandidate[];
}

export type IngestHintCode =
	| 'declare_missing'
	| 'map_item_value'
	| 'weight_blank'
	| 'stratum_constant'
	| 'gender_absent'
	| 'age_absent'
	| 'load_areas'
	| 'choose_column'
	| 'nest_psu'
	| 'lonely_psu'
	| 'suggest_mapping';

export interface IngestHint {
	code: IngestHintCode;
	params?: Record<string, string | number>;
}

/** A column proposed for a role, with how sure the proposal is and why (reason codes with their parameters). */
export interface RoleCandidate {
	column: string;
	confidence: 'high' | 'medium' | 'low';
	score: number;
	reasons: { code: string; params?: Record<string, string | number> }[];
}

export type IngestIssueCode =
	| DiagnosticIssueCode
	| 'duplicate_file'
	| 'empty_file'
	| 'no_rows'
	| 'missing_column'
	| 'duplicate_column'
	| 'field_count'
	| 'unterminated_quote'
	| 'quote_in_unquoted_field'
	| 'text_after_quote'
	| 'null_byte'
	| 'record_too_long'
	| 'field_too_long'
	| 'too_many_columns'
	| 'encoding_error'
	| 'binary_file'
	| 'file_too_large'
	| 'mapped_column_missing'
	| 'mapping_unknown_role'
	| 'wave_exists'
	| 'areas_exist'
	| 'required'
	| 'duplicate_respondent'
	| 'unknown_area'
	| 'unknown_gender'
	| 'age_not_integer'
	| 'age_out_of_range'
	| 'age_below_bands'
	| 'unknown_age_group'
	| 'not_a_number'
	| 'weight_not_positive'
	| 'replicate_not_number'
	| 'replicate_sequence'
	| 'wave_missing'
	| 'wave_mismatch'
	| 'psu_without_stratum'
	| 'fpc_not_positive'
	| 'fpc_varies'
	| 'fpc_forms_mixed'
	| 'fpc_below_sample'
	| 'replicates_too_few'
	| 'rscales_count'
	| 'jkn_rscales_no_strata'
	| 'jkn_rscales_several_strata'
	| 'jkn_rscales_no_zero'
	| 'jkn_rscales_single_psu'
	| 'file_unreadable'
	| 'item_not_code'
	| 'item_code_unknown'
	| 'item_out_of_range'
	| 'weight_out_of_range'
	| 'areas_not_in_geography'
	// Warnings: suspicious but valid.
	| 'weight_outlier'
	| 'unused_column'
	| 'small_area'
	| 'stray_carriage_returns'
	| 'leaked_bom'
	| 'encoding_guessed'
	| 'metadata_ignored'
	| 'blank_lines'
	| 'rows_skipped'
	| 'areas_created'
	| 'item_code_declared_missing'
	| 'psu_in_several_strata'
	| 'stratum_single_psu'
	| 'weight_low_outlier'
	| 'new_areas_ignored'
	| 'already_loaded';

import type { Detected } from './reader/detect';

/** The first MAX_REPORTED errors are kept; the total is always counted. */
export const MAX_REPORTED = 1000;

export class IssueCollector {
	readonly errors: IngestIssue[] = [];
	readonly warnings: IngestIssue[] = [];
	errorCount = 0;

	error(issue: IngestIssue): void {
		this.errorCount++;
		if (this.errors.length < MAX_REPORTED) this.errors.push(issue);
	}

	/** A problem with the whole file, told before the rows' errors (which it explains). */
	errorFirst(issue: IngestIssue): void {
		this.errorCount++;
		this.errors.unshift(issue);
		if (this.errors.length > MAX_REPORTED) this.errors.pop();
	}

	warn(issue: IngestIssue): void {
		if (this.warnings.length < MAX_REPORTED) this.warnings.push(issue);
	}
}

export interface PreviewRow {
	line: number;
	respondent_id: string;
	borough: string;
	age: number | null;
	age_group: string;
	gender: string;
	weight: number;
	stratum: string | null;
	psu: string | null;
	items: Record<string, string>;
}

export type IngestResult =
	| { ok: true; dataset_id: number | null; wave: string; rows: number; dry_run: boolean; warnings: IngestIssue[]; preview: PreviewRow[];
		detected: Detected; skipped: number; replaced: number | null; mapping: Record<string, string> }
	| { ok: false; error_count: number; errors: IngestIssue[]; warnings: IngestIssue[]; detected: Detected | null; preview: PreviewRow[];
		mapping: Record<string, string> | null };
