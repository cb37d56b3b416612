import type { Db } from './connection';

export type DatasetKind = 'survey' | 'incidents' | 'population' | 'audit' | 'mapping' | 'areas';

/** Provenance of one uploaded file (PRODUCT.md §2). */
export interface DatasetRecord {
	id: number;
	kind: DatasetKind;
	wave: string;
	title: string;
	file_name: string;
	sha256: string;
	rows: number;
	created_by: string;
	created_at: string;
	mapping: Record<string, unknown>;
	design: SurveyDesignInfo;
	synthetic: boolean;
}

/** What a survey dataset holds for its sample design; `--design auto` reads it. */
export interface SurveyDesignInfo {
	strata: boolean;
	psu: boolean;
	replicate: { prefix: string; count: number; method: 'bootstrap'; scale: number } | null;
}

export type NewDataset = Omit<DatasetRecord, 'id' | 'rows'>;

interface DatasetRow extends Omit<DatasetRecord, 'mapping' | 'design' | 'synthetic'> {
	mapping: string;
	design: string;
	synthetic: number;
}

function fromRow(r: DatasetRow): DatasetRecord {
	return { ...r, mapping: JSON.parse(r.mapping), design: JSON.parse(r.design), synthetic: r.synthetic === 1 };
}

/** Inserts the dataset row with 0 rows; `finishDataset` completes it once the rows are in. */
export function insertDataset(db: Db, d: NewDataset): number {
	const info = db
		.prepare(
			`INSERT INTO datasets (kind, wave, title, file_name, sha256, rows, created_by, created_at, mapping, design, synthetic)
			 VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?)`
		)
		.run(d.kind, d.wave, d.title, d.file_name, d.sha256, d.created_by, d.created_at,
			JSON.stringify(d.mapping), JSON.stringify(d.design), d.synthetic ? 1 : 0);
	return Number(info.lastInsertRowid);
}

/** Records the row count and wave once every row is in (same transaction as the rows). */
export function finishDataset(db: Db, id: number, f: { rows: number; wave: string }): void {
	db.prepare('UPDATE datasets SET rows = ?, wave = ? WHERE id = ?').run(f.rows, f.wave, id);
}

export function findDatasetBySha(db: Db, sha256: string): DatasetRecord | undefined {
	const r = db.prepare('SELECT * FROM datasets WHERE sha256 = ?').get(sha256) as DatasetRow | undefined;
	return r && fromRow(r);
}

export function getDataset(db: Db, id: number): DatasetRecord | undefined {
	const r = db.prepare('SELECT * FROM datasets WHERE id = ?').get(id) as DatasetRow | undefined;
	return r && fromRow(r);
}

export function listDatasets(db: Db, kind?: DatasetKind): DatasetRecord[] {
	const rows = (kind
		? db.prepare('SELECT * FROM datasets WHERE kind = ? ORDER BY wave, id').all(kind)
		: db.prepare('SELECT * FROM datasets ORDER BY kind, wave, id').all()) as DatasetRow[];
	return rows.map(fromRow);
}

/** The survey dataset of a wave (the newest if several were loaded for it). */
export function findSurveyDataset(db: Db, wave: string): DatasetRecord | undefined {
	const r = db
		.prepare(`SELECT * FROM datasets WHERE kind = 'survey' AND wave = ? ORDER BY id DESC LIMIT 1`)
		.get(wave) as DatasetRow | undefined;
	return r && fromRow(r);
}

/** Waves that have a survey dataset, oldest first. */
export function listSurveyWaves(db: Db): string[] {
	return db.prepare(`SELECT DISTINCT wave FROM datasets WHERE kind = 'survey' ORDER BY wave`).pluck().all() as string[];
}

/** Deletes a dataset and, through ON DELETE CASCADE, everything stored from it. */
export function deleteDataset(db: Db, id: number): boolean {
	return db.prepare('DELETE FROM datasets WHERE id = ?').run(id).changes > 0;
}
