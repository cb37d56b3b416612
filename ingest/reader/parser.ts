/**
 * A strict, streaming RFC 4180 parser for text already decoded to strings. It is written here,
 * rather than taken from PapaParse, for four things ingestion needs and PapaParse does not give:
 * errors for RFC 4180 violations (a quote inside an unquoted field, text after a closing quote),
 * a record-length limit that stops a runaway quoted field before it fills memory, the true file
 * line of every record (quoted fields may span lines; CRLF, LF and lone CR all end a line), and a
 * single pass (PapaParse plus a separate checking pass read every character twice).
 *
 * Semantics (those of csv-spectrum and csv-test-data): a line break after the last record does
 * not start another record; an empty line is a record of one empty field, marked `blank` so that
 * loaders can skip it; quoted fields keep their content exactly (line breaks, stray carriage
 * returns, spaces).
 */
import { PlainLines, type NumericLane } from './plain-lines';

export type { NumericLane };

export interface CsvRecord {
	cells: string[];
	/** File line (1-based) where the record starts. */
	line: number;
	/** An empty line: one empty, unquoted field. */
	blank: boolean;
	/**
	 * With a numeric lane (`CsvParser.numeric`): by column, the value of each cell of the lane that
	 * is a plain non-negative decimal, whose text is then not made (its cell is ''); NaN where the
	 * cell's text is in `cells`. Valid while the record is handled only: the array is reused.
	 */
	numbers?: Float64Array;
}

export type CsvSyntaxCode =
	| 'unterminated_quote'
	| 'quote_in_unquoted_field'
	| 'text_after_quote'
	| 'null_byte'
	| 'record_too_long'
	| 'field_too_long'
	| 'too_many_columns';

export interface CsvSyntaxIssue {
	line: number;
	/** 1-based column position, when known. */
	field: number | null;
	code: CsvSyntaxCode;
	params?: Record<string, number | string>;
}

export interface CsvLimits {
	/** Characters in one record (all its fields and separators). */
	maxRecordChars: number;
	/** Characters in one field. */
	maxFieldChars: number;
	/** Fields in one record. */
	maxColumns: number;
}

export const DEFAULT_LIMITS: CsvLimits = { maxRecordChars: 4_000_000, maxFieldChars: 100_000, maxColumns: 5_000 };

/** Thrown to stop a parse that cannot go on (a limit was passed); the issue says where. */
export class CsvFatalError extends Error {
	constructor(readonly issue: CsvSyntaxIssue) {
		super(issue.code);
	}
}

const QUOTE = 34, CR = 13, LF = 10;

/**
 * Counts the line breaks inside a quoted field, s[from, to): LF (and so CRLF) in a file whose
 * lines end with LF or CRLF, CR in a file whose lines end with CR. A carriage return alone in an
 * LF file (`"0315\r"`) is a stray character, not a new line: the analyst's line numbers are rows.
 */
function countBreaks(s: string, from: number, to: number, cr: boolean): number {
	let n = 0;
	const ch = cr ? '\r' : '\n';
	for (let i = s.indexOf(ch, from); i !== -1 && i < to; i = s.indexOf(ch, i + 1)) n++;
	return n;
}

export class CsvParser {
	/** Columns to read as numbers straight from the text (see CsvRecord.numbers); a loader sets them once it knows its header. */
	numeric: NumericLane | null = null;
	private buf = '';
	private line = 1;
	private readonly delim: number;
	private readonly special: RegExp;
	private readonly crLines: boolean;
	/** Cells ending with a carriage return that is not part of a line break (`"0315\r"`). */
	strayCarriageReturns = 0;
	records = 0;

	constructor(
		private readonly delimiter: string,
		private readonly onRecord: (r: CsvRecord) => void,
		private readonly onIssue: (i: CsvSyntaxIssue) => void,
		private readonly limits: CsvLimits = DEFAULT_LIMITS,
		/** The file's line end: inside quoted fields only it counts as a new line. */
		linebreak: '\r\n' | '\n' | '\r' = '\n'
	) {
		this.crLines = linebreak === '\r';
		if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') throw new Error(`bad delimiter ${JSON.stringify(delimiter)}`);
		this.delim = delimiter.charCodeAt(0);
		const d = delimiter.replace(/[\\\]^-]/g, '\\$&');
		this.special = new RegExp(`[${d}\\r\\n"\\0]`, 'g');
	}

	/** Feeds the next piece of text; records completed by it are emitted at once. */
	push(text: string): void {
		let rest = text;
		if (this.buf.length > 0) {
			// The record left from the last piece is completed with this piece's first line, read on its
			// own: joining the whole piece to it would copy the piece (a joined string is flattened
			// before it is searched). A record longer than that line (a quoted line break) is joined.
			const lf = text.indexOf('\n');
			const head = lf === -1 ? null : this.buf + text.slice(0, lf + 1);
			const used = head === null ? 0 : this.parse(head, false);
			rest = head !== null && used === head.length ? text.slice(lf + 1) : (this.buf + text).slice(used);
		}
		const used = this.parse(rest, false);
		this.buf = rest.slice(used);
		if (this.buf.length > this.limits.maxRecordChars)
			throw new CsvFatalError({ line: this.line, field: null, code: 'record_too_long', params: { limit: this.limits.maxRecordChars } });
	}

	/** Ends the input: the last record, even without a final line break. */
	end(): void {
		this.parse(this.buf, true);
		this.buf = '';
	}

	/**
	 * Parses whole records from `s` and returns how many characters they used. Without `final`, a
	 * record that may continue in the next piece is left for then.
	 */
	private parse(s: string, final: boolean): number {
		const n = s.length;
		const delim = this.delim;
		const special = this.special;
		const { maxFieldChars, maxColumns } = this.limits;
		const lines = new PlainLines(s, this.delimiter, maxFieldChars, maxColumns, this.numeric);
		let pos = 0;
		while (pos < n) {
			const plain = lines.at(pos);
			if (plain) {
				pos = lines.next;
				this.records++;
				const rec: CsvRecord = { cells: plain, line: this.line++, blank: plain.length === 1 && plain[0] === '' };
				if (lines.numbers) rec.numbers = lines.numbers;
				this.onRecord(rec);
				continue;
			}
			const start = pos;
			const startLine = this.line;
			let line = startLine;
			const cells: string[] = [];
			const pending: CsvSyntaxIssue[] = [];
			let stray = 0;
			for (;;) {
				// One field starts at pos.
				if (cells.length >= maxColumns)
					throw new CsvFatalError({ line: startLine, field: cells.length + 1, code: 'too_many_columns', params: { limit: maxColumns } });
				let value: string;
				let c: number;
				if (s.charCodeAt(pos) === QUOTE) {
					let i = pos + 1;
					let escaped = false;
					let close: number;
					for (;;) {
						close = s.indexOf('"', i);
						if (close === -1 || close + 1 === n) {
							if (!final) return start; // the closing quote, or what follows it, is in the next piece
							if (close === -1) {
								this.onIssue({ line: startLine, field: cells.length + 1, code: 'unterminated_quote' });
								this.line = line + countBreaks(s, pos, n, this.crLines);
								return n;
							}
							break;
						}
						if (s.charCodeAt(close + 1) === QUOTE) { escaped = true; i = close + 2; continue; }
						break;
					}
					value = s.slice(pos + 1, close);
					if (escaped) value = value.replace(/""/g, '"');
					line += countBreaks(s, pos + 1, close, this.crLines);
					if (value.charCodeAt(value.length - 1) === CR) stray++;
					if (value.indexOf('\0') !== -1) pending.push({ line, field: cells.length + 1, code: 'null_byte' });
					pos = close + 1;
					c = pos < n ? s.charCodeAt(pos) : -1;
					if (c !== delim && c !== CR && c !== LF && c !== -1) {
						// RFC 4180: a closing quote is followed by a separator or the end of the line.
						pending.push({ line, field: cells.length + 1, code: 'text_after_quote' });
						special.lastIndex = pos;
						let m = special.exec(s);
						while (m && (m[0] === '"' || m[0] === '\0')) m = special.exec(s);
						const end = m ? m.index : n;
						if (!m && !final) return start;
						value += s.slice(pos, end);
						pos = end;
						c = pos < n ? s.charCodeAt(pos) : -1;
					}
				} else {
					special.lastIndex = pos;
					let m = special.exec(s);
					let quoteSeen = false;
					while (m && (m[0] === '"' || m[0] === '\0')) {
						if (m[0] === '"') quoteSeen = true;
						else pending.push({ line, field: cells.length + 1, code: 'null_byte' });
						m = special.exec(s);
					}
					if (quoteSeen) pending.push({ line, field: cells.length + 1, code: 'quote_in_unquoted_field' });
					const end = m ? m.index : n;
					if (!m && !final) return start;
					value = s.slice(pos, end);
					pos = end;
					c = pos < n ? s.charCodeAt(pos) : -1;
				}
				if (value.length > maxFieldChars)
					throw new CsvFatalError({ line: startLine, field: cells.length + 1, code: 'field_too_long', params: { limit: maxFieldChars } });
				cells.push(value);
				if (c === delim) { pos++; if (pos === n && !final) return start; continue; }
				if (c === CR) {
					if (pos + 1 === n && !final) return start; // is it CRLF? the next piece says
					pos += s.charCodeAt(pos + 1) === LF ? 2 : 1;
				} else if (c === LF) pos++;
				line++;
				break;
			}
			// A whole record.
			this.line = line;
			this.strayCarriageReturns += stray;
			for (const p of pending) this.onIssue(p);
			this.records++;
			this.onRecord({ cells, line: startLine, blank: cells.length === 1 && cells[0] === '' && s.charCodeAt(start) !== QUOTE });
			continue;
		}
		return pos;
	}

	/** The line the next record starts on. */
	get currentLine(): number {
		return this.line;
	}

	/** Characters held for a record not yet complete. */
	get buffered(): number {
		return this.buf.length;
	}
}

/** Parses a whole string (tests, detection samples). Issues are collected, not thrown. */
export function parseCsvText(text: string, delimiter = ',', limits?: CsvLimits, linebreak?: '\r\n' | '\n' | '\r'): { records: CsvRecord[]; issues: CsvSyntaxIssue[] } {
	const records: CsvRecord[] = [];
	const issues: CsvSyntaxIssue[] = [];
	const p = new CsvParser(delimiter, (r) => records.push(r), (i) => issues.push(i), limits, linebreak);
	p.push(text);
	p.end();
	return { records, issues };
}
