import type { Db } from './handle';
import type { SkippedRowIssue } from './datasets';
import { ChunkCopies } from './chunk-copies';
import { decodeDecimals, encodeDecimals } from './decimal-chunks';

/**
 * Rows per stored chunk. 16,384 keeps an ingestion's buffers small (one chunk per column: 128 kB
 * for a Float64 column, so about 7 MB for 50 replicate weights) while a million-row column is
 * still only 62 blobs to read.
 */
export const CHUNK_ROWS = 16_384;

export type ColumnRole = 'domain' | 'design' | 'weight' | 'replicate' | 'item';
export type ColumnEncoding = 'f64' | 'i32';

export interface RespondentInsert {
	row_index: number;
	line: number;
	respondent_id: string;
	area_id: number;
	age: number | null;
	age_group: string;
	gender: string;
	weight: number;
	stratum: string | null;
	psu: string | null;
}

/** Respondents inserted per statement: one multi-row INSERT costs far less than as many single ones. */
const RESPONDENT_BATCH = 256;
const RESPONDENT_COLUMNS = 11;

function respondentInsert(db: Db, rows: number) {
	const values = Array.from({ length: rows }, () => `(${Array(RESPONDENT_COLUMNS).fill('?').join(', ')})`).join(', ');
	return db.prepare(
		`INSERT INTO respondents (dataset_id, row_index, line, respondent_id, area_id, age, age_group, gender, weight, stratum, psu)
		 VALUES ${values}`
	);
}

/**
 * Writers for one survey dataset, loaded in short transactions (hidden-datasets.ts): respondents,
 * column chunks, levels and skipped rows are kept in memory until `commit()`, which writes them
 * in one transaction. The loader commits every CHUNK_ROWS rows, so SQLite's write lock is held
 * while a chunk is written, never while the file is read. Chunks are copied: the caller fills its
 * arrays again at once.
 */
export function surveyWriter(db: Db, datasetId: number) {
	const batchInsert = respondentInsert(db, RESPONDENT_BATCH);
	const BATCH_VALUES = RESPONDENT_BATCH * RESPONDENT_COLUMNS;
	// Made at its full size: filled in place, never grown.
	let batch: (string | number | null)[] = new Array(BATCH_VALUES);
	let fill = 0;
	const batches: (string | number | null)[][] = [];
	const chunks: [number, number, Buffer, number | null][] = [];
	const copies = new ChunkCopies();
	const scaled = new Int32Array(CHUNK_ROWS);
	const levelsOf: [number, string][] = [];
	const skips: SkippedRowIssue[] = [];
	const column = db.prepare(
		`INSERT INTO survey_columns (dataset_id, name, position, role, encoding, levels) VALUES (?, ?, ?, ?, ?, NULL)`
	);
	const levels = db.prepare('UPDATE survey_columns SET levels = ? WHERE id = ?');
	const chunk = db.prepare('INSERT INTO survey_chunks (column_id, chunk, data, scale) VALUES (?, ?, ?, ?)');
	const skipped = db.prepare('INSERT INTO dataset_skipped_rows (dataset_id, line, "column", value, code, params) VALUES (?, ?, ?, ?, ?, ?)');
	return {
		addRespondent(r: RespondentInsert): void {
			const b = batch;
			let i = fill;
			b[i++] = datasetId; b[i++] = r.row_index; b[i++] = r.line; b[i++] = r.respondent_id; b[i++] = r.area_id; b[i++] = r.age;
			b[i++] = r.age_group; b[i++] = r.gender; b[i++] = r.weight; b[i++] = r.stratum; b[i++] = r.psu;
			fill = i;
			if (fill === BATCH_VALUES) {
				batches.push(batch);
				batch = new Array(BATCH_VALUES);
				fill = 0;
			}
		},
		/** Column rows are written at once (the loader creates them inside a transaction of its own). */
		addColumn(name: string, position: number, role: ColumnRole, encoding: ColumnEncoding): number {
			return Number(column.run(datasetId, name, position, role, encoding).lastInsertRowid);
		},
		setLevels(columnId: number, values: string[]): void {
			levelsOf.push([columnId, JSON.stringify(values)]);
		},
		/** A chunk of numbers is kept as scaled integers when that gives every value back exactly (decimal-chunks.ts). */
		addChunk(columnId: number, index: number, data: Float64Array | Int32Array): void {
			const scale = data instanceof Float64Array && data.length <= scaled.length ? encodeDecimals(data, scaled) : null;
			chunks.push([columnId, index, copies.copy(scale === null ? data : scaled.subarray(0, data.length)), scale]);
		},
		/** One problem of a row left out with --skip-invalid. */
		addSkipped(i: SkippedRowIssue): void {
			skips.push(i);
		},
		/** Skipped-row problems kept for the next commit. */
		get skipsKept(): number {
			return skips.length;
		},
		/** Writes everything kept since the last commit, in one short transaction. */
		commit(): void {
			db.transaction(() => {
				for (const b of batches) batchInsert.run(b);
				if (fill > 0) respondentInsert(db, fill / RESPONDENT_COLUMNS).run(batch.slice(0, fill));
				for (const [id, index, data, scale] of chunks) chunk.run(id, index, data, scale);
				for (const [id, json] of levelsOf) levels.run(json, id);
				for (const i of skips) skipped.run(datasetId, i.line, i.column, i.value, i.code, JSON.stringify(i.params ?? {}));
			}).immediate();
			batches.length = chunks.length = levelsOf.length = skips.length = 0;
			fill = 0;
			copies.release();
		}
	};
}

export interface StoredColumn {
	name: string;
	role: ColumnRole;
	encoding: ColumnEncoding;
	levels: string[] | null;
	data: Float64Array | Int32Array;
}

export interface SurveyColumnInfo {
	name: string;
	role: ColumnRole;
	encoding: ColumnEncoding;
	levels: string[] | null;
}

export function listSurveyColumns(db: Db, datasetId: number): SurveyColumnInfo[] {
	const rows = db
		.prepare('SELECT name, role, encoding, levels FROM survey_columns WHERE dataset_id = ? ORDER BY position')
		.all(datasetId) as { name: string; role: ColumnRole; encoding: ColumnEncoding; levels: string | null }[];
	return rows.map((r) => ({ ...r, levels: r.levels ? (JSON.parse(r.levels) as string[]) : null }));
}

/**
 * Reads whole columns of a survey dataset, concatenating their chunks into one typed array each.
 * Missing names are simply absent from the result.
 */
export function readSurveyColumns(db: Db, datasetId: number, names: string[], rows: number): Map<string, StoredColumn> {
	const out = new Map<string, StoredColumn>();
	const colStmt = db.prepare(
		'SELECT id, name, role, encoding, levels FROM survey_columns WHERE dataset_id = ? AND name = ?'
	);
	const chunkStmt = db.prepare('SELECT chunk, data, scale FROM survey_chunks WHERE column_id = ? ORDER BY chunk');
	for (const name of names) {
		const c = colStmt.get(datasetId, name) as
			| { id: number; name: string; role: ColumnRole; encoding: ColumnEncoding; levels: string | null }
			| undefined;
		if (!c) continue;
		const data = c.encoding === 'f64' ? new Float64Array(rows) : new Int32Array(rows);
		const bytes = new Uint8Array(data.buffer);
		let offset = 0;
		for (const ch of chunkStmt.iterate(c.id) as IterableIterator<{ chunk: number; data: Buffer; scale: number | null }>) {
			// Chunks are placed one after the other, so readers do not depend on the chunk size of the writer.
			if (ch.scale !== null) {
				offset += 8 * decodeDecimals(ch.data, ch.scale, data as Float64Array, offset / 8);
				continue;
			}
			// Copy byte-wise: a Buffer from SQLite is not guaranteed to be 8-byte aligned.
			bytes.set(ch.data, offset);
			offset += ch.data.length;
		}
		out.set(name, { name: c.name, role: c.role, encoding: c.encoding, levels: c.levels ? JSON.parse(c.levels) : null, data });
	}
	return out;
}
