/**
 * The checks and loads of uploaded files that are running or just ended, one per upload at most,
 * kept in the server's memory: a page request starts one and answers at once, and the upload
 * page follows it (GET /api/uploads/TOKEN) until it ends. A finished job is kept a while so the
 * page can show how it ended (and where a loaded dataset went).
 */
import type { UploadJobView } from '../../upload-job';
import type { WorkerProgress } from './ingest-in-worker';

interface Job extends UploadJobView {
	stop: AbortController;
	endedAt: number | null;
}

/** How long a finished job is remembered. */
const KEEP_MS = 10 * 60 * 1000;
const jobs = new Map<string, Job>();
let nextId = 1;

function view(j: Job): UploadJobView {
	const { stop: _stop, endedAt: _endedAt, ...v } = j;
	return { ...v };
}

/** The upload's current or last job, if it is still remembered. */
export function uploadJob(token: string): UploadJobView | null {
	const now = Date.now();
	for (const [k, j] of jobs) if (j.endedAt !== null && now - j.endedAt > KEEP_MS) jobs.delete(k);
	const j = jobs.get(token);
	return j ? view(j) : null;
}

/**
 * Starts `run` as the upload's job, unless one is running (false). `run` hears the stop signal
 * and reports progress; it returns the dataset a load stored, if any.
 */
export function startUploadJob(token: string, kind: UploadJobView['kind'],
	run: (signal: AbortSignal, progress: (p: WorkerProgress) => void) => Promise<number | null>): boolean {
	if (jobs.get(token)?.state === 'running') return false;
	const job: Job = { id: nextId++, kind, state: 'running', bytes: 0, total: 0, rows: 0, errors: 0, datasetId: null, message: null,
		stop: new AbortController(), endedAt: null };
	jobs.set(token, job);
	const end = (state: Job['state'], extra: Partial<Job> = {}) => Object.assign(job, { state, endedAt: Date.now() }, extra);
	run(job.stop.signal, (p) => Object.assign(job, p)).then(
		(datasetId) => end('done', { datasetId }),
		(err: Error) => (job.stop.signal.aborted ? end('cancelled') : end('failed', { message: err.message }))
	);
	return true;
}

/** Stops the upload's running job (false if none runs); it ends as cancelled once the worker has removed what it wrote. */
export function cancelUploadJob(token: string): boolean {
	const j = jobs.get(token);
	if (j?.state !== 'running') return false;
	j.stop.abort(new DOMException('Stopped by the analyst.', 'AbortError'));
	return true;
}

/** Forgets the upload's job (the upload was discarded). */
export function forgetUploadJob(token: string): void {
	cancelUploadJob(token);
	jobs.delete(token);
}
