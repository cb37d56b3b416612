/**
 * What a delimited text file is, read from its first bytes: the encoding (a byte order mark,
 * else valid UTF-8, else a guess between UTF-16 without a BOM and Windows-1252 by `chardet`),
 * the delimiter, the line ends and the decimal mark. Each can be overridden by the analyst; the
 * result says which were detected and which were given.
 */
import { createRequire } from 'node:module';
import type { analyse as analyseType } from 'chardet';
import { CsvFatalError, DEFAULT_LIMITS, parseCsvText, type CsvLimits, type CsvRecord } from './parser';

export const ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252'] as const;
export type Encoding = (typeof ENCODINGS)[number];
export const DELIMITERS = [',', ';', '\t', '|'] as const;
export type Delimiter = (typeof DELIMITERS)[number];
export type Decimal = '.' | ',';
export type Linebreak = '\r\n' | '\n' | '\r';

/** Names the analyst may use for an encoding (`latin1`, `cp1252`, `utf8`, `utf16`…). */
export function encodingOf(name: string): Encoding | undefined {
	const k = name.toLowerCase().replace(/[^a-z0-9]/g, '');
	if (k === 'utf8') return 'utf-8';
	if (k === 'utf16le' || k === 'utf16') return 'utf-16le';
	if (k === 'utf16be') return 'utf-16be';
	if (['windows1252', 'cp1252', 'latin1', 'iso88591', 'iso885915', 'ansi'].includes(k)) return 'windows-1252';
	return undefined;
}

/** `,` `;` `|`, and `tab` / `\t` for the tab. */
export function delimiterOf(name: string): Delimiter | undefined {
	if (name === 'tab' || name === '\\t' || name === 'TAB') return '\t';
	return (DELIMITERS as readonly string[]).includes(name) ? (name as Delimiter) : undefined;
}

export interface CsvDialect {
	encoding: Encoding;
	delimiter: Delimiter;
	decimal: Decimal;
}

export interface Detected extends CsvDialect {
	/** The file starts with a byte order mark. */
	bom: boolean;
	linebreak: Linebreak;
	/** Which of encoding, delimiter and decimal the analyst gave rather than detection. */
	given: (keyof CsvDialect)[];
	/** chardet's best guess when the encoding was not obvious, with its confidence (0–100). */
	guess?: { name: string; confidence: number };
	/** Filled in by the stream: cells ending with a carriage return inside quotes. */
	strayCarriageReturns: number;
	/** Filled in by the stream: a byte order mark found inside the first header name (`X.U.FEFF.start`). */
	leakedBom: boolean;
}

export type SniffFailure = { code: 'binary_file' | 'empty_file'; params?: Record<string, string> };

const SAMPLE_RECORDS = 50;

function bomOf(b: Uint8Array): { encoding: Encoding; length: number } | null {
	if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
	if (b[0] === 0xff && b[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
	if (b[0] === 0xfe && b[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
	return null;
}

/** Formats that are not text at all, named so that the message can say what to do. */
function knownBinary(b: Uint8Array): string | null {
	const starts = (...sig: number[]) => sig.every((v, i) => b[i] === v);
	if (starts(0x50, 0x4b, 0x03, 0x04)) return 'zip'; // also .xlsx, .ods, .docx
	if (starts(0xd0, 0xcf, 0x11, 0xe0)) return 'xls';
	if (starts(0x25, 0x50, 0x44, 0x46)) return 'pdf';
	if (starts(0x89, 0x50, 0x4e, 0x47) || starts(0xff, 0xd8, 0xff) || starts(0x47, 0x49, 0x46)) return 'image';
	if (starts(0x1f, 0x8b)) return 'gzip';
	if (starts(0x53, 0x51, 0x4c, 0x69, 0x74, 0x65)) return 'sqlite';
	return null;
}

/** Valid UTF-8 up to the sample's end (a character cut by the sample's edge does not count). */
function isUtf8(b: Uint8Array): boolean {
	let end = b.length;
	// Step back over a multi-byte sequence the sample cuts short.
	for (let k = 1; k <= 3 && end - k >= 0; k++) {
		const c = b[end - k]!;
		if ((c & 0xc0) === 0x80) continue;
		if (c >= 0xc0) end -= k;
		break;
	}
	try {
		new TextDecoder('utf-8', { fatal: true }).decode(b.subarray(0, end));
		return true;
	} catch {
		return false;
	}
}

function detectEncoding(b: Uint8Array): { encoding: Encoding; bom: boolean; guess?: Detected['guess'] } | SniffFailure {
	const bom = bomOf(b);
	if (bom) return { encoding: bom.encoding, bom: true };
	const kind = knownBinary(b);
	if (kind) return { code: 'binary_file', params: { kind } };
	let nul = 0;
	for (const c of b) if (c === 0) nul++;
	if (nul === 0 && isUtf8(b)) return { encoding: 'utf-8', bom: false };
	// Loaded for the few files that are neither marked nor valid UTF-8, not by every command at start.
	const analyse = (createRequire(import.meta.url)('chardet') as { analyse: typeof analyseType }).analyse;
	const best = analyse(b)[0];
	const guess = best ? { name: best.name, confidence: best.confidence } : undefined;
	if (best && (best.name === 'UTF-16LE' || best.name === 'UTF-16BE')) return { encoding: best.name === 'UTF-16LE' ? 'utf-16le' : 'utf-16be', bom: false, guess };
	// A few NUL bytes in text are reported line by line by the parser; many mean it is not text.
	if (nul >= 8 && nul > b.length / 20) return { code: 'binary_file', params: { kind: 'unknown' } };
	if (nul > 0 && isUtf8(b)) return { encoding: 'utf-8', bom: false };
	return { encoding: 'windows-1252', bom: false, guess };
}

/** The first line break outside quotes. */
function detectLinebreak(text: string): Linebreak {
	let inQuotes = false;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c === 34) inQuotes = !inQuotes;
		else if (!inQuotes && c === 13) return text.charCodeAt(i + 1) === 10 ? '\r\n' : '\r';
		else if (!inQuotes && c === 10) return '\n';
	}
	return '\n';
}

/**
 * Complete, non-blank records of the sample (the last may be cut by the sample's edge). A record
 * wider than the column limit stops the sample there: `tooWide` says so, and the stream then
 * reports the limit on the record's line (a sample is never where a file's problems are told).
 */
function sampleRecords(text: string, delimiter: string, complete: boolean, limits: CsvLimits): { records: CsvRecord[]; tooWide: boolean } {
	let records: CsvRecord[];
	try {
		// Only the column limit matters here; a record or field too long is reported by the stream.
		({ records } = parseCsvText(text, delimiter, { ...DEFAULT_LIMITS, maxColumns: limits.maxColumns }));
	} catch (err) {
		if (!(err instanceof CsvFatalError)) throw err;
		return { records: [], tooWide: err.issue.code === 'too_many_columns' };
	}
	const whole = complete ? records : records.slice(0, -1);
	return { records: whole.filter((r) => !r.blank).slice(0, SAMPLE_RECORDS), tooWide: false };
}

/**
 * The delimiter that splits the header and the rows into the same number of fields, more than
 * one: the share of rows agreeing with the header first, then the number of fields. A delimiter
 * that splits a record into more fields than the limit counts as the widest split of all.
 */
function detectDelimiter(text: string, complete: boolean, limits: CsvLimits): Delimiter {
	let best: { d: Delimiter; score: number; width: number } = { d: ',', score: -1, width: 1 };
	for (const d of DELIMITERS) {
		const { records: recs, tooWide } = sampleRecords(text, d, complete, limits);
		if (tooWide) {
			if (best.score < 1 || best.width <= limits.maxColumns) best = { d, score: 1, width: limits.maxColumns + 1 };
			continue;
		}
		if (recs.length === 0) continue;
		const width = recs[0]!.cells.length;
		if (width < 2) continue;
		const rows = recs.slice(1);
		const score = rows.length === 0 ? 1 : rows.filter((r) => r.cells.length === width).length / rows.length;
		if (score > best.score || (score === best.score && width > best.width)) best = { d, score, width };
	}
	return best.d;
}

const COMMA_DECIMAL = /^[+-]?\d+,\d+$/;
const POINT_DECIMAL = /^[+-]?\d*\.\d+$/;

/**
 * `,` when some column holds numbers written with a decimal comma (`1,7`) and no column holds
 * numbers with a decimal point; `.` otherwise.
 */
function detectDecimal(text: string, delimiter: Delimiter, complete: boolean, limits: CsvLimits): Decimal {
	const recs = sampleRecords(text, delimiter, complete, limits).records.slice(1);
	let comma = 0, point = 0;
	for (const r of recs) {
		for (const cell of r.cells) {
			const v = cell.trim();
			if (COMMA_DECIMAL.test(v)) comma++;
			else if (POINT_DECIMAL.test(v)) point++;
		}
	}
	return comma > 0 && point === 0 ? ',' : '.';
}

export interface SniffOptions {
	encoding?: Encoding;
	delimiter?: Delimiter;
	decimal?: Decimal;
}

/**
 * Detects the dialect from the first bytes of a file (`complete` when they are the whole file).
 * Given options win over detection and are listed in `given`.
 */
export function sniff(sample: Uint8Array, complete: boolean, opts: SniffOptions = {}, limits: CsvLimits = DEFAULT_LIMITS): Detected | SniffFailure {
	if (sample.length === 0) return { code: 'empty_file' };
	const given: (keyof CsvDialect)[] = [];
	let encoding: Encoding;
	let bom = false;
	let guess: Detected['guess'];
	const found = bomOf(sample);
	if (opts.encoding) {
		encoding = opts.encoding;
		bom = found !== null && found.encoding === encoding;
		given.push('encoding');
	} else {
		const e = detectEncoding(sample);
		if ('code' in e) return e;
		({ encoding, bom, guess } = e);
	}
	const body = bom ? sample.subarray(found!.length) : sample;
	const text = new TextDecoder(encoding).decode(body);
	const delimiter = opts.delimiter ?? detectDelimiter(text, complete, limits);
	if (opts.delimiter) given.push('delimiter');
	const decimal = opts.decimal ?? detectDecimal(text, delimiter, complete, limits);
	if (opts.decimal) given.push('decimal');
	return { encoding, bom, delimiter, decimal, linebreak: detectLinebreak(text), given, ...(guess ? { guess } : {}),
		strayCarriageReturns: 0, leakedBom: false };
}
