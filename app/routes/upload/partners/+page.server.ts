import { fail } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf, requireUser } from '$lib/server/auth/guard';
import { audit } from '$lib/server/auth/audit-log';
import { sanitizeFileName } from '$lib/server/ingestion/receive';
import { uploadPartners } from '$lib/server/partners/upload';
import { formatBytes } from '$lib/format';
import { t } from '$lib/i18n';
import type { Actions, PageServerLoad } from './$types';

/** A partners directory is a few thousand rows at most: a form post of this size is plenty. */
const LIMIT = 20 * 1000 * 1000;

/** /upload/partners: check or load the partners directory (analysts). Works without JavaScript. */
export const load: PageServerLoad = (event) => {
	requireUser(event, 'datasets.upload');
	return {};
};

export const actions: Actions = {
	default: async (event) => {
		const user = requireUser(event, 'datasets.upload');
		const locale = event.locals.locale;
		if (Number(event.request.headers.get('content-length') ?? 0) > LIMIT) return fail(413, { message: t(locale, 'partners.upload_too_large', { limit: formatBytes(locale, LIMIT) }) });
		const form = await event.request.formData();
		const file = form.get('file');
		if (!(file instanceof File) || file.size === 0) return fail(400, { message: t(locale, 'partners.upload_no_file') });
		const dryRun = form.get('intent') !== 'load';
		const fileName = sanitizeFileName(file.name, 'partners.csv');
		const result = await uploadPartners(getDb(), file, { dryRun, fileName, createdBy: user.email, locale });
		if (!result.ok) return fail(422, { result });
		if (!dryRun) audit(getDb(), actorOf(event), 'dataset_upload', { dataset_id: result.datasetId, kind: 'partners', file_name: fileName, rows: result.rows, bytes: file.size });
		return { result };
	}
};
