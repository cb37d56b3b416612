import { error, type RequestHandler } from '@sveltejs/kit';
import { requireUser } from '$lib/server/auth/guard';
import { getUpload } from '$lib/server/ingestion/uploads';
import { issueAdvice, issueProblem } from '$lib/server/ingestion/issues';
import { csvResponse } from '$lib/server/http/api';
import { rowsCsv } from '$lib/server/http/csv';
import { t } from '$lib/i18n';

/** GET /upload/TOKEN/errors.csv: the error report of the last check (the first 1,000 errors), in the reader's language. */
export const GET: RequestHandler = async (event) => {
	requireUser(event, 'datasets.upload');
	const meta = await getUpload(event.params.token!);
	if (!meta) error(404, { message: t(event.locals.locale, 'check.not_found') });
	const locale = event.locals.locale;
	const issues = meta.result && !meta.result.ok ? meta.result.errors : [];
	const rows = issues.map((i) => ({ line: i.line, column: i.column, value: i.value, code: i.code, message: issueProblem(locale, i, 'web'),
		suggestion: i.suggestion ?? '', advice: issueAdvice(locale, i, 'web') }));
	const base = meta.fileName.replace(/\.[^.]*$/, '').replace(/[^\p{L}\p{N}_-]+/gu, '_');
	return csvResponse(rowsCsv(['line', 'column', 'value', 'code', 'message', 'suggestion', 'advice'], rows), `${base}-errors.csv`);
};
