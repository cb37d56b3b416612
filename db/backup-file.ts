/**
 * What a file offered for a restore is, judged from its bytes before SQLite opens it: missing,
 * empty, not SQLite, cut short. SQLite itself would answer "file is not a database" or
 * "database disk image is malformed" at some later query; the operator gets a sentence instead.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';

export type RestoreRefusalCode =
	| 'not_found' | 'is_folder' | 'empty' | 'not_sqlite' | 'damaged_header' | 'truncated' | 'has_wal' | 'damaged'
	| 'broken_links' | 'not_vigie' | 'newer_schema' | 'same_as_database' | 'busy' | 'loading' | 'failed';

/** A restore refused; nothing was changed. `params` fill the message (`restore.refused.<code>`). */
export class RestoreRefused extends Error {
	constructor(readonly code: RestoreRefusalCode, readonly params: Record<string, string | number>) {
		super(`${code}: ${JSON.stringify(params)}`);
	}
}

/** "SQLite format 3" and a NUL: the first 16 bytes of every SQLite 3 database (sqlite.org/fileformat.html). */
const MAGIC = Buffer.from('SQLite format 3\u0000', 'latin1');
const HEADER_BYTES = 100;

export interface FileHeader {
	pageSize: number;
	/** Pages the header says the database has, when that number is trustworthy. */
	pages: number | null;
}

function readHeader(path: string): Buffer {
	const fd = openSync(path, 'r');
	try {
		const b = Buffer.alloc(HEADER_BYTES);
		const n = readSync(fd, b, 0, HEADER_BYTES, 0);
		return b.subarray(0, n);
	} finally {
		closeSync(fd);
	}
}

/** The page size in a database file's header (offset 16, big-endian, 1 meaning 65536), read without opening it. */
export function pageSizeOf(path: string): number {
	const raw = readHeader(path).readUInt16BE(16);
	return raw === 1 ? 65536 : raw;
}

/**
 * Reads the 100-byte header (sqlite.org/fileformat.html §1.3): the magic string, the page size
 * (offset 16, big-endian, 1 meaning 65536) and the size in pages (offset 28), which is valid
 * when the "version-valid-for" number (offset 92) equals the change counter (offset 24). A file
 * shorter than its pages, or not a whole number of pages, was cut short.
 */
export function inspectBackupFile(path: string): FileHeader {
	const st = statSync(path, { throwIfNoEntry: false });
	if (!st) throw new RestoreRefused('not_found', { path });
	if (st.isDirectory()) throw new RestoreRefused('is_folder', { path });
	if (st.size === 0) throw new RestoreRefused('empty', { path });
	const h = readHeader(path);
	if (h.length < MAGIC.length || !h.subarray(0, MAGIC.length).equals(MAGIC)) throw new RestoreRefused('not_sqlite', { path });
	if (h.length < HEADER_BYTES) throw new RestoreRefused('truncated', { path, expected: HEADER_BYTES, actual: st.size });
	const pageSize = h.readUInt16BE(16) === 1 ? 65536 : h.readUInt16BE(16);
	if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) throw new RestoreRefused('damaged_header', { path });
	const pages = h.readUInt32BE(92) === h.readUInt32BE(24) ? h.readUInt32BE(28) : null;
	const expected = pages !== null && pages > 0 ? pages * pageSize : null;
	if ((expected !== null && st.size < expected) || st.size % pageSize !== 0)
		throw new RestoreRefused('truncated', { path, expected: expected ?? Math.ceil(st.size / pageSize) * pageSize, actual: st.size });
	const wal = statSync(`${path}-wal`, { throwIfNoEntry: false });
	if (wal && wal.size > 0) throw new RestoreRefused('has_wal', { path, wal: `${path}-wal` });
	return { pageSize, pages };
}
