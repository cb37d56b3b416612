import type { Db } from './handle';

export type TimeOfDay = 'day' | 'evening' | 'night';

export interface WalkAuditSiteInsert {
	row_index: number;
	line: number;
	site_id: string;
	date: string | null;
	time_of_day: TimeOfDay | null;
	area_id: number | null;
	lon: number | null;
	lat: number | null;
	findings: string | null;
	recommendations: string | null;
	/** Criterion → score; criteria not assessed at this site are absent. */
	scores: Record<string, number>;
}

/** Inserts an audit dataset's sites and scores (inside the caller's transaction). */
export function insertWalkAuditSites(db: Db, datasetId: number, geography: string, sites: readonly WalkAuditSiteInsert[]): void {
	const site = db.prepare(
		`INSERT INTO audit_sites (dataset_id, row_index, line, site_id, date, time_of_day, geography, area_id, lon, lat, findings, recommendations)
		 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	);
	const score = db.prepare('INSERT INTO audit_scores (dataset_id, row_index, criterion, score) VALUES (?, ?, ?, ?)');
	for (const s of sites) {
		site.run(datasetId, s.row_index, s.line, s.site_id, s.date, s.time_of_day, geography, s.area_id, s.lon, s.lat, s.findings, s.recommendations);
		for (const [criterion, v] of Object.entries(s.scores)) score.run(datasetId, s.row_index, criterion, v);
	}
}

/** One score of one audited site, with the site's area (null when outside every area), for the engine. No free text. */
export interface WalkAuditScoreRow {
	row_index: number;
	site_id: string;
	area: string | null;
	time_of_day: TimeOfDay | null;
	criterion: string;
	score: number;
}

export function readWalkAuditScores(db: Db, datasetIds: readonly number[]): WalkAuditScoreRow[] {
	if (datasetIds.length === 0) return [];
	return db
		.prepare(
			`SELECT s.row_index, s.site_id, a.name AS area, s.time_of_day, c.criterion, c.score
			 FROM audit_sites s JOIN audit_scores c ON c.dataset_id = s.dataset_id AND c.row_index = s.row_index
			 LEFT JOIN areas a ON a.id = s.area_id
			 WHERE s.dataset_id IN (${datasetIds.map(() => '?').join(', ')}) ORDER BY s.dataset_id, s.row_index, c.criterion`
		)
		.all(...datasetIds) as WalkAuditScoreRow[];
}

/** Audited sites with coordinates and their scores, for the map layer. No free text. */
export function readWalkAuditSites(db: Db, datasetIds: readonly number[]) {
	if (datasetIds.length === 0) return [];
	const rows = db
		.prepare(
			`SELECT s.dataset_id, s.row_index, s.site_id, s.date, s.time_of_day, a.name AS area, s.lon, s.lat
			 FROM audit_sites s LEFT JOIN areas a ON a.id = s.area_id
			 WHERE s.dataset_id IN (${datasetIds.map(() => '?').join(', ')}) ORDER BY s.dataset_id, s.row_index`
		)
		.all(...datasetIds) as { dataset_id: number; row_index: number; site_id: string; date: string | null; time_of_day: TimeOfDay | null;
			area: string | null; lon: number | null; lat: number | null }[];
	const scores = db.prepare('SELECT criterion, score FROM audit_scores WHERE dataset_id = ? AND row_index = ? ORDER BY criterion');
	return rows.map((r) => ({
		...r,
		scores: Object.fromEntries((scores.all(r.dataset_id, r.row_index) as { criterion: string; score: number }[]).map((s) => [s.criterion, s.score]))
	}));
}

/** The free-text findings and recommendations: for analysts only (they may name people). */
export function readWalkAuditFindings(db: Db, datasetId: number) {
	return db
		.prepare(
			`SELECT line, site_id, date, time_of_day, findings, recommendations FROM audit_sites
			 WHERE dataset_id = ? AND (findings IS NOT NULL OR recommendations IS NOT NULL) ORDER BY row_index`
		)
		.all(datasetId) as { line: number; site_id: string; date: string | null; time_of_day: string | null; findings: string | null; recommendations: string | null }[];
}
