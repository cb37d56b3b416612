import { json, type RequestHandler } from '@sveltejs/kit';
import { defaultDbPath } from '$db/connection';
import { listDatasets } from '$db/datasets';
import { mappingOfDataset } from '$lib/server/ingestion/ingest';
import { ingestInWorker } from '$lib/server/jobs/ingest-in-worker';
import { getDataset } from '$db/datasets';
import { getDb } from '$lib/server/db';
import { apiError, csvResponse, wantsCsv } from '$lib/server/http/api';
import { rowsCsv } from '$lib/server/http/csv';
import { audit } from '$lib/server/auth/audit-log';
import { actorOf, allows, requirePermission, requireUser } from '$lib/server/auth/guard';
import { issueJson } from '$lib/server/ingestion/issues';
import { BodyTooLarge, oneAtATime, sanitizeFileName, withUploadedFile } from '$lib/server/ingestion/receive';

/** What a viewer may know of a dataset: where the numbers come from, not who loaded it or how it was mapped. */
const PUBLIC_FIELDS = ['id', 'kind', 'wave', 'title', 'rows', 'created_at', 'synthetic'] as const;
const ALL_FIELDS = ['id', 'kind', 'wave', 'title', 'file_name', 'sha256', 'rows', 'created_by', 'created_at', 'synthetic'] as const;

/** GET /api/datasets: every dataset with its provenance; analysts get all of it. */
export const GET: RequestHandler = (event) => {
	requirePermission(event, 'dashboard.read');
	const { request, url } = event;
	const full = allows(event.locals, 'microdata.read');
	const datasets = listDatasets(getDb()).map((d) => (full ? d : Object.fromEntries(PUBLIC_FIELDS.map((k) => [k, d[k]]))));
	if (wantsCsv(request, url))
		return csvResponse(rowsCsv([...(full ? ALL_FIELDS : PUBLIC_FIELDS)], datasets as Record<string, unknown>[]), 'vigie-datasets.csv');
	return json({ datasets });
};

/**
 * POST /api/datasets?kind=survey&wave=W[&title=T][&filename=F][&dry_run=1], body: the CSV file
 * (docs/api.md). For analysts, e.g. a script with an API token:
 *   curl -H "Authorization: Bearer $TOKEN" --data-binary @survey.csv "…/api/datasets?kind=survey&wave=2024"
 * 201 with `{ ok: true, dataset_id, rows, warnings }`, or 422 with the error report.
 */
export const POST: RequestHandler = async (event) => {
	const user = requireUser(event, 'datasets.upload');
	const { url, request, locals } = event;
	const locale = locals.locale;
	const q = url.searchParams;
	const kind = q.get('kind');
	if (kind !== 'survey') return apiError(400, locale, 'api.bad_value', { name: 'kind', value: kind ?? '', allowed: 'survey' });
	if (!request.body) return apiError(400, locale, 'api.empty_body');
	const fileName = sanitizeFileName(q.get('filename'));
	const dryRun = q.get('dry_run') === '1';
	// The mapping of an earlier dataset, for the next wave (its id from GET /api/datasets).
	const from = q.get('mapping_from');
	const previous = from === null ? undefined : getDataset(getDb(), Number(from));
	if (from !== null && (!previous || previous.kind !== 'survey')) return apiError(404, locale, 'api.unknown_dataset', { id: from });
	try {
		return await withUploadedFile(request.body, async (path, bytes) => {
			if (bytes === 0) return apiError(400, locale, 'api.empty_body');
			// In a worker thread with its own connection (ingest-in-worker.ts): pages served meanwhile do not wait for it.
			const options = { wave: q.get('wave') ?? undefined, title: q.get('title') ?? undefined, fileName, createdBy: user.email,
				mapping: previous ? mappingOfDataset(previous) : undefined, replace: q.get('replace') === '1', skipInvalid: q.get('skip_invalid') === '1' };
			// A dry run writes to a scratch database beside the upload and never waits for the real one.
			const result = dryRun
				? await ingestInWorker({ dbPath: defaultDbPath(), file: path, scratchPath: `${path}.check.db`, options })
				: await oneAtATime(() => ingestInWorker({ dbPath: defaultDbPath(), file: path, scratchPath: null, options }));
			if (!result.ok) {
				const errors = result.errors.map((e) => issueJson(locale, e, 'api'));
				return json({ ok: false, error_count: result.error_count, errors }, { status: 422 });
			}
			if (!result.dry_run)
				audit(getDb(), actorOf(event), 'dataset_upload', { dataset_id: result.dataset_id, kind, wave: result.wave, title: q.get('title') ?? fileName, file_name: fileName, rows: result.rows, bytes });
			const { preview: _preview, ...summary } = result;
			return json({ ...summary, warnings: result.warnings.map((w) => issueJson(locale, w, 'api')) }, { status: result.dry_run ? 200 : 201 });
		});
	} catch (err) {
		if (err instanceof BodyTooLarge) return apiError(413, locale, 'api.body_too_large', { limit: process.env.BODY_SIZE_LIMIT ?? '512K' });
		throw err;
	}
};
