import type { Db } from '../db/connection';
import { findDatasetBySha } from '../db/datasets';
import { streamCsv, type CsvRecord } from './csv';
import type { SniffOptions } from './reader/detect';
import { csvIssueReporter, nonBlank, type DiagnosticIngestResult, type DiagnosticLoadOptions } from './diagnostic-load';
import { geographyPlacer, type GeographyPlacer } from './geo/placer';
import { applyColumns, resolveRoles, type ResolvedRoles } from './header-roles';
import { IssueCollector, type IngestIssue } from './report';
import { DEFAULT_GEOGRAPHY } from '../domain/words';

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

/** A diagnostic file read and accepted so far: at least one record. */
export interface DiagnosticFile {
	sha256: string;
	placer: GeographyPlacer;
	records: [CsvRecord, ...CsvRecord[]];
}

/**
 * How every small diagnostic loader (population, walk audit, participatory map, partners) starts:
 * one issue collector, the failure result made from it, the geography (the default one unless
 * chosen) and the file read by readDiagnosticFile. `file` is null when the file was refused or
 * holds no record at all (reported as `empty_file`); the loader then returns `fail()`.
 */
export async function startDiagnosticLoad(db: Db, path: string, opts: DiagnosticLoadOptions):
	Promise<{ issues: IssueCollector; fail: () => DiagnosticIngestResult; geography: string; file: DiagnosticFile | null }> {
	const issues = new IssueCollector();
	const fail = (): DiagnosticIngestResult => ({ ok: false, error_count: issues.errorCount, errors: issues.errors, warnings: issues.warnings });
	const geography = opts.geography ?? DEFAULT_GEOGRAPHY;
	const read = await readDiagnosticFile(db, path, geography, issues, opts.csv);
	if (!read) return { issues, fail, geography, file: null };
	const [head, ...rest] = read.records;
	if (!head) {
		issues.error({ line: null, column: null, value: null, code: 'empty_file' });
		return { issues, fail, geography, file: null };
	}
	return { issues, fail, geography, file: { ...read, records: [head, ...rest] } };
}

/**
 * The header of a file of points, sites or partners: its first record's columns matched to
 * `aliases`' roles, then the analyst's column choices (`columns`) over them; `others` are the
 * columns left with no role. `check` reports what the loader requires of the header (its
 * missing columns). Null when the header has errors, or when no row follows it (`no_rows`):
 * either way the issues say why.
 */
export function readDiagnosticHeader<R extends string>(
	records: DiagnosticFile['records'], aliases: Record<R, string[]>, columns: Record<string, string> | undefined, issues: IssueCollector,
	check: (h: ResolvedRoles<R>) => void
): { h: ResolvedRoles<R>; rows: CsvRecord[] } | null {
	const [head, ...rows] = records;
	const h = resolveRoles(head.cells, aliases, issues);
	applyColumns(head.cells, columns, Object.keys(aliases) as R[], h, issues);
	h.others = h.others.filter((o) => !Object.values(h.roles).includes(o.index));
	check(h);
	if (issues.errorCount > 0) return null;
	if (rows.length === 0) {
		issues.error({ line: null, column: null, value: null, code: 'no_rows' });
		return null;
	}
	return { h, rows };
}

type IssueCode = Parameters<IssueCollector['error']>[0]['code'];

/**
 * One row of a file read by readDiagnosticHeader: `get` gives a role's cell (trimmed, '' when the
 * file has no such column) and `err` reports an error on it, named by the file's own header.
 * Null, with a `field_count` error, when the row has not as many fields as the header.
 */
export function readDiagnosticRow<R extends string>(h: ResolvedRoles<R>, rec: CsvRecord, issues: IssueCollector):
	{ get: (r: R) => string; err: (r: R, code: IssueCode, extra?: object) => void } | null {
	if (rec.cells.length !== h.width) {
		issues.error({ line: rec.line, column: null, value: null, code: 'field_count', params: { expected: h.width, found: rec.cells.length } });
		return null;
	}
	const get = (r: R) => (h.roles[r] === undefined ? '' : (rec.cells[h.roles[r]!] ?? '').trim());
	const err = (r: R, code: IssueCode, extra: object = {}) => issues.error({ line: rec.line, column: h.headers[r] ?? r, value: get(r), code, ...extra });
	return { get, err };
}
