import { json, type RequestHandler } from '@sveltejs/kit';
import { requireUser } from '$lib/server/auth/guard';
import { createUpload, UploadTooLarge } from '$lib/server/ingestion/uploads';
import { apiError } from '$lib/server/http/api';
import { formatBytes } from '$lib/format';

/**
 * POST /api/uploads?name=FILE.csv&wave=W: the file as the request body (any content type),
 * streamed to disk with the file size limit. Answers 201 with the upload's token and the page
 * where it is checked. The browser's upload page sends files here, with a progress bar.
 */
export const POST: RequestHandler = async (event) => {
	requireUser(event, 'datasets.upload');
	const { request, url, locals } = event;
	if (!request.body) return apiError(400, locals.locale, 'upload.no_file');
	try {
		const meta = await createUpload(request.body, url.searchParams.get('name') ?? 'upload.csv', { wave: url.searchParams.get('wave') ?? '' });
		return json({ token: meta.token, bytes: meta.bytes, sha256: meta.sha256, file_name: meta.fileName, url: `/upload/${meta.token}` }, { status: 201 });
	} catch (err) {
		if (err instanceof UploadTooLarge) return apiError(413, locals.locale, 'upload.too_large', { limit: formatBytes(locals.locale, err.limit) });
		throw err;
	}
};
