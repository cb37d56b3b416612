import type { Db } from './handle';
import type { DatasetKind } from './dataset-kind';
import { listWaves } from './waves';

export type { DatasetKind } from './dataset-kind';

/** Provenance of one uploaded file: where every stored value came from. */
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
	/** What ingestion detected of the file (encoding, delimiter, decimal mark, line ends…). */
	detected: Record<string, unknown>;
	/** Warnings of the load, as issue objects (code, line, column, value, params). */
	warnings: Record<string, unknown>[];
	/** Rows left out with --skip-invalid. */
	skipped: number;
}

/** What a survey dataset holds for its sample design; `--design auto` reads it. */
export interface SurveyDesignInfo {
	strata: boolean;
	psu: boolean;
	/** A finite population correction column: stratum population sizes, or sampling fractions. */
	fpc?: 'population' | 'fraction';
	/** R's survey.lonely.psu and survey.adjust.domain.lonely; absent in datasets loaded before they existed: certainty, false. */
	lonely_psu?: 'fail' | 'remove' | 'certainty' | 'adjust' | 'average';
	adjust_domain_lonely?: boolean;
	replicate: ReplicateInfo | null;
}

/**
 * Replicate weights `prefix1`…`prefixB` and how their variance is computed, as svrepdesign:
 * scale · Σ_b rscales_b (θ_b − θ̄)², θ̄ the full-sample estimate (mse) or the replicates' mean.
 * Datasets loaded before `type` existed have `method` instead, and mse.
 */
export interface ReplicateInfo {
	prefix: string;
	count: number;
	type?: 'bootstrap' | 'JK1' | 'JKn' | 'BRR' | 'Fay' | 'other';
	method?: 'bootstrap' | 'jk1' | 'brr' | 'fay';
	scale: number;
	rscales?: number[];
	rho?: number;
	mse?: boolean;
}

export type NewDataset = Omit<DatasetRecord, 'id' | 'rows' | 'detected' | 'warnings' | 'skipped'>;

interface DatasetRow extends Omit<DatasetRecord, 'mapping' | 'design' | 'synthetic' | 'detected' | 'warnings'> {
	hidden: string | null;
	mapping: string;
	design: string;
	synthetic: number;
	detected: string;
	warnings: string;
}

function fromRow({ hidden: _hidden, ...r }: DatasetRow): DatasetRecord {
	return { ...r, mapping: JSON.parse(r.mapping), design: JSON.parse(r.design), synthetic: r.synthetic === 1,
		detected: JSON.parse(r.detected), warnings: JSON.parse(r.warnings) };
}

/**
 * Inserts the dataset row with 0 rows; `finishDataset` completes it once the rows are in (in the
 * same transaction: for a dataset written in several, see hidden-datasets.ts). Every reader below
 * sees published datasets only (`hidden IS NULL`).
 */
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

export interface DatasetFinish {
	rows: number;
	wave: string;
	sha256?: string;
	design?: SurveyDesignInfo;
	detected?: Record<string, unknown>;
	warnings?: readonly object[];
	skipped?: number;
}

/** Records the row count, wave and what the load found once every row is in (same transaction as the rows). */
export function finishDataset(db: Db, id: number, f: DatasetFinish): void {
	db.prepare(
		`UPDATE datasets SET rows = ?, wave = ?, sha256 = coalesce(?, sha256), design = coalesce(?, design),
		 detected = coalesce(?, detected), warnings = coalesce(?, warnings), skipped = ? WHERE id = ?`
	).run(f.rows, f.wave, f.sha256 ?? null, f.design ? JSON.stringify(f.design) : null, f.detected ? JSON.stringify(f.detected) : null,
		f.warnings ? JSON.stringify(f.warnings) : null, f.skipped ?? 0, id);
}

export interface SkippedRowIssue {
	line: number;
	column: string | null;
	value: string | null;
	code: string;
	params?: Record<string, string | number>;
}

/** Records one problem of a row left out with --skip-invalid. */
export function recordSkipped(db: Db, datasetId: number, i: SkippedRowIssue): void {
	db.prepare('INSERT INTO dataset_skipped_rows (dataset_id, line, "column", value, code, params) VALUES (?, ?, ?, ?, ?, ?)')
		.run(datasetId, i.line, i.column, i.value, i.code, JSON.stringify(i.params ?? {}));
}

/** The problems of the rows a dataset left out, in file order. */
export function listSkipped(db: Db, datasetId: number, limit = 10_000): SkippedRowIssue[] {
	return (db.prepare('SELECT line, "column", value, code, params FROM dataset_skipped_rows WHERE dataset_id = ? ORDER BY line LIMIT ?')
		.all(datasetId, limit) as (Omit<SkippedRowIssue, 'params'> & { params: string })[]).map((r) => ({ ...r, params: JSON.parse(r.params) }));
}

/** The file line and respondent id of some rows (0-based positions) of a dataset. */
export function respondentsAtRows(db: Db, datasetId: number, rows: readonly number[]): { row: number; line: number; id: string }[] {
	const stmt = db.prepare('SELECT row_index AS row, line, respondent_id AS id FROM respondents WHERE dataset_id = ? AND row_index = ?');
	return rows.map((r) => stmt.get(datasetId, r) as { row: number; line: number; id: string });
}

export function findDatasetBySha(db: Db, sha256: string): DatasetRecord | undefined {
	const r = db.prepare('SELECT * FROM datasets WHERE sha256 = ? AND hidden IS NULL').get(sha256) as DatasetRow | undefined;
	return r && fromRow(r);
}

export function getDataset(db: Db, id: number): DatasetRecord | undefined {
	const r = db.prepare('SELECT * FROM datasets WHERE id = ? AND hidden IS NULL').get(id) as DatasetRow | undefined;
	return r && fromRow(r);
}

export function listDatasets(db: Db, kind?: DatasetKind): DatasetRecord[] {
	const rows = (kind
		? db.prepare('SELECT * FROM datasets WHERE kind = ? AND hidden IS NULL ORDER BY wave, id').all(kind)
		: db.prepare('SELECT * FROM datasets WHERE hidden IS NULL ORDER BY kind, wave, id').all()) as DatasetRow[];
	return rows.map(fromRow);
}

/** Every published dataset, newest first (by load time, then id): the order in which analysts look for what they just loaded. */
export function listDatasetsNewestFirst(db: Db): DatasetRecord[] {
	return (db.prepare('SELECT * FROM datasets WHERE hidden IS NULL ORDER BY created_at DESC, id DESC').all() as DatasetRow[]).map(fromRow);
}

/** The survey dataset of a wave (the newest if several were loaded for it). */
export function findSurveyDataset(db: Db, wave: string, excludeId = -1): DatasetRecord | undefined {
	const r = db
		.prepare(`SELECT * FROM datasets WHERE kind = 'survey' AND wave = ? AND id <> ? AND hidden IS NULL ORDER BY id DESC LIMIT 1`)
		.get(wave, excludeId) as DatasetRow | undefined;
	return r && fromRow(r);
}

/**
 * Waves that have a survey dataset, oldest first in time, not as text: "2024-Q4" comes before
 * "2025" (waves.ts). The last is the default wave; the one before a wave is its "previous wave".
 */
export function listSurveyWaves(db: Db): string[] {
	return listWaves(db, 'survey').map((w) => w.wave);
}

/**
 * Deletes a dataset and, through ON DELETE CASCADE, everything stored from it, in the caller's
 * transaction (a large survey: `removeDatasetRows` in hidden-datasets.ts, in short ones).
 */
export function deleteDataset(db: Db, id: number): boolean {
	return db.prepare('DELETE FROM datasets WHERE id = ?').run(id).changes > 0;
}
