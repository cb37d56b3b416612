import type { IngestIssue, RoleCandidate } from '../../../../ingest/report';
import { isMessageKey, t, type Locale, type MessageKey } from '../../i18n';
import { reasonText } from './reasons';
import { geographyName } from '../../place-words';

/**
 * Where a report is read, which decides the words of its advice: the command line names flags
 * (`--wave`), the upload page names its form fields ("the Wave field"), the HTTP API names query
 * parameters (`?wave=`). A message has a variant per place only where the words differ
 * (`err.wave_missing.web`); otherwise the one message serves everywhere.
 */
export type Audience = 'cli' | 'web' | 'api';

function keyFor(base: string, audience: Audience): MessageKey | undefined {
	const own = `${base}.${audience}`;
	if (isMessageKey(own)) return own;
	return isMessageKey(base) ? base : undefined;
}

/** "“SEX” (likely: a Spanish name for gender; 2 codes: 1, 2)" */
export function candidateText(locale: Locale, c: RoleCandidate): string {
	const reasons = c.reasons.map((r) => reasonText(locale, r));
	return t(locale, 'ingest.candidate', { column: c.column, confidence: t(locale, `confidence.${c.confidence}`), reasons: reasons.join(t(locale, 'ingest.reasons_joiner')) });
}

/** What to do about an issue, in the words of where it is read: the value meant, columns that may fit, how to fix it. */
export function issueAdvice(locale: Locale, issue: IngestIssue, audience: Audience = 'cli'): string {
	const parts: string[] = [];
	if (issue.candidates?.length)
		parts.push(t(locale, 'ingest.candidates', { list: issue.candidates.slice(0, 3).map((c) => candidateText(locale, c)).join(', ') }));
	// A hint that names the value meant says it better than "did you mean".
	else if (issue.suggestion && issue.hint?.code !== 'map_item_value') parts.push(t(locale, 'ingest.suggestion', { suggestion: issue.suggestion }));
	if (issue.hint) {
		const p = issue.hint.params ?? {};
		const variant = issue.hint.code === 'load_areas' && p.new_areas_ignored ? 'hint.load_areas_existing' : `hint.${issue.hint.code}`;
		const key = keyFor(variant, audience);
		if (key) parts.push(t(locale, key, p));
	}
	return parts.join(' ');
}

/**
 * The problem itself, without advice. On the upload page a role is named by its label in the form
 * ("Borough / area"); elsewhere by the column name a file may use (`borough`).
 */
export function issueProblem(locale: Locale, issue: IngestIssue, audience: Audience = 'cli'): string {
	const key = keyFor(`err.${issue.code}`, audience) ?? keyFor(`warn.${issue.code}`, audience);
	const params = { ...issue.params };
	const label = `check.role.${params.role}`;
	if (audience === 'web' && isMessageKey(label)) params.role = t(locale, label);
	// The command line names a geography as it is typed (--geography NAME); the page by its name.
	if (audience === 'web' && typeof params.geography === 'string') params.geography = geographyName(locale, params.geography);
	return key ? t(locale, key, params) : issue.code;
}

/** An ingestion issue as one sentence in the reader's language, with its advice. */
export function issueMessage(locale: Locale, issue: IngestIssue, audience: Audience = 'cli'): string {
	const advice = issueAdvice(locale, issue, audience);
	return advice ? `${issueProblem(locale, issue, audience)} ${advice}` : issueProblem(locale, issue, audience);
}

/** An issue as the JSON of the API and of `--format json`: the codes, the sentence, and the advice apart. */
export function issueJson(locale: Locale, issue: IngestIssue, audience: Audience) {
	const advice = issueAdvice(locale, issue, audience);
	return { ...issue, message: issueMessage(locale, issue, audience), ...(advice ? { advice } : {}) };
}

/** "line 12, column “gender”, value “x”: expected a gender…" or the bare message for file-level issues. */
export function issueLine(locale: Locale, issue: IngestIssue): string {
	const message = issueMessage(locale, issue);
	if (issue.line === null) return t(locale, 'ingest.error_file', { message });
	if (issue.column === null) return t(locale, 'ingest.error_line_nocol', { line: issue.line, message });
	return t(locale, 'ingest.error_line', { line: issue.line, column: issue.column, value: issue.value ?? '', message });
}

/** A warning as one line: "warning, line 12, column “weight”…: a weight 240 times the median". */
export function warningLine(locale: Locale, issue: IngestIssue): string {
	const message = issueMessage(locale, issue);
	if (issue.line === null) return t(locale, 'ingest.warning_line', { message });
	if (issue.column === null) return t(locale, 'ingest.warning_at_line', { line: issue.line, message });
	return t(locale, 'ingest.warning_at', { line: issue.line, column: issue.column, value: issue.value ?? '', message });
}
