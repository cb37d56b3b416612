import type { Db } from './handle';

/** A stored publication pattern (JSON), if one was computed from these inputs. */
export function readPublicationPattern(db: Db, key: { datasetId: number; indicator: string; design: string; inputs: string }): string | undefined {
	return db.prepare('SELECT pattern FROM publication_patterns WHERE dataset_id = ? AND indicator = ? AND design = ? AND inputs = ?')
		.pluck().get(key.datasetId, key.indicator, key.design, key.inputs) as string | undefined;
}

/** Stores patterns, replacing those of the same dataset, indicator and design, in one transaction. */
export function writePublicationPatterns(db: Db, rows: readonly { datasetId: number; indicator: string; design: string; inputs: string; pattern: string }[]): void {
	const put = db.prepare('INSERT OR REPLACE INTO publication_patterns (dataset_id, indicator, design, inputs, pattern) VALUES (?, ?, ?, ?, ?)');
	db.transaction(() => {
		for (const r of rows) put.run(r.datasetId, r.indicator, r.design, r.inputs, r.pattern);
	})();
}
