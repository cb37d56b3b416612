import type { Db } from './handle';

export interface StoredIndicator {
	id: string;
	definition: unknown;
	created_at: string;
	created_by: string;
}

/** Indicators analysts added, oldest first (their definitions are validated before they are stored). */
export function listCatalogIndicators(db: Db): StoredIndicator[] {
	return (db.prepare('SELECT id, definition, created_at, created_by FROM catalog_indicators ORDER BY created_at, id').all() as
		{ id: string; definition: string; created_at: string; created_by: string }[]).map((r) => ({ ...r, definition: JSON.parse(r.definition) }));
}

export function upsertCatalogIndicator(db: Db, id: string, definition: unknown, by: string): void {
	db.prepare(
		`INSERT INTO catalog_indicators (id, definition, created_at, created_by) VALUES (?, ?, ?, ?)
		 ON CONFLICT (id) DO UPDATE SET definition = excluded.definition`
	).run(id, JSON.stringify(definition), new Date().toISOString(), by);
}

export function deleteCatalogIndicator(db: Db, id: string): boolean {
	return db.prepare('DELETE FROM catalog_indicators WHERE id = ?').run(id).changes > 0;
}
