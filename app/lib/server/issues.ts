import type { IngestIssue } from '../../../ingest/report';
import { isMessageKey, t, type Locale } from '../i18n';

/** An ingestion issue as one sentence in the reader's language. */
export function issueMessage(locale: Locale, issue: IngestIssue): string {
	const key = [`err.${issue.code}`, `warn.${issue.code}`].find(isMessageKey);
	let msg = key ? t(locale, key, issue.params ?? {}) : issue.code;
	if (issue.suggestion) msg += ' ' + t(locale, 'ingest.suggestion', { suggestion: issue.suggestion });
	return msg;
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
