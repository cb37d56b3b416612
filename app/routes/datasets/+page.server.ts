import { listDatasetsNewestFirst } from '$db/datasets';
import { getDb } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guard';
import { formatDateTime } from '$lib/format';
import { waveInWords } from '$lib/wave-words';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	requireUser(event, 'microdata.read');
	const deleted = event.url.searchParams.get('deleted');
	const locale = event.locals.locale;
	return {
		// Newest first; times in the server's zone, named (the page rewrites them in the reader's zone in the browser), waves written as dates in words, in the reader's language.
		datasets: listDatasetsNewestFirst(getDb()).map((d) => ({ id: d.id, title: d.title, kind: d.kind, wave: d.wave,
			waveWords: waveInWords(locale, d.wave), rows: d.rows, skipped: d.skipped, file_name: d.file_name, created_by: d.created_by,
			created_at: formatDateTime(locale, d.created_at) ?? '', created_iso: d.created_at, synthetic: d.synthetic })),
		deleted: deleted ? { id: Number(deleted), title: event.url.searchParams.get('title') ?? '' } : null
	};
};
