/**
 * The mapping assistant as the interfaces use it: the geographies of the database to match area
 * names against, and the proposals attached to a failed check's "missing column" errors.
 */
import type { Db } from '../../../../db/connection';
import { areaNameIndex, listGeographies } from '../../../../db/areas';
import type { SniffOptions } from '../../../../ingest/reader/detect';
import type { CoreRole } from '../../../../ingest/column-mapping';
import type { IngestIssue, IngestResult } from '../../../../ingest/report';
import { loadGeography } from '../settings/geography';
import { suggestForFile, type FileSuggestion, type Geography } from '../../../../ingest/suggest';

/** Every geography with its area names. */
export function geographiesOf(db: Db): Geography[] {
	return listGeographies(db).map((name) => ({ name, areas: areaNameIndex(db, name) }));
}

export function suggestMapping(db: Db, path: string, opts: SniffOptions & { fileName?: string } = {}) {
	return suggestForFile(path, { ...opts, geographies: geographiesOf(db), house: loadGeography(db) });
}

const ROLE_ERRORS = new Set(['missing_column', 'duplicate_column']);

/** The role a header error is about: a missing role, or one that several columns claim. */
function roleOf(issue: IngestIssue): CoreRole | undefined {
	if (!ROLE_ERRORS.has(issue.code) || !issue.params || typeof issue.params.role !== 'string') return undefined;
	return issue.params.role as CoreRole;
}

/**
 * Gives each error about a missing or ambiguous role the columns that may play it, best first,
 * and the best as its suggestion. A result without such errors is returned as it is.
 */
export function withCandidates(result: IngestResult, s: FileSuggestion | { code: string }): IngestResult {
	if (result.ok || 'code' in s) return result;
	const errors = result.errors.map((e) => {
		const role = roleOf(e);
		const list = role ? s.suggestion.candidates[role].filter((c) => c.confidence !== 'low' || s.suggestion.candidates[role].length === 1) : [];
		return list.length ? { ...e, candidates: list, suggestion: list[0]!.column } : e;
	});
	return { ...result, errors };
}

/** Whether a result has errors the assistant can help with. */
export function needsSuggestion(result: IngestResult): boolean {
	return !result.ok && result.errors.some((e) => roleOf(e) !== undefined);
}
