import { error, type RequestHandler } from '@sveltejs/kit';
import { getDataset } from '$db/datasets';
import { getDb } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guard';
import { mappingOfDataset } from '$lib/server/ingestion/ingest';
import { t } from '$lib/i18n';

/** GET /datasets/ID/mapping.json: the mapping a survey was loaded with, to reuse for the next wave. */
export const GET: RequestHandler = (event) => {
	requireUser(event, 'microdata.read');
	const d = getDataset(getDb(), Number(event.params.id));
	if (!d || d.kind !== 'survey') error(404, { message: t(event.locals.locale, 'dataset.not_found', { id: event.params.id ?? '' }) });
	return new Response(JSON.stringify(mappingOfDataset(d), null, 2) + '\n', {
		headers: { 'content-type': 'application/json; charset=utf-8', 'content-disposition': `attachment; filename="vigie-mapping-${d.id}.json"` }
	});
};
