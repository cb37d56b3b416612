import type { Db } from './handle';
import type { DatasetKind } from './dataset-kind';
import { orderWaves, type WaveDates, type WavePeriod } from './wave-period';

/**
 * The span of the data's own dates in some datasets of a kind that has dates: the months of
 * incidents (the month column's levels: a few bytes, not the rows), the dates of exploratory
 * walks and of mapping points. Null for kinds without dates (surveys, population, areas) or
 * when no row has one.
 */
function dataPeriod(db: Db, kind: DatasetKind, ids: number[]): WavePeriod | null {
	const marks = ids.map(() => '?').join(',');
	if (kind === 'incidents') {
		const months = (db.prepare(`SELECT levels FROM incident_columns WHERE name = 'month' AND levels IS NOT NULL AND dataset_id IN (${marks})`).pluck().all(...ids) as string[])
			.flatMap((l) => JSON.parse(l) as string[]).filter((m) => /^\d{4}-\d{2}$/.test(m)).sort();
		if (!months.length) return null;
		const [y, m] = months.at(-1)!.split('-').map(Number) as [number, number];
		return { start: `${months[0]}-01`, end: new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10) };
	}
	const table = kind === 'audit' ? 'audit_sites' : kind === 'mapping' ? 'mapping_points' : null;
	if (!table) return null;
	const { lo, hi } = db.prepare(`SELECT min(date) AS lo, max(date) AS hi FROM ${table} WHERE date IS NOT NULL AND dataset_id IN (${marks})`)
		.get(...ids) as { lo: string | null; hi: string | null };
	return lo && hi ? { start: lo.slice(0, 10), end: hi.slice(0, 10) } : null;
}

/**
 * The waves that have published data of a kind (a dataset still loading or being removed is
 * hidden, hidden-datasets.ts), oldest first in time (wave-period.ts): by the data's own dates
 * where it has them, else by what the label says ("2024-Q4" before "2025"), else by when it was
 * loaded.
 */
export function listWaves(db: Db, kind: DatasetKind): WaveDates[] {
	const rows = db
		.prepare(`SELECT wave, min(created_at) AS loadedAt, json_group_array(id) AS ids FROM datasets WHERE kind = ? AND hidden IS NULL GROUP BY wave`)
		.all(kind) as { wave: string; loadedAt: string; ids: string }[];
	return orderWaves(rows.map((r) => ({ wave: r.wave, loadedAt: r.loadedAt, dataPeriod: dataPeriod(db, kind, JSON.parse(r.ids) as number[]) })));
}

/** The most recent wave of a kind in time, if there is data of that kind. */
export function latestWave(db: Db, kind: DatasetKind): string | undefined {
	return listWaves(db, kind).at(-1)?.wave;
}
