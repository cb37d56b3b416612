import type { Db } from '../db/connection';
import { findDatasetBySha } from '../db/datasets';
import { sha256File, streamCsv, type CsvRecord } from './csv';
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
 * The start the small diagnostic loaders (population, audit, mapping) share: the file is not
 * already loaded, its geography exists, and its records are read (small files: all of them at
 * once). Null when something was refused (the issue says what).
 */
export async function readDiagnosticFile(db: Db, path: string, geography: string, issues: Issues, csv: SniffOptions = {}):
	Promise<{ sha256: string; placer: GeographyPlacer; records: CsvRecord[] } | null> {
	const sha256 = await sha256File(path);
	if (alreadyLoaded(db, sha256, issues)) return null;
	const placer = geographyPlacer(db, geography);
	if (!placer) {
		issues.error({ line: null, column: null, value: geography, code: 'unknown_geography', params: { geography } });
		return null;
	}
	const records: CsvRecord[] = [];
	await streamCsv(path, nonBlank((r) => records.push(r)), csvIssueReporter(issues), csv);
	return { sha256, placer, records };
}
