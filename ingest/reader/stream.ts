/**
 * Streams a delimited text file of any supported dialect into records: the file is read once, in
 * 32 kB pieces, hashed (SHA-256), decoded (UTF-8, UTF-16 or Windows-1252) and parsed, so a 1 GB
 * file never sits in memory (its first 64 kB are read once more first, to detect its dialect). Problems come back as issues with the file line; a problem that
 * stops the reading (a limit, bytes that are not in the encoding) is the last issue.
 */
import { createHash } from 'node:crypto';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { sniff, type Detected, type SniffOptions } from './detect';
import { CsvFatalError, CsvParser, DEFAULT_LIMITS, type CsvLimits, type CsvRecord, type CsvSyntaxCode, type NumericLane } from './parser';

export type CsvIssueCode = CsvSyntaxCode | 'encoding_error' | 'binary_file' | 'empty_file' | 'file_too_large' | 'file_unreadable';

export interface CsvIssue {
	/** File line (1-based); null for the whole file. */
	line: number | null;
	/** 1-based field position in the record, when known. */
	field: number | null;
	code: CsvIssueCode;
	params?: Record<string, string | number>;
}

export interface StreamLimits extends CsvLimits {
	maxFileBytes: number;
}

/** 2 GiB per file by default (VIGIE_MAX_FILE_BYTES); the record, field and column limits of the parser. */
export function defaultLimits(env: NodeJS.ProcessEnv = process.env): StreamLimits {
	const fromEnv = Number(env.VIGIE_MAX_FILE_BYTES);
	return { ...DEFAULT_LIMITS, maxFileBytes: Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : 2 * 1024 ** 3 };
}

export interface StreamOptions extends SniffOptions {
	limits?: Partial<StreamLimits>;
	/** Called once the dialect is known, before the first record. */
	onDetected?: (detected: Detected) => void;
	/** Called after each piece read: bytes read so far and the file's size. */
	onProgress?: (bytes: number, total: number) => void;
	/** Stops the reading between two pieces: `streamCsv` then throws the signal's reason. */
	signal?: AbortSignal;
	/** Columns to read as numbers (see CsvRecord.numbers): the caller may set `lane` once it has the header; used from the next piece on. */
	numeric?: { lane: NumericLane | null };
}

export interface StreamResult {
	/** Null when the file could not be read as delimited text at all (the issue says why). */
	detected: Detected | null;
	/** Records emitted, blank ones included. */
	records: number;
	sha256: string;
	bytes: number;
	/** The reading stopped early on a fatal issue. */
	stopped: boolean;
}

const SAMPLE_BYTES = 64 * 1024;
/** The file is read 1 MB at a time: few trips to the thread that reads, each a wait when the machine is busy. */
const READ_BYTES = 1 << 20;
/**
 * ... and decoded and parsed 32 kB at a time: a piece's text (64 kB at most) stays among the
 * engine's small objects, which are recycled; the text of a whole megabyte would take fresh
 * memory from the system every time, which costs more than the work saved.
 */
const PIECE_BYTES = 32 * 1024;
/** A byte order mark that travelled into the first header as text: R's `X.U.FEFF.`, or UTF-8's BOM read as Windows-1252. */
const LEAKED_BOM = /^(?:\uFEFF|ï»¿|X\.U\.FEFF\.|X\.U\.FEFF)/;

async function readSample(fh: FileHandle): Promise<Uint8Array> {
	const buf = Buffer.alloc(SAMPLE_BYTES);
	const { bytesRead } = await fh.read(buf, 0, SAMPLE_BYTES, 0);
	return buf.subarray(0, bytesRead);
}

export async function streamCsv(
	path: string,
	onRecord: (record: CsvRecord) => void,
	onIssue: (issue: CsvIssue) => void,
	opts: StreamOptions = {}
): Promise<StreamResult> {
	const limits = { ...defaultLimits(), ...opts.limits };
	const fail = (issue: CsvIssue, bytes = 0): StreamResult => {
		onIssue(issue);
		return { detected: null, records: 0, sha256: '', bytes, stopped: true };
	};
	let size: number;
	try {
		const st = await stat(path);
		if (!st.isFile()) return fail({ line: null, field: null, code: 'file_unreadable', params: { detail: 'not a file' } });
		size = st.size;
	} catch (err) {
		return fail({ line: null, field: null, code: 'file_unreadable', params: { detail: (err as NodeJS.ErrnoException).code ?? 'error' } });
	}
	if (size > limits.maxFileBytes)
		return fail({ line: null, field: null, code: 'file_too_large', params: { size, limit: limits.maxFileBytes } }, size);
	let fh: FileHandle;
	try {
		fh = await open(path, 'r');
	} catch (err) {
		return fail({ line: null, field: null, code: 'file_unreadable', params: { detail: (err as NodeJS.ErrnoException).code ?? 'error' } });
	}
	try {
		return await readAll(fh, size, onRecord, onIssue, opts, limits, fail);
	} finally {
		await fh.close();
	}
}

/** The parser for the file's dialect; a byte order mark that leaked into the first header is taken off (and noted). */
function parserFor(detected: Detected, onRecord: (record: CsvRecord) => void, onIssue: (issue: CsvIssue) => void, limits: StreamLimits): CsvParser {
	let first = true;
	return new CsvParser(
		detected.delimiter,
		(rec) => {
			if (first) {
				first = false;
				const c0 = rec.cells[0] ?? '';
				const m = LEAKED_BOM.exec(c0);
				if (m) {
					rec.cells[0] = c0.slice(m[0].length);
					detected.leakedBom = true;
				}
			}
			onRecord(rec);
		},
		(i) => onIssue({ line: i.line, field: i.field, code: i.code, params: i.params }),
		limits,
		detected.linebreak
	);
}

/** The file's dialect from its first 64 kB, then the whole file, a piece at a time into one buffer used again for each. */
async function readAll(fh: FileHandle, size: number, onRecord: (record: CsvRecord) => void, onIssue: (issue: CsvIssue) => void,
	opts: StreamOptions, limits: StreamLimits, fail: (issue: CsvIssue, bytes?: number) => StreamResult): Promise<StreamResult> {
	const sample = await readSample(fh);
	const sniffed = sniff(sample, sample.length === size, opts, limits);
	if ('code' in sniffed) return fail({ line: null, field: null, code: sniffed.code, params: sniffed.params }, size);
	const detected: Detected = sniffed;
	opts.onDetected?.(detected);

	const hash = createHash('sha256');
	// Windows-1252 decodes every byte; UTF-8 and UTF-16 stop at bytes that are not in the encoding.
	const decoder = new TextDecoder(detected.encoding, { fatal: detected.encoding !== 'windows-1252' });
	const parser = parserFor(detected, onRecord, onIssue, limits);
	let bytes = 0;
	let stopped = false;
	// One buffer for every read: the decoder and the hash copy what they keep.
	const buffer = Buffer.allocUnsafeSlow(READ_BYTES);
	try {
		reading: for (;;) {
			const { bytesRead } = await fh.read(buffer, 0, READ_BYTES, bytes);
			if (bytesRead === 0) break;
			opts.signal?.throwIfAborted();
			hash.update(buffer.subarray(0, bytesRead));
			parser.numeric = opts.numeric?.lane ?? null;
			for (let at = 0; at < bytesRead; at += PIECE_BYTES) {
				const piece = buffer.subarray(at, Math.min(bytesRead, at + PIECE_BYTES));
				let text: string;
				try {
					text = decoder.decode(piece, { stream: true });
				} catch {
					onIssue({ line: parser.currentLine, field: null, code: 'encoding_error', params: { encoding: detected.encoding, offset: bytes + at } });
					stopped = true;
					break reading;
				}
				parser.push(text);
			}
			bytes += bytesRead;
			opts.onProgress?.(bytes, size);
		}
		if (!stopped) {
			try {
				parser.push(decoder.decode());
			} catch {
				onIssue({ line: parser.currentLine, field: null, code: 'encoding_error', params: { encoding: detected.encoding, offset: bytes } });
				stopped = true;
			}
			if (!stopped) parser.end();
		}
	} catch (err) {
		if (!(err instanceof CsvFatalError)) throw err;
		// Past the column limit, the position of the field is no column of the file.
		const field = err.issue.code === 'too_many_columns' ? null : err.issue.field;
		onIssue({ line: err.issue.line, field, code: err.issue.code, params: err.issue.params });
		stopped = true;
	}
	detected.strayCarriageReturns = detected.linebreak === '\r\n' ? 0 : parser.strayCarriageReturns;
	return { detected, records: parser.records, sha256: stopped ? '' : hash.digest('hex'), bytes, stopped };
}
