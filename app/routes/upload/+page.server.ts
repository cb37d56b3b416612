import { fail, redirect } from '@sveltejs/kit';
import { requireUser } from '$lib/server/auth/guard';
import { createUpload, UploadTooLarge } from '$lib/server/ingestion/uploads';
import { formatBytes } from '$lib/format';
import { t } from '$lib/i18n';
import type { Actions, PageServerLoad } from './$types';

/** The form post (without JavaScript) reads the whole body in memory: it is limited to this. */
const FORM_UPLOAD_LIMIT = 100 * 1000 * 1000;

export const load: PageServerLoad = (event) => {
	requireUser(event, 'datasets.upload');
	return { formLimit: formatBytes(event.locals.locale, FORM_UPLOAD_LIMIT) };
};

export const actions: Actions = {
	/** Without JavaScript: a multipart form post. With JavaScript the page streams the file to /api/uploads instead. */
	default: async (event) => {
		requireUser(event, 'datasets.upload');
		const locale = event.locals.locale;
		const length = Number(event.request.headers.get('content-length') ?? 0);
		if (length > FORM_UPLOAD_LIMIT) return fail(413, { message: t(locale, 'upload.form_limit', { limit: formatBytes(locale, FORM_UPLOAD_LIMIT) }) });
		const form = await event.request.formData();
		const file = form.get('file');
		if (!(file instanceof File) || file.size === 0) return fail(400, { message: t(locale, 'upload.no_file') });
		let token: string;
		try {
			token = (await createUpload(file.stream(), file.name, { wave: String(form.get('wave') ?? '').trim() })).token;
		} catch (err) {
			if (err instanceof UploadTooLarge) return fail(413, { message: t(locale, 'upload.too_large', { limit: formatBytes(locale, err.limit) }) });
			throw err;
		}
		redirect(303, `/upload/${token}`);
	}
};
