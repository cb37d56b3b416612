/**
 * The parser's fast path for the common record: one line with no quote, NUL or stray carriage
 * return. It is cut by the engine's own `split` instead of a field-by-field scan or, when the
 * loader has asked for a numeric lane, scanned once with the lane's columns read as numbers on
 * the way (a survey's 50 replicate weights a row then never become strings: most of the time of
 * reading such a file). The next quote, NUL and carriage return are found once and kept until
 * passed, so a file without quotes is searched for them once per piece. Anything else (a quote,
 * a lone CR, a limit passed, a line that may continue in the next piece) is left to the full
 * parser, which reports it.
 */

/** Columns a loader wants as numbers (replicate weights), and the file's decimal mark. */
export interface NumericLane {
	/** By column index: read as a number. */
	columns: boolean[];
	/** The decimal mark's character code: 46 `.` or 44 `,`. */
	mark: number;
}

/** Exact powers of ten (see number.ts). */
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

export class PlainLines {
	private quote = -1;
	private nul = -1;
	private cr = -1;
	/** Where the record returned by `at` ends (after its line break). */
	next = 0;
	/** The lane's values for the record returned by `at`, if it was scanned with the lane (reused from record to record). */
	numbers: Float64Array | null = null;
	private values: Float64Array | null = null;

	constructor(private readonly s: string, private readonly delimiter: string, private readonly maxFieldChars: number,
		private readonly maxColumns: number, private readonly lane: NumericLane | null) {}

	private find(ch: string, pos: number): number {
		const i = this.s.indexOf(ch, pos);
		return i === -1 ? Infinity : i;
	}

	/** The cells of the plain line starting at `pos`, or null when the full parser must read it. */
	at(pos: number): string[] | null {
		const s = this.s;
		const lf = s.indexOf('\n', pos);
		if (lf === -1) return null;
		if (this.quote < pos) this.quote = this.find('"', pos);
		if (this.nul < pos) this.nul = this.find('\0', pos);
		if (this.cr < pos) this.cr = this.find('\r', pos);
		// A CR right before the LF is the CRLF line end; any other CR, a quote or a NUL: the full parser.
		const end = this.cr === lf - 1 ? lf - 1 : lf;
		if (this.quote < lf || this.nul < lf || this.cr < end) return null;
		if (this.cr === end) this.cr = -1; // passed: found again on the next call
		// A line longer than a field may be: split, and each field measured.
		const scanned = this.lane !== null && end - pos <= this.maxFieldChars;
		const cells = scanned ? this.scan(pos, end) : s.slice(pos, end).split(this.delimiter);
		this.numbers = scanned ? this.values : null;
		if (cells.length > this.maxColumns) return null;
		if (end - pos > this.maxFieldChars) for (const c of cells) if (c.length > this.maxFieldChars) return null;
		this.next = lf + 1;
		return cells;
	}

	/** Where the field going on at `i` ends: the next delimiter before `end`, or `end`. */
	private fieldEnd(i: number, end: number): number {
		const j = this.s.indexOf(this.delimiter, i);
		return j === -1 || j > end ? end : j;
	}

	/**
	 * Cuts s[pos, end) at the delimiter, reading the lane's cells as numbers: a cell that is a plain
	 * non-negative decimal (digits, one decimal mark, at most 15 digits; `plainDecimal` in
	 * number.ts, without the sign) goes to `numbers` as the double `Number()` gives (Clinger's fast
	 * path) and its cell is ''; any other cell keeps its text, and NaN in `numbers`.
	 */
	private scan(pos: number, end: number): string[] {
		const s = this.s, lane = this.lane!, columns = lane.columns, mark = lane.mark;
		const delim = this.delimiter.charCodeAt(0);
		const numbers = (this.values ??= new Float64Array(columns.length));
		// As wide as the header: a row of the right width never grows its array.
		const cells: string[] = new Array(columns.length);
		let start = pos;
		for (let col = 0; ; col++) {
			let i = start;
			if (columns[col] === true) {
				// Digits and one decimal mark; their counts from where the mark and the end are.
				let m = 0, dot = -1, c = 0;
				for (; i < end; i++) {
					c = s.charCodeAt(i);
					const d = c - 48;
					if (d >>> 0 < 10) m = m * 10 + d;
					else if (c === mark && dot < 0) dot = i;
					else break;
				}
				const digits = i - start - (dot < 0 ? 0 : 1);
				const fraction = dot < 0 ? 0 : i - dot - 1;
				if ((i === end || c === delim) && digits > 0 && digits <= 15) {
					numbers[col] = fraction > 0 ? m / POW10[fraction]! : m;
					cells[col] = '';
				} else {
					i = this.fieldEnd(i, end);
					if (col < numbers.length) numbers[col] = NaN;
					cells[col] = s.slice(start, i);
				}
			} else {
				i = this.fieldEnd(i, end);
				if (col < numbers.length) numbers[col] = NaN;
				cells[col] = s.slice(start, i);
			}
			if (i >= end) {
				cells.length = col + 1; // a shorter row: its own width, for the width check
				return cells;
			}
			start = i + 1;
		}
	}
}
