import { error, json, type RequestHandler } from '@sveltejs/kit';
import { requireUser } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db';
import { getUpload } from '$lib/server/ingestion/uploads';
import { livePreview } from '$lib/server/ingestion/upload-assistant';
import { t } from '$lib/i18n';

/**
 * POST /upload/TOKEN/preview, body: the check page's form: the first rows as the form's mapping
 * would store them (or each row's problems), and the mapping form's state for that mapping. The
 * page calls it as the analyst edits the form; nothing is stored, not even the settings.
 */
export const POST: RequestHandler = async (event) => {
	requireUser(event, 'datasets.upload');
	const meta = await getUpload(event.params.token!);
	if (!meta) error(404, { message: t(event.locals.locale, 'check.not_found') });
	const form = await event.request.formData();
	return json(await livePreview(getDb(), meta, form, event.locals.locale));
};
