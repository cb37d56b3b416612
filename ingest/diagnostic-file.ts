import type { Db } from '../db/connection';
import { findDatasetBySha } from '../db/datasets';
import { streamCsv, type CsvRecord } from './csv';
import type { SniffOptions } from './reader/detect';
import { csvIssueReporter, nonBlank } from './diagnostic-load';
import { geographyPlacer, type GeographyPlacer } from './geo/placer';
import type { IngestIssue } from './report';

type Issues = { error(issue: IngestIssue): void };

/** Refuses a file already loaded (by its SHA-256): true when it was, with the error reported. */
export function alreadyLoaded(db: Db, sha256: string, issues: Issues): boolean {
	const existing = findDatasetBySha(db, sha256);
	if (existing) issues.error({ line: null, column: null, value: null, code: 'duplicate_file', params: { id: existing.id, title: existing.title, wave: existing.wave } });
	return existing !== undefined;
}

/**
 * The start the small diagnostic loaders (population, audit, mapping) share: the file is read
 * once (small files: all records at once; hashed on the way), is not already loaded, and its
 * geography exists. Null when something was refused (the issue says what): a file already loaded
 * is refused with that one error, whatever else is wrong with it.
 */
export async function readDiagnosticFile(db: Db, path: string, geography: string, issues: Issues, csv: SniffOptions = {}):
	Promise<{ sha256: string; placer: GeographyPlacer; records: CsvRecord[] } | null> {
	const records: CsvRecord[] = [];
	const reading: IngestIssue[] = [];
	const read = await streamCsv(path, nonBlank((r) => records.push(r)), csvIssueReporter({ error: (i) => reading.push(i) }), csv);
	if (read.sha256 && alreadyLoaded(db, read.sha256, issues)) return null;
	for (const i of reading) issues.error(i);
	const placer = geographyPlacer(db, geography);
	if (!placer) {
		issues.error({ line: null, column: null, value: geography, code: 'unknown_geography', params: { geography } });
		return null;
	}
	return { sha256: read.sha256, placer, records };
}
