/**
 * Checking and loading an uploaded file with the analyst's settings: the same ingestion as the
 * command line, in a worker thread with a connection of its own (ingest-in-worker.ts), so that
 * the pages served meanwhile do not wait for it.
 */
import { defaultDbPath } from '../../../db/connection';
import { delimiterOf, encodingOf } from '../../../ingest/csv';
import { MappingError, parseMapping, type SurveyMapping } from '../../../ingest/mapping';
import type { IngestResult } from '../../../ingest/report';
import { dirname, join } from 'node:path';
import { ingestInWorker } from './ingest-in-worker';
import { oneAtATime } from './upload';
import { removeUpload, saveUpload, uploadFile, type UploadMeta, type UploadSettings } from './uploads';

export type UploadRun =
	| { kind: 'settings'; problems: { path: string; message: string }[] }
	| { kind: 'checked'; result: IngestResult }
	| { kind: 'loaded'; datasetId: number; result: IngestResult };

/** The settings form as it arrives: every field a string, checkboxes present when ticked. */
export function settingsFrom(form: FormData, base: UploadSettings): UploadSettings {
	const s = (k: string) => String(form.get(k) ?? '').trim();
	return {
		wave: s('wave'), title: s('title') || base.title, encoding: s('encoding'), delimiter: s('delimiter'), decimal: s('decimal'),
		mapping: String(form.get('mapping') ?? '').trim(), skipInvalid: form.get('skipInvalid') === 'on', replace: form.get('replace') === 'on'
	};
}

/** Runs a dry run (commit = false) or the load (commit = true) of an upload, and remembers the result. */
export async function runUpload(meta: UploadMeta, settings: UploadSettings, commit: boolean, by: string): Promise<UploadRun> {
	const problems: { path: string; message: string }[] = [];
	let mapping: SurveyMapping | undefined;
	if (settings.mapping) {
		try {
			mapping = parseMapping(JSON.parse(settings.mapping));
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
	if (problems.length) {
		await saveUpload(meta);
		return { kind: 'settings', problems };
	}
	const options = {
		wave: settings.wave || undefined, title: settings.title || meta.fileName, fileName: meta.fileName, createdBy: by,
		mapping, encoding, delimiter, decimal: (settings.decimal || undefined) as '.' | ',' | undefined,
		skipInvalid: settings.skipInvalid, replace: settings.replace
	};
	const file = uploadFile(meta.token);
	const result: IngestResult = commit
		// One load at a time: each holds SQLite's write lock for its whole transaction.
		? await oneAtATime(() => ingestInWorker({ dbPath: defaultDbPath(), file, scratchPath: null, options }))
		// A check writes to a scratch database: it never waits for, nor blocks, the real one.
		: await ingestInWorker({ dbPath: defaultDbPath(), file, scratchPath: join(dirname(file), 'check.db'), options });
	if (result.mapping) meta.columns = Object.keys(result.mapping).filter((k) => !k.startsWith('('));
	if (commit && result.ok && result.dataset_id !== null) {
		await removeUpload(meta.token);
		return { kind: 'loaded', datasetId: result.dataset_id, result };
	}
	meta.result = result;
	await saveUpload(meta);
	return { kind: 'checked', result };
}
