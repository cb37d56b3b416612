import type { Db } from './handle';

/** A source row (or column) of a census table summed into a population value, with the share of it used. */
export interface PopulationSource {
	line: number;
	label: string;
	/** 1 when the whole row counts; less when an age band is split uniformly between two groups. */
	share: number;
}

export interface PopulationInsert {
	area_id: number;
	year: string;
	/** A configured age-group label, or `all`. */
	age_group: string;
	/** `woman`, `man`, `non-binary`, or `all`. */
	gender: string;
	population: number;
	sources: PopulationSource[];
}

export interface PopulationRow extends PopulationInsert {
	dataset_id: number;
	area: string;
	geography: string;
}

/** Inserts a population dataset's values (inside the caller's transaction). */
export function insertPopulation(db: Db, datasetId: number, rows: readonly PopulationInsert[]): void {
	const insert = db.prepare(
		'INSERT INTO population (dataset_id, area_id, year, age_group, gender, population, sources) VALUES (?, ?, ?, ?, ?, ?, ?)'
	);
	for (const r of rows) insert.run(datasetId, r.area_id, r.year, r.age_group, r.gender, r.population, JSON.stringify(r.sources));
}

/** Values already stored for any of these areas in a year: a second table for the same cells is refused. */
export function findPopulationClash(db: Db, year: string, areaIds: readonly number[], ageGroups: readonly string[], genders: readonly string[]):
	{ dataset_id: number; area_id: number; age_group: string; gender: string } | undefined {
	if (areaIds.length === 0) return undefined;
	const marks = (n: number) => Array(n).fill('?').join(', ');
	return db
		.prepare(
			`SELECT dataset_id, area_id, age_group, gender FROM population WHERE year = ?
			 AND area_id IN (${marks(areaIds.length)}) AND age_group IN (${marks(ageGroups.length)}) AND gender IN (${marks(genders.length)}) LIMIT 1`
		)
		.get(year, ...areaIds, ...ageGroups, ...genders) as { dataset_id: number; area_id: number; age_group: string; gender: string } | undefined;
}

/** Population of one geography's areas for a year (every age group and gender stored). */
export function readPopulation(db: Db, geography: string, year: string): PopulationRow[] {
	return (db
		.prepare(
			`SELECT p.dataset_id, p.area_id, a.name AS area, a.geography, p.year, p.age_group, p.gender, p.population, p.sources
			 FROM population p JOIN areas a ON a.id = p.area_id WHERE a.geography = ? AND p.year = ? ORDER BY a.name, p.age_group, p.gender`
		)
		.all(geography, year) as (Omit<PopulationRow, 'sources'> & { sources: string })[]).map((r) => ({ ...r, sources: JSON.parse(r.sources) as PopulationSource[] }));
}

/** Years with population for a geography, oldest first. */
export function listPopulationYears(db: Db, geography: string): string[] {
	return db
		.prepare('SELECT DISTINCT p.year FROM population p JOIN areas a ON a.id = p.area_id WHERE a.geography = ? ORDER BY p.year')
		.pluck()
		.all(geography) as string[];
}
