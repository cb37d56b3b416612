import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';

/**
 * An uploaded file's name as it is stored and shown: the last path component, letters, digits,
 * spaces and `. _ ( ) -` only (anything else becomes `_`), at most 150 characters, never empty
 * or hidden. The original name comes from the client and means nothing until cleaned.
 *
 * @example sanitizeFileName('../../etc/"><svg onload=alert(1)>.csv') // '_svg onload_alert(1)_.csv'
 */
export function sanitizeFileName(name: string | null | undefined, fallback = 'upload.csv'): string {
	const last = (name ?? '').split(/[/\\]/).pop() ?? '';
	const cleaned = last
		.normalize('NFC')
		.replace(/[^\p{L}\p{N} ._()-]+/gu, '_')
		.replace(/^[ .]+/, '')
		.trim()
		.slice(0, 150);
	return cleaned && cleaned !== '_' ? cleaned : fallback;
}

export class BodyTooLarge extends Error {}

/**
 * Streams a request body into a temporary file (never whole in memory), hands the file to `use`,
 * and removes it afterwards. adapter-node stops the stream past BODY_SIZE_LIMIT: that is a
 * BodyTooLarge.
 */
export async function withUploadedFile<T>(body: ReadableStream<Uint8Array>, use: (path: string, bytes: number) => Promise<T>): Promise<T> {
	const dir = mkdtempSync(join(tmpdir(), 'vigie-upload-'));
	try {
		const path = join(dir, 'upload');
		try {
			await pipeline(Readable.fromWeb(body as WebReadableStream<Uint8Array>), createWriteStream(path, { mode: 0o600 }));
		} catch (err) {
			if ((err as { status?: number }).status === 413) throw new BodyTooLarge((err as Error).message);
			throw err;
		}
		return await use(path, statSync(path).size);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

let queue: Promise<unknown> = Promise.resolve();
/**
 * Runs loads one at a time: each commits its chunks as fast as the disk goes, and two at once
 * would share the disk and SQLite's single write lock for no gain.
 */
export function oneAtATime<T>(task: () => Promise<T>): Promise<T> {
	const run = queue.then(task, task);
	queue = run.catch(() => undefined);
	return run;
}
