import type { IngestIssue } from '../../../../ingest/report';
import { isMessageKey, t, type Locale } from '../../i18n';

/** An ingestion issue as one sentence in the reader's language. */
export function issueMessage(locale: Locale, issue: IngestIssue): string {
	const key = `err.${issue.code}`;
	let msg = isMessageKey(key) ? t(locale, key, issue.params ?? {}) : issue.code;
	if (issue.suggestion) msg += ' ' + t(locale, 'ingest.suggestion', { suggestion: issue.suggestion });
	return msg;
}

/** "line 12, column “gender”, value “x”: expected a gender…" or the bare message for file-level issues. */
export function issueLine(locale: Locale, issue: IngestIssue): string {
	const message = issueMessage(locale, issue);
	return issue.line === null
		? t(locale, 'ingest.error_file', { message })
		: t(locale, 'ingest.error_line', { line: issue.line, column: issue.column ?? '', value: issue.value ?? '', message });
}
