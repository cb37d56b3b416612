/**
 * The first rows of a delimited file, read without streaming the whole file: for the mapping
 * assistant and for a live preview of a mapping. The dialect is detected as for a load, and cells
 * are cleaned as a load cleans them (a leaked byte order mark, stray carriage returns).
 */
import { open } from 'node:fs/promises';
import { sniff, type Detected, type SniffOptions } from './detect';
import { CsvFatalError, DEFAULT_LIMITS, parseCsvText } from './parser';

export interface FileHead {
	detected: Detected;
	/** The header record's cells, trimmed. */
	header: string[];
	/** Data records (not blank), cells trimmed, with their file lines. */
	rows: { line: number; cells: string[] }[];
	/** The whole file was read. */
	complete: boolean;
}

export type HeadFailure = { code: 'binary_file' | 'empty_file' | 'too_many_columns' | 'file_unreadable'; params?: Record<string, string | number> };

const LEAKED_BOM = /^(?:\uFEFF|ï»¿|X\.U\.FEFF\.|X\.U\.FEFF)/;

/** Reads up to `maxBytes` of a file and parses up to `maxRows` data rows. */
export async function readHead(path: string, opts: SniffOptions & { maxBytes?: number; maxRows?: number } = {}): Promise<FileHead | HeadFailure> {
	const maxBytes = opts.maxBytes ?? 4 * 1024 * 1024;
	let bytes: Uint8Array;
	let size: number;
	try {
		const fh = await open(path, 'r');
		try {
			size = (await fh.stat()).size;
			const buf = Buffer.alloc(Math.min(maxBytes, size));
			const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
			bytes = buf.subarray(0, bytesRead);
		} finally {
			await fh.close();
		}
	} catch (err) {
		return { code: 'file_unreadable', params: { detail: (err as NodeJS.ErrnoException).code ?? 'error' } };
	}
	const complete = bytes.length === size;
	const detected = sniff(bytes, complete, opts);
	if ('code' in detected) return detected;
	const body = detected.bom ? bytes.subarray(detected.encoding === 'utf-8' ? 3 : 2) : bytes;
	// A sample may end inside a character: the decoder replaces it, and the cut record is dropped below.
	const text = new TextDecoder(detected.encoding).decode(body);
	let records;
	try {
		({ records } = parseCsvText(text, detected.delimiter, DEFAULT_LIMITS, detected.linebreak));
	} catch (err) {
		if (err instanceof CsvFatalError) return { code: err.issue.code === 'too_many_columns' ? 'too_many_columns' : 'file_unreadable',
			params: { limit: DEFAULT_LIMITS.maxColumns, detail: err.issue.code } };
		throw err;
	}
	const whole = (complete ? records : records.slice(0, -1)).filter((r) => !r.blank);
	const [head, ...rest] = whole;
	if (!head) return { code: 'empty_file' };
	const header = head.cells.map((c, i) => (i === 0 ? c.replace(LEAKED_BOM, '') : c).trim());
	const rows = rest.slice(0, opts.maxRows ?? 5000).map((r) => ({ line: r.line, cells: r.cells.map((c) => c.trim()) }));
	return { detected, header, rows, complete: complete && rest.length <= (opts.maxRows ?? 5000) };
}
