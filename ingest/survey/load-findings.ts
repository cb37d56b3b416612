/**
 * What a survey load finds besides its rows (load-survey.ts): duplicate respondent ids, the
 * warnings of the whole file, what the sample design columns hold, and the first rows as stored.
 */
import type { Db } from '../../db/connection';
import { respondentsAtRows, type SurveyDesignInfo } from '../../db/datasets';
import type { Detected } from '../csv';
import { replicateSpec, type SurveyMapping } from '../column-mapping';
import type { IngestIssue, IssueCollector, PreviewRow } from '../report';
import type { ResolvedHeader } from './header';
import { RespondentIds } from './ids';
import type { ValidRow } from './validate-row';
import type { SurveyChecks } from './checks';

/** Duplicate respondent ids: hash candidates, confirmed against the ids written in this transaction. */
export function reportDuplicates(db: Db, datasetId: number, ids: RespondentIds, issues: IssueCollector, h: ResolvedHeader): void {
	const rows = ids.candidates();
	if (rows.length === 0) return;
	for (const d of RespondentIds.confirm(respondentsAtRows(db, datasetId, rows)))
		issues.error({ line: d.line, column: h.headers.respondent_id ?? 'respondent_id', value: d.id, code: 'duplicate_respondent', params: { first: d.first } });
}

export function warningsOf(checks: SurveyChecks, h: ResolvedHeader, d: Detected, knownItems: ReadonlySet<string> | undefined, created: string[],
	blankLines: number, skipped: number, rows: number, lineOf: (row: number) => number): IngestIssue[] {
	const out: IngestIssue[] = checks.warnings(lineOf);
	if (knownItems) {
		const unused = h.items.filter((it) => !knownItems.has(it.name)).map((it) => it.header);
		if (unused.length) out.push({ line: 1, column: null, value: null, code: 'unused_column', params: { count: unused.length, columns: unused.join(', ') } });
	}
	if (h.ignored.length) out.push({ line: 1, column: null, value: null, code: 'metadata_ignored', params: { columns: h.ignored.join(', '), count: h.ignored.length } });
	if (d.strayCarriageReturns > 0) out.push({ line: null, column: null, value: null, code: 'stray_carriage_returns', params: { count: d.strayCarriageReturns } });
	if (d.leakedBom) out.push({ line: 1, column: null, value: null, code: 'leaked_bom' });
	if (d.guess && !d.given.includes('encoding')) out.push({ line: null, column: null, value: null, code: 'encoding_guessed',
		params: { encoding: d.encoding, guess: d.guess.name, confidence: d.guess.confidence } });
	if (blankLines > 0) out.push({ line: null, column: null, value: null, code: 'blank_lines', params: { count: blankLines } });
	if (skipped > 0) out.push({ line: null, column: null, value: null, code: 'rows_skipped', params: { count: skipped, kept: rows } });
	if (created.length) out.push({ line: null, column: null, value: null, code: 'areas_created', params: { count: created.length, names: created.slice(0, 20).join(', ') } });
	return out;
}

/** The design as the header declares it; checkDesign (design.ts) completes it once the rows are in. */
export function designOf(h: ResolvedHeader, m: SurveyMapping): SurveyDesignInfo {
	const B = h.replicates.length;
	return {
		strata: h.roles.stratum !== undefined,
		psu: h.roles.psu !== undefined,
		replicate: B > 0 ? { prefix: m.replicates?.prefix ?? 'bw_', count: B, ...replicateSpec(m.replicates, B) } : null
	};
}

export function previewOf(line: number, row: ValidRow, h: ResolvedHeader): PreviewRow {
	const items: Record<string, string> = {};
	h.items.forEach((it, i) => (items[it.name] = row.items[i] ?? ''));
	return { line, respondent_id: row.respondent_id, borough: row.area.name, age: row.age, age_group: row.age_group,
		gender: row.gender, weight: row.weight, stratum: row.stratum, psu: row.psu, items };
}
