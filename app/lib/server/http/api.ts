import { json } from '@sveltejs/kit';
import { t, type Locale, type MessageKey } from '../../i18n';

/** CSV when the client sends `Accept: text/csv` or the path ends in `.csv` (a link a spreadsheet can open). */
export function wantsCsv(request: Request, url: URL): boolean {
	return url.pathname.endsWith('.csv') || (request.headers.get('accept') ?? '').split(',')[0]!.trim().startsWith('text/csv');
}

export function csvResponse(body: string, filename: string): Response {
	// The BOM lets Excel read UTF-8 (accents, en dashes) correctly.
	return new Response('\uFEFF' + body, {
		headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${filename}"` }
	});
}

/** A JSON error with a stable code and a message in the reader's language. */
export function apiError(status: number, locale: Locale, key: MessageKey, params: Record<string, string> = {}): Response {
	return json({ error: { code: key.replace(/^api\./, ''), message: t(locale, key, params), ...params } }, { status });
}
