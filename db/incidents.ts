import type { Db } from './handle';
import { CHUNK_ROWS, type ColumnEncoding } from './survey';
import { ChunkCopies } from './chunk-copies';

/** The name of the column holding an incident dataset's area ids in one geography. */
export const areaColumn = (geography: string) => `area:${geography}`;

/**
 * Writers for one incident dataset's columns, loaded in short transactions like a survey
 * (hidden-datasets.ts): chunks, levels and placements are kept until `commit()`, which writes
 * them in one transaction. Chunks are copied: the caller fills its arrays again at once.
 */
export function incidentWriter(db: Db, datasetId: number) {
	const column = db.prepare('INSERT INTO incident_columns (dataset_id, name, position, encoding, levels) VALUES (?, ?, ?, ?, NULL)');
	const levels = db.prepare('UPDATE incident_columns SET levels = ? WHERE id = ?');
	const chunk = db.prepare('INSERT INTO incident_chunks (column_id, chunk, data) VALUES (?, ?, ?)');
	const geography = db.prepare(
		`INSERT INTO incident_geographies (dataset_id, geography, column_id, areas_dataset_id, assigned, outside, no_coordinates)
		 VALUES (?, ?, ?, ?, ?, ?, ?)`
	);
	const kept: (() => void)[] = [];
	const copies = new ChunkCopies();
	return {
		/** Column rows are written at once (the loader creates them inside a transaction of its own). */
		addColumn(name: string, position: number, _role: unknown, encoding: ColumnEncoding): number {
			return Number(column.run(datasetId, name, position, encoding).lastInsertRowid);
		},
		setLevels(columnId: number, values: string[]): void {
			kept.push(() => levels.run(JSON.stringify(values), columnId));
		},
		addChunk(columnId: number, index: number, data: Float64Array | Int32Array): void {
			const copy = copies.copy(data);
			kept.push(() => chunk.run(columnId, index, copy));
		},
		addGeography(g: IncidentGeography & { columnId: number }): void {
			kept.push(() => geography.run(datasetId, g.geography, g.columnId, g.areas_dataset_id, g.assigned, g.outside, g.no_coordinates));
		},
		/** Writes everything kept since the last commit, in one short transaction. */
		commit(): void {
			db.transaction(() => kept.forEach((write) => write())).immediate();
			kept.length = 0;
			copies.release();
		}
	};
}

/** How an incident dataset's rows were placed in one geography. */
export interface IncidentGeography {
	geography: string;
	areas_dataset_id: number | null;
	assigned: number;
	outside: number;
	no_coordinates: number;
}

export function listIncidentGeographies(db: Db, datasetId: number): IncidentGeography[] {
	return db
		.prepare(
			`SELECT geography, areas_dataset_id, assigned, outside, no_coordinates
			 FROM incident_geographies WHERE dataset_id = ? ORDER BY geography`
		)
		.all(datasetId) as IncidentGeography[];
}

export interface IncidentColumn {
	name: string;
	levels: string[] | null;
	data: Float64Array | Int32Array;
}

/** The names of an incident dataset's stored columns, in file order. */
export function listIncidentColumns(db: Db, datasetId: number): string[] {
	return db.prepare('SELECT name FROM incident_columns WHERE dataset_id = ? ORDER BY position').pluck().all(datasetId) as string[];
}

/**
 * Reads whole columns of an incident dataset, each concatenated into one typed array of `rows`
 * values. Columns the dataset does not have are absent from the result.
 */
export function readIncidentColumns(db: Db, datasetId: number, names: readonly string[], rows: number): Map<string, IncidentColumn> {
	const out = new Map<string, IncidentColumn>();
	const col = db.prepare('SELECT id, encoding, levels FROM incident_columns WHERE dataset_id = ? AND name = ?');
	const chunks = db.prepare('SELECT chunk, data FROM incident_chunks WHERE column_id = ? ORDER BY chunk');
	for (const name of names) {
		const c = col.get(datasetId, name) as { id: number; encoding: ColumnEncoding; levels: string | null } | undefined;
		if (!c) continue;
		const data = c.encoding === 'f64' ? new Float64Array(rows) : new Int32Array(rows);
		const bytes = new Uint8Array(data.buffer);
		for (const ch of chunks.iterate(c.id) as IterableIterator<{ chunk: number; data: Buffer }>) {
			// Copied byte-wise: a Buffer from SQLite need not be aligned for a typed-array view.
			bytes.set(ch.data, ch.chunk * CHUNK_ROWS * data.BYTES_PER_ELEMENT);
		}
		out.set(name, { name, levels: c.levels ? (JSON.parse(c.levels) as string[]) : null, data });
	}
	return out;
}
