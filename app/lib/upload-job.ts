/**
 * A check or a load of an uploaded file, running in the ingestion worker, as the upload page
 * shows it: how far it is (bytes read of the file's size, rows checked, problems found so far)
 * and how it ended. Shared by the server, which runs the jobs (server/upload-jobs.ts), and the
 * page's progress display, which asks for them again while one runs.
 */
export interface UploadJobView {
	/** Different for each job of the server's life: a new check is a new job. */
	id: number;
	kind: 'check' | 'load';
	state: 'running' | 'done' | 'failed' | 'cancelled';
	bytes: number;
	total: number;
	rows: number;
	errors: number;
	/** The dataset a finished load stored. */
	datasetId: number | null;
	/** Why a failed job stopped. */
	message: string | null;
}
