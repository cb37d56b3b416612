import { json, type RequestHandler } from '@sveltejs/kit';
import { requireUser } from '$lib/server/auth/guard';
import { uploadJob } from '$lib/server/jobs/upload-jobs';

/**
 * GET /api/uploads/TOKEN: the upload's running or last check or load (null when none is
 * remembered): bytes read of the file's size, rows checked, problems found, and how it ended.
 * The upload page asks for it while a job runs, to show its progress.
 */
export const GET: RequestHandler = (event) => {
	requireUser(event, 'datasets.upload');
	return json({ job: uploadJob(event.params.token ?? '') }, { headers: { 'cache-control': 'no-store' } });
};
