import { CHUNK_ROWS, type ColumnEncoding, type ColumnRole } from '../../db/survey';

/** Where chunked columns are written: the survey store (db/survey.ts) or the incident store (db/incidents.ts). */
export interface ColumnSink {
	addColumn(name: string, position: number, role: ColumnRole, encoding: ColumnEncoding): number;
	addChunk(columnId: number, index: number, data: Float64Array | Int32Array): void;
	setLevels(columnId: number, values: string[]): void;
}
type Writer = ColumnSink;

/**
 * One column of the analytical store, filled row by row and handed to the writer a chunk at a
 * time, so an ingestion holds at most CHUNK_ROWS values of each column. The column's one array
 * is filled again after each chunk: the writer copies what it keeps until it commits.
 */
abstract class ChunkedColumn<T extends Float64Array | Int32Array> {
	protected readonly id: number;
	private readonly buf: T;
	private chunk = 0;
	private fill = 0;

	constructor(protected readonly writer: Writer, name: string, position: number, role: ColumnRole, make: (n: number) => T) {
		this.buf = make(CHUNK_ROWS);
		this.id = writer.addColumn(name, position, role, this.buf instanceof Float64Array ? 'f64' : 'i32');
	}

	protected put(v: number): void {
		this.buf[this.fill++] = v;
		if (this.fill === CHUNK_ROWS) this.flush();
	}

	/** Writes what is buffered (the last chunk may be short). */
	flush(): void {
		if (this.fill === 0) return;
		this.writer.addChunk(this.id, this.chunk++, this.buf.subarray(0, this.fill) as T);
		this.fill = 0;
	}

	finish(): void {
		this.flush();
	}
}

/** Numbers, with NaN for an empty cell. */
export class NumberColumn extends ChunkedColumn<Float64Array> {
	constructor(writer: Writer, name: string, position: number, role: ColumnRole) {
		super(writer, name, position, role, (n) => new Float64Array(n));
	}
	push(v: number | undefined): void {
		this.put(v === undefined ? NaN : v);
	}
}

/**
 * Dictionary-encoded values: each distinct string gets a code, -1 is empty. Survey items stay
 * the coded values they were in the file ("1", "9", "private"); the catalog gives them meaning.
 */
export class CodeColumn extends ChunkedColumn<Int32Array> {
	private readonly codes = new Map<string, number>();
	readonly levels: string[] = [];

	constructor(writer: Writer, name: string, position: number, role: ColumnRole, fixedLevels?: readonly string[]) {
		super(writer, name, position, role, (n) => new Int32Array(n));
		for (const l of fixedLevels ?? []) this.codeOf(l);
	}

	private codeOf(v: string): number {
		let c = this.codes.get(v);
		if (c === undefined) {
			c = this.levels.length;
			this.codes.set(v, c);
			this.levels.push(v);
		}
		return c;
	}

	push(v: string | undefined): void {
		this.put(v === undefined || v === '' ? -1 : this.codeOf(v));
	}

	override finish(): void {
		super.finish();
		this.writer.setLevels(this.id, this.levels);
	}
}

/**
 * Number columns filled a whole row at a time (a survey's replicate weights: 50 or more a row):
 * one count and one chunk check for the row instead of one per column.
 */
export class NumberColumns {
	private readonly ids: number[];
	private readonly bufs: Float64Array[];
	private chunk = 0;
	private fill = 0;

	constructor(private readonly writer: Writer, names: readonly string[], firstPosition: number, role: ColumnRole) {
		this.ids = names.map((name, k) => writer.addColumn(name, firstPosition + k, role, 'f64'));
		this.bufs = names.map(() => new Float64Array(CHUNK_ROWS));
	}

	/** The row's values, one per column, in the columns' order. */
	pushRow(values: readonly number[]): void {
		const bufs = this.bufs, at = this.fill;
		for (let k = 0; k < bufs.length; k++) bufs[k]![at] = values[k]!;
		if (++this.fill === CHUNK_ROWS) this.flush();
	}

	/** Writes what is buffered (the last chunk may be short). */
	flush(): void {
		if (this.fill === 0) return;
		for (let k = 0; k < this.bufs.length; k++) this.writer.addChunk(this.ids[k]!, this.chunk, this.bufs[k]!.subarray(0, this.fill));
		this.chunk++;
		this.fill = 0;
	}

	finish(): void {
		this.flush();
	}
}
