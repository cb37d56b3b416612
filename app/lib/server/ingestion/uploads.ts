/**
 * Files uploaded in the browser, kept until they are loaded or discarded: each upload is a folder
 * beside the database (`uploads/<token>/`) with the file and what is known about it. The file is
 * streamed to disk with a byte limit and hashed on the way, so a 1 GB upload never sits in memory.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { defaultDbPath } from '../../../../db/connection';
import { defaultLimits } from '../../../../ingest/csv';
import type { IngestResult } from '../../../../ingest/report';
import { sanitizeFileName } from './receive';

export interface UploadSettings {
	wave: string;
	title: string;
	encoding: string;
	delimiter: string;
	decimal: string;
	/** A mapping as JSON text (empty: the canonical names and aliases). */
	mapping: string;
	skipInvalid: boolean;
	replace: boolean;
}

export interface UploadMeta {
	token: string;
	fileName: string;
	bytes: number;
	sha256: string;
	createdAt: string;
	settings: UploadSettings;
	/** The last dry run (or the failed load) with these settings. */
	result: IngestResult | null;
	/** The file's header, for the mapping form. */
	columns: string[];
}

export const DEFAULT_SETTINGS: UploadSettings = { wave: '', title: '', encoding: '', delimiter: '', decimal: '', mapping: '', skipInvalid: false, replace: false };
/** Uploads older than this are removed when a new one arrives. */
const MAX_AGE_MS = 24 * 3600 * 1000;
const TOKEN = /^[a-f0-9]{32}$/;

export class UploadTooLarge extends Error {
	constructor(readonly limit: number) {
		super('upload too large');
	}
}

export function uploadsDir(): string {
	return join(dirname(defaultDbPath()), 'uploads');
}
const dirOf = (token: string) => join(uploadsDir(), token);
export const uploadFile = (token: string) => join(dirOf(token), 'file');

/** Streams a request body to a new upload, refusing more than the file size limit. */
export async function createUpload(body: ReadableStream<Uint8Array>, fileName: string, settings: Partial<UploadSettings> = {}): Promise<UploadMeta> {
	await sweep();
	const token = randomBytes(16).toString('hex');
	await mkdir(dirOf(token), { recursive: true });
	const limit = defaultLimits().maxFileBytes;
	const hash = createHash('sha256');
	const out = createWriteStream(uploadFile(token));
	let bytes = 0;
	try {
		const reader = body.getReader();
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			bytes += value.byteLength;
			if (bytes > limit) {
				await reader.cancel();
				throw new UploadTooLarge(limit);
			}
			hash.update(value);
			if (!out.write(value)) await new Promise<void>((ok) => out.once('drain', () => ok()));
		}
		await new Promise<void>((ok, fail) => out.end((err?: Error | null) => (err ? fail(err) : ok())));
	} catch (err) {
		out.destroy();
		await rm(dirOf(token), { recursive: true, force: true });
		throw err;
	}
	const meta: UploadMeta = { token, fileName: sanitizeFileName(fileName), bytes, sha256: hash.digest('hex'), createdAt: new Date().toISOString(),
		settings: { ...DEFAULT_SETTINGS, title: sanitizeFileName(fileName), ...settings }, result: null, columns: [] };
	await saveUpload(meta);
	return meta;
}

export async function getUpload(token: string): Promise<UploadMeta | null> {
	if (!TOKEN.test(token)) return null;
	try {
		return JSON.parse(await readFile(join(dirOf(token), 'meta.json'), 'utf8')) as UploadMeta;
	} catch (err) {
		// No such upload (never made, discarded or swept): the page says so. Anything else too, but logged.
		if (!missing(err)) process.stderr.write(`vigie: upload ${token} could not be read: ${(err as Error).message}\n`);
		return null;
	}
}

const missing = (err: unknown) => (err as NodeJS.ErrnoException).code === 'ENOENT';

export async function saveUpload(meta: UploadMeta): Promise<void> {
	await writeFile(join(dirOf(meta.token), 'meta.json'), JSON.stringify(meta));
}

export async function removeUpload(token: string): Promise<void> {
	if (TOKEN.test(token)) await rm(dirOf(token), { recursive: true, force: true });
}

/** Removes uploads left for more than a day. */
async function sweep(): Promise<void> {
	let names: string[] = [];
	try {
		names = await readdir(uploadsDir());
	} catch (err) {
		// No upload yet: nothing to sweep.
		if (!missing(err)) process.stderr.write(`vigie: old uploads could not be removed: ${(err as Error).message}\n`);
		return;
	}
	const now = Date.now();
	for (const n of names) {
		if (!TOKEN.test(n)) continue;
		const st = await stat(dirOf(n)).catch(() => null);
		if (st && now - st.mtimeMs > MAX_AGE_MS) await rm(dirOf(n), { recursive: true, force: true });
	}
}

/** The settings form as it arrives: every field a string, checkboxes present when ticked. */
export function settingsFrom(form: FormData, base: UploadSettings): UploadSettings {
	const s = (k: string) => String(form.get(k) ?? '').trim();
	return {
		wave: s('wave'), title: s('title') || base.title, encoding: s('encoding'), delimiter: s('delimiter'), decimal: s('decimal'),
		mapping: String(form.get('mapping') ?? '').trim(), skipInvalid: form.get('skipInvalid') === 'on', replace: form.get('replace') === 'on'
	};
}
