/**
 * The upload page as a visitor without JavaScript sees it: the first visit starts the file's
 * check in the server's worker and answers at once; the page then shows the report once the check
 * has ended (GET /api/uploads/TOKEN says when).
 */
import type { UploadJobView } from '../../app/lib/upload-job';
import { call } from './auth';
import type { TestServer } from './server';

/** The upload's running or last job, as the page asks for it. */
export async function uploadJobOf(server: TestServer, token: string, cookie: string): Promise<UploadJobView | null> {
	const res = await call(server, `/api/uploads/${token}`, { cookie });
	if (res.status !== 200) throw new Error(`GET /api/uploads/${token}: ${res.status}`);
	return ((await res.json()) as { job: UploadJobView | null }).job;
}

/** Waits until the upload's job has ended (a guard against hangs, not a speed check). */
export async function jobEnded(server: TestServer, token: string, cookie: string, timeoutMs = 120_000): Promise<UploadJobView | null> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const job = await uploadJobOf(server, token, cookie);
		if (job?.state !== 'running') return job;
		if (Date.now() > deadline) throw new Error(`the job of upload ${token} is still running`);
		await new Promise((ok) => setTimeout(ok, 100));
	}
}

/** The upload page after its first check: visited once (the check starts), then again once it has ended. */
export async function checkedUploadPage(server: TestServer, token: string, cookie: string): Promise<Response> {
	const first = await call(server, `/upload/${token}`, { cookie });
	if (first.status !== 200) return first;
	await first.arrayBuffer();
	await jobEnded(server, token, cookie);
	return call(server, `/upload/${token}`, { cookie });
}
