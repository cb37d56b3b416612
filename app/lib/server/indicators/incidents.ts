import type { Db } from '../../../../db/connection';
import { listAreas } from '../../../../db/areas';
import { areaColumn, listIncidentGeographies, readIncidentColumns } from '../../../../db/incidents';
import { listPopulationYears, readPopulation } from '../../../../db/population';
import type { DiagnosticDefinition } from '../../engine/catalog';
import { incidentRows } from '../../engine/incident-table';
import { protectCountCube, type Suppression } from '../../engine/count-protection';
import type { DiagnosticVariable, Domain } from '../../engine/types';
import { datasetsOfWave, DiagnosticRequestError, type DiagnosticRequest, type DiagnosticResult } from './diagnostic-request';
import { loadRules } from '../settings/rules';
import { DEFAULT_GEOGRAPHY } from '../../../../domain/words';

/** Stored column of each breakdown variable (the area column depends on the geography). */
const COLUMN: Record<Exclude<DiagnosticVariable, 'borough' | 'criterion'>, string> = {
	category: 'category', month: 'month', age_group: 'age_group', gender: 'gender', time_of_day: 'time_of_day'
};

const frOrder = (a: string, b: string) => a.localeCompare(b, 'fr');

/**
 * Incident counts or rates for a wave (all incident datasets loaded with that wave, e.g. three
 * monthly police.uk files) in one geography. Incidents placed in no area of the geography, and
 * those lacking a variable of the breakdown (an unknown victim gender), are left out of the
 * table and counted in `excluded`. Rates use the population of the geography for one year.
 */
export function incidentTable(db: Db, def: DiagnosticDefinition, req: DiagnosticRequest): DiagnosticResult {
	const { wave, datasets } = datasetsOfWave(db, 'incidents', req.wave);
	const geography = req.geography ?? (datasets[0]!.mapping.geographies as string[] | undefined)?.[0] ?? DEFAULT_GEOGRAPHY;
	const rules = loadRules(db);
	const areas = listAreas(db, geography);
	const areaIndex = new Map(areas.map((a, i) => [a.id, i]));
	const rate = def.measure === 'incident_rate';

	// Levels of each variable: every area of the geography; the categories, months, … the data has.
	const by = req.by;
	const levelSets = by.map(() => new Set<string>());
	const perDataset = datasets.map((ds) => {
		if (!listIncidentGeographies(db, ds.id).some((g) => g.geography === geography))
			throw new DiagnosticRequestError('geography_unavailable', { geography, dataset: String(ds.id) });
		const names = [...new Set([areaColumn(geography), 'category', 'month', 'age_group', 'gender', ...by.filter((v) => v !== 'borough').map((v) => COLUMN[v as keyof typeof COLUMN])])];
		const cols = readIncidentColumns(db, ds.id, names, ds.rows);
		for (const v of by) {
			if (v !== 'borough' && !cols.has(COLUMN[v as keyof typeof COLUMN])) throw new DiagnosticRequestError('variable_unavailable', { variable: v, indicator: def.id, allowed: '' });
		}
		by.forEach((v, d) => {
			if (v !== 'borough') for (const l of cols.get(COLUMN[v as keyof typeof COLUMN])!.levels ?? []) levelSets[d]!.add(l);
		});
		return { ds, cols };
	});
	const levels = by.map((v, d) => {
		if (v === 'borough') return areas.map((a) => a.name);
		if (v === 'month') return [...levelSets[d]!].sort();
		if (v === 'age_group' || v === 'gender' || v === 'time_of_day') return [...levelSets[d]!]; // stored in their canonical order
		return [...levelSets[d]!].sort(frOrder);
	});
	const levelIndex = levels.map((l) => new Map(l.map((x, k) => [x, k])));
	const dims = levels.map((l) => l.length);
	const counts = new Float64Array(dims.reduce((a, b) => a * b, 1));
	const keep = def.categories ? new Set(def.categories) : null;
	const excluded: Record<string, number> = { outside_or_unlocated: 0 };

	for (const { cols } of perDataset) {
		const area = cols.get(areaColumn(geography))!.data;
		const category = cols.get('category')!;
		const keepCode = keep ? (category.levels ?? []).map((l) => keep.has(l)) : null;
		// Per variable: the stored code → the table's level index (-1: missing).
		const maps = by.map((v, d) => {
			if (v === 'borough') return null;
			const c = cols.get(COLUMN[v as keyof typeof COLUMN])!;
			return { data: c.data, index: Int32Array.from(c.levels ?? [], (l) => levelIndex[d]!.get(l) ?? -1), variable: v };
		});
		for (let i = 0; i < area.length; i++) {
			if (keepCode && !keepCode[category.data[i]!]) continue;
			const a = area[i]!;
			if (a < 0) { excluded.outside_or_unlocated!++; continue; }
			let cell = 0, missing: string | null = null;
			for (let d = 0; d < by.length; d++) {
				const m = maps[d]!;
				let k: number;
				if (m === null) k = areaIndex.get(a) ?? -1;
				else { const code = m.data[i]!; k = code < 0 ? -1 : m.index[code]!; }
				if (k < 0) { missing = by[d]!; break; }
				cell = cell * dims[d]! + k;
			}
			if (missing !== null) { excluded[`no_${missing}`] = (excluded[`no_${missing}`] ?? 0) + 1; continue; }
			counts[cell]!++;
		}
	}

	let populationYear: string | null = null;
	let population: (d: Domain) => number | undefined = () => undefined;
	if (rate) {
		const years = listPopulationYears(db, geography);
		populationYear = req.populationYear ?? years.at(-1) ?? null;
		if (populationYear === null || !years.includes(populationYear))
			throw new DiagnosticRequestError('population_unavailable', { geography, year: req.populationYear ?? '', detail: 'year' });
		const values = new Map<string, number>();
		const rows = readPopulation(db, geography, populationYear);
		for (const r of rows) values.set(`${r.area}|${r.age_group}|${r.gender}`, r.population);
		for (const v of ['age_group', 'gender'] as const) {
			if (by.includes(v) && !rows.some((r) => r[v] !== 'all'))
				throw new DiagnosticRequestError('population_unavailable', { geography, year: populationYear, detail: v });
		}
		const withPopulation = areas.filter((a) => values.has(`${a.name}|all|all`));
		population = (d) => {
			const key = `${d.age_group ?? 'all'}|${d.gender ?? 'all'}`;
			if (d.borough !== undefined) return values.get(`${d.borough}|${key}`);
			// The whole city: the areas that have residents for this cell.
			let sum = 0, any = false;
			for (const a of withPopulation) {
				const v = values.get(`${a.name}|${key}`);
				if (v !== undefined) { sum += v; any = true; }
			}
			return any ? sum : undefined;
		};
	}
	const ruled = rules.count.minCount > 0 && (by.includes('age_group') || by.includes('gender'));
	const suppression = ruled ? incidentSuppression(perDataset.map((x) => x.cols), { by, areas, geography, keep, minCount: rules.count.minCount }) : undefined;
	const rows = incidentRows({
		by, levels, counts, measure: rate ? 'rate' : 'count', population, per: 1000, level: 0.95, suppression, flagBelow: rules.count.flagBelow
	});
	const monthsAll = [...new Set(perDataset.flatMap(({ cols }) => cols.get('month')?.levels ?? []))].sort();
	return {
		indicator: def.id, wave, design: 'poisson', ci_method: 'garwood', level: 0.95, geography,
		...(rate ? { population_year: populationYear, per: 1000 } : {}),
		period: { from: monthsAll[0] ?? null, to: monthsAll.at(-1) ?? null, months: monthsAll.length },
		datasets: datasets.map((d) => d.id),
		excluded,
		rows
	};
}

type IncidentColumns = ReturnType<typeof readIncidentColumns>;

/**
 * The suppression of every table of incidents by the victim's age group or gender that a reader
 * can get: the full cross of area, category, age group and gender (those the files have) and all
 * its margins, counts below the minimum hidden in the tables by age group or gender, with
 * complements chosen over all of them at once. A table that adds month or time of day (analysts
 * only) brings those variables into the cross.
 */
function incidentSuppression(perDataset: IncidentColumns[], opts: { by: DiagnosticVariable[]; areas: { id: number; name: string }[]; geography: string;
	keep: Set<string> | null; minCount: number }): (domain: Domain) => Suppression {
	const wanted: DiagnosticVariable[] = ['borough', 'category', 'age_group', 'gender', ...opts.by.filter((v) => v === 'month' || v === 'time_of_day')];
	const variables = wanted.filter((v) => v === 'borough' || perDataset.every((cols) => cols.has(COLUMN[v as keyof typeof COLUMN])));
	const levels = variables.map((v) => {
		if (v === 'borough') return opts.areas.map((a) => a.name);
		const all = new Set<string>();
		for (const cols of perDataset) for (const l of cols.get(COLUMN[v as keyof typeof COLUMN])!.levels ?? []) all.add(l);
		return v === 'category' ? [...all].sort(frOrder) : v === 'month' ? [...all].sort() : [...all];
	});
	const index = levels.map((l) => new Map(l.map((x, k) => [x, k])));
	const areaIndex = new Map(opts.areas.map((a, i) => [a.id, i]));
	const sizes = levels.map((l) => l.length + 1);
	const counts = new Float64Array(sizes.reduce((a, b) => a * b, 1));
	for (const cols of perDataset) {
		const area = cols.get(areaColumn(opts.geography))!.data;
		const category = cols.get('category')!;
		// Per variable: stored code → level index, the last ("missing") for a code the levels lack.
		const maps = variables.map((v, d) => {
			if (v === 'borough') return null;
			const c = cols.get(COLUMN[v as keyof typeof COLUMN])!;
			return { data: c.data, index: Int32Array.from(c.levels ?? [], (l) => index[d]!.get(l) ?? levels[d]!.length) };
		});
		for (let i = 0; i < area.length; i++) {
			if (opts.keep && !opts.keep.has((category.levels ?? [])[category.data[i]!]!)) continue;
			const a = area[i]!;
			if (a < 0) continue; // outside the geography: in no table
			let cell = 0;
			for (let d = 0; d < variables.length; d++) {
				const m = maps[d]!;
				const k = m === null ? areaIndex.get(a) ?? levels[d]!.length : m.data[i]! < 0 ? levels[d]!.length : m.index[m.data[i]!]!;
				cell = cell * sizes[d]! + k;
			}
			counts[cell]!++;
		}
	}
	const lookup = protectCountCube({ variables, levels, counts, minCount: opts.minCount,
		appliesTo: (vars) => vars.includes('age_group') || vars.includes('gender') });
	return (d) => lookup(d as Record<string, string | undefined>);
}
