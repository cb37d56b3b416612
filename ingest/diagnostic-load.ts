/**
 * What the diagnostic loaders (areas, incidents, population, audit, mapping) share: their
 * options, their result and the helpers that turn the CSV reader's problems into issues. Apart
 * from the issue codes (diagnostic-codes.ts), which report.ts lists with the survey's: the
 * result holds report.ts's issues, so with both here the two modules would import each other.
 */
import type { DatasetKind } from '../db/datasets';
import type { CsvIssue, CsvRecord } from './csv';
import type { SniffOptions } from './reader/detect';
import type { IngestIssue } from './report';

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
