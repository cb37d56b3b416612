/**
 * Checking and loading an uploaded file with the analyst's settings: the same ingestion as the
 * command line, in a worker thread with a connection of its own (ingest-in-worker.ts), so that
 * the pages served meanwhile do not wait for it. The page request only starts the job
 * (upload-jobs.ts): the upload page shows its progress and can stop it.
 */
import { defaultDbPath } from '../../../../db/connection';
import { delimiterOf, encodingOf } from '../../../../ingest/csv';
import { MappingError, parseMapping, type SurveyMapping } from '../../../../ingest/column-mapping';
import type { IngestResult } from '../../../../ingest/report';
import { dirname, join } from 'node:path';
import { ingestInWorker, type IngestJob, type WorkerProgress } from './ingest-in-worker';
import { oneAtATime } from '../ingestion/receive';
import { startUploadJob } from './upload-jobs';
import { getDb } from '../db';
import { loadGeography } from '../settings/geography';
import { removeUpload, saveUpload, uploadFile, type UploadMeta, type UploadSettings } from '../ingestion/uploads';

export type UploadRun =
	| { kind: 'settings'; problems: { path: string; message: string }[] }
	/** The job started, or one was already running for this upload (`started` false). */
	| { kind: 'job'; started: boolean };

/**
 * Starts a dry run (commit = false) or the load (commit = true) of an upload in the worker, and
 * remembers its result with the upload when it ends; a successful load removes the upload and
 * calls `onLoaded`. Settings that are not valid start nothing.
 */
export async function runUpload(meta: UploadMeta, settings: UploadSettings, commit: boolean, by: string,
	onLoaded?: (result: Extract<IngestResult, { ok: true }>) => void): Promise<UploadRun> {
	const problems: { path: string; message: string }[] = [];
	let mapping: SurveyMapping | undefined;
	if (settings.mapping) {
		try {
			mapping = parseMapping(JSON.parse(settings.mapping), loadGeography(getDb()));
		} catch (err) {
			if (err instanceof MappingError) problems.push(...err.problems);
			else problems.push({ path: '(JSON)', message: (err as Error).message });
		}
	}
	const encoding = settings.encoding ? encodingOf(settings.encoding) : undefined;
	if (settings.encoding && !encoding) problems.push({ path: 'encoding', message: settings.encoding });
	const delimiter = settings.delimiter ? delimiterOf(settings.delimiter) : undefined;
	if (settings.delimiter && !delimiter) problems.push({ path: 'delimiter', message: settings.delimiter });
	if (settings.decimal && settings.decimal !== '.' && settings.decimal !== ',') problems.push({ path: 'decimal', message: settings.decimal });
	meta.settings = settings;
	await saveUpload(meta);
	if (problems.length) return { kind: 'settings', problems };
	const options: IngestJob['options'] = {
		wave: settings.wave || undefined, title: settings.title || meta.fileName, fileName: meta.fileName, createdBy: by,
		mapping, encoding, delimiter, decimal: (settings.decimal || undefined) as '.' | ',' | undefined,
		skipInvalid: settings.skipInvalid, replace: settings.replace
	};
	const file = uploadFile(meta.token);
	const started = startUploadJob(meta.token, commit ? 'load' : 'check', async (signal, progress) => {
		const result = await runInWorker(file, commit, options, progress, signal);
		if (result.mapping) meta.columns = Object.keys(result.mapping).filter((k) => !k.startsWith('('));
		if (commit && result.ok && result.dataset_id !== null) {
			await removeUpload(meta.token);
			onLoaded?.(result);
			return result.dataset_id;
		}
		meta.result = result;
		await saveUpload(meta);
		return null;
	});
	return { kind: 'job', started };
}

function runInWorker(file: string, commit: boolean, options: IngestJob['options'], progress: (p: WorkerProgress) => void,
	signal: AbortSignal): Promise<IngestResult> {
	// One load at a time: each writes its chunks as fast as the disk goes; a second would only halve that.
	if (commit) return oneAtATime(() => ingestInWorker({ dbPath: defaultDbPath(), file, scratchPath: null, options }, progress, signal));
	// A check writes to a scratch database: it never waits for, nor blocks, the real one.
	return ingestInWorker({ dbPath: defaultDbPath(), file, scratchPath: join(dirname(file), 'check.db'), options }, progress, signal);
}
