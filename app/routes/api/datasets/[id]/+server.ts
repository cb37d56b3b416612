import { json, type RequestHandler } from '@sveltejs/kit';
import { getDataset } from '$db/datasets';
import { removeDataset } from '$lib/server/ingestion/ingest';
import { getDb } from '$lib/server/db';
import { apiError } from '$lib/server/http/api';
import { audit } from '$lib/server/auth/audit-log';
import { actorOf, requireUser } from '$lib/server/auth/guard';

/** DELETE /api/datasets/{id}: an analyst deletes a dataset and everything stored from it. */
export const DELETE: RequestHandler = (event) => {
	requireUser(event, 'datasets.delete');
	const id = Number(event.params.id);
	const db = getDb();
	const dataset = Number.isInteger(id) ? getDataset(db, id) : undefined;
	if (!dataset || !removeDataset(db, id)) return apiError(404, event.locals.locale, 'api.unknown_dataset', { id: event.params.id ?? '' });
	audit(db, actorOf(event), 'dataset_delete', { dataset_id: id, kind: dataset.kind, wave: dataset.wave, title: dataset.title, file_name: dataset.file_name, rows: dataset.rows });
	return json({ deleted: id });
};
