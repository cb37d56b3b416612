import type { Db } from './handle';

export interface ParticipatoryPointInsert {
	row_index: number;
	line: number;
	lon: number;
	lat: number;
	area_id: number | null;
	perception: 'safe' | 'unsafe';
	category: string | null;
	date: string | null;
	age_group: string | null;
	gender: string | null;
	comment: string | null;
}

/** Inserts a mapping dataset's points (inside the caller's transaction). */
export function insertParticipatoryPoints(db: Db, datasetId: number, geography: string, points: readonly ParticipatoryPointInsert[]): void {
	const insert = db.prepare(
		`INSERT INTO mapping_points (dataset_id, row_index, line, lon, lat, geography, area_id, perception, category, date, age_group, gender, comment)
		 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	);
	for (const p of points) {
		insert.run(datasetId, p.row_index, p.line, p.lon, p.lat, geography, p.area_id, p.perception, p.category, p.date, p.age_group, p.gender, p.comment);
	}
}

/** A point as the engine aggregates it: never its comment. */
export interface ParticipatoryPointRow {
	lon: number;
	lat: number;
	area: string | null;
	perception: 'safe' | 'unsafe';
	category: string | null;
	age_group: string | null;
	gender: string | null;
}

export function readParticipatoryPoints(db: Db, datasetIds: readonly number[]): ParticipatoryPointRow[] {
	if (datasetIds.length === 0) return [];
	return db
		.prepare(
			`SELECT p.lon, p.lat, a.name AS area, p.perception, p.category, p.age_group, p.gender
			 FROM mapping_points p LEFT JOIN areas a ON a.id = p.area_id
			 WHERE p.dataset_id IN (${datasetIds.map(() => '?').join(', ')}) ORDER BY p.dataset_id, p.row_index`
		)
		.all(...datasetIds) as ParticipatoryPointRow[];
}

/** The free-text comments: for analysts only (they may name people). */
export function readParticipatoryComments(db: Db, datasetId: number) {
	return db
		.prepare('SELECT line, perception, category, comment FROM mapping_points WHERE dataset_id = ? AND comment IS NOT NULL ORDER BY row_index')
		.all(datasetId) as { line: number; perception: string; category: string | null; comment: string }[];
}
