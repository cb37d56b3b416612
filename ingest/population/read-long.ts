/**
 * The canonical long population shape (docs/analysts.md): one row per area, (year,) age or age
 * group, (gender,) with its `population`. Single years of age are summed into the configured
 * age groups; `all` (every age) is the file's own total rows when it has them, else the sum of
 * its rows.
 */
import type { CsvRecord } from '../csv';
import type { IssueCollector } from '../report';
import type { PopulationInsert, PopulationSource } from '../../db/population';
import type { GeographyPlacer } from '../geo/placer';
import { canonicalGender, HEADER_ALIASES, headerKey, parseNumber } from '../survey/schema';
import { ageGroupOf, type AgeBand } from '../../domain/words';
import { parseCount } from './read-table';

type Role = 'borough' | 'year' | 'age' | 'age_group' | 'gender' | 'population';

const ALIASES: Record<Role, string[]> = {
	borough: [...HEADER_ALIASES.borough, 'area_name', 'nom', 'name'],
	year: ['year', 'annee', 'wave', 'vague'],
	age: ['age'],
	age_group: HEADER_ALIASES.age_group,
	gender: HEADER_ALIASES.gender,
	population: ['population', 'pop', 'count', 'effectif', 'nombre', 'n', 'value', 'valeur']
};
const ROLE_OF = new Map<string, Role>((Object.entries(ALIASES) as [Role, string[]][]).flatMap(([r, ks]) => ks.map((k) => [k, r] as const)));
const TOTAL = new Set(['all', 'total', 'tous', 'toutes', 'ensemble', 'all_ages', 'tous_ages', '']);

export interface LongContext {
	placer: GeographyPlacer;
	bands: readonly AgeBand[];
	issues: IssueCollector;
	year: string | undefined;
	gender: 'woman' | 'man' | 'all' | undefined;
}

/** The values of a long file, or undefined when its first record is not a long header (borough + population). */
export function readLongPopulation(records: readonly CsvRecord[], ctx: LongContext):
	{ values: PopulationInsert[]; summary: Record<string, unknown>; year: string | undefined } | undefined {
	const [head, ...rows] = records;
	if (!head) return undefined;
	const roles: Partial<Record<Role, number>> = {};
	head.cells.forEach((c, i) => {
		const r = ROLE_OF.get(headerKey(c));
		if (r && roles[r] === undefined) roles[r] = i;
	});
	if (roles.borough === undefined || roles.population === undefined) return undefined;
	const { issues, placer, bands } = ctx;
	const get = (rec: CsvRecord, r: Role) => (roles[r] === undefined ? '' : (rec.cells[roles[r]!] ?? '').trim());
	const error = (rec: CsvRecord, r: Role, code: Parameters<IssueCollector['error']>[0]['code'], extra: object = {}) =>
		issues.error({ line: rec.line, column: head.cells[roles[r] ?? 0]?.trim() ?? r, value: get(rec, r), code, ...extra });
	if (roles.year === undefined && !ctx.year) issues.error({ line: null, column: 'year', value: null, code: 'pop_year_missing' });

	let year = ctx.year;
	const sums = new Map<string, { area: number; age_group: string; gender: string; population: number; sources: PopulationSource[] }>();
	const seen = new Set<string>();
	for (const rec of rows) {
		if (rec.cells.every((c) => c.trim() === '')) continue;
		const before = issues.errorCount;
		const area = placer.areaOfName(get(rec, 'borough'));
		if (area.id === undefined) error(rec, 'borough', 'unknown_area', area.suggestions.length ? { suggestion: area.suggestions[0] } : {});
		const y = get(rec, 'year');
		if (roles.year !== undefined) {
			if (!/^\d{4}$/.test(y)) error(rec, 'year', 'pop_year_missing');
			else if (year !== undefined && y !== year) error(rec, 'year', 'wave_mismatch', { params: { expected: year } });
			else year = y;
		}
		const genderText = get(rec, 'gender');
		const gender = TOTAL.has(headerKey(genderText)) ? ctx.gender ?? 'all' : canonicalGender(genderText);
		if (!gender) error(rec, 'gender', 'unknown_gender');
		let group: string | undefined;
		let label: string;
		if (roles.age !== undefined && get(rec, 'age') !== '' && !TOTAL.has(headerKey(get(rec, 'age')))) {
			label = get(rec, 'age');
			if (!/^\d{1,3}$/.test(label)) error(rec, 'age', 'age_not_integer');
			else group = ageGroupOf(Number(label), bands as AgeBand[]) ?? 'none';
		} else if (roles.age_group !== undefined && !TOTAL.has(headerKey(get(rec, 'age_group')))) {
			label = get(rec, 'age_group');
			group = bands.find((b) => b.label === label.replace(/\s/g, ''))?.label;
			if (!group) error(rec, 'age_group', 'unknown_age_group', { params: { expected: bands.map((b) => b.label).join(', ') } });
		} else {
			label = 'all';
			group = 'all';
		}
		const raw = get(rec, 'population');
		const population = parseCount(raw) ?? parseNumber(raw);
		if (population === undefined || population < 0) error(rec, 'population', 'pop_not_count');
		if (issues.errorCount > before) continue;
		const key = `${area.id}|${gender}|${label}`;
		if (seen.has(key)) error(rec, 'borough', 'pop_duplicate_area', { params: { area: area.name!, other: label } });
		seen.add(key);
		const add = (age_group: string) => {
			const k = `${area.id}|${gender}|${age_group}`;
			let s = sums.get(k);
			if (!s) sums.set(k, (s = { area: area.id!, age_group, gender: gender!, population: 0, sources: [] }));
			s.population += population!;
			s.sources.push({ line: rec.line, label: `${get(rec, 'borough')} · ${label}`, share: 1 });
		};
		if (group !== 'all' && group !== 'none') add(group!);
		// Rows of single ages or groups make up the total when the file gives none.
		add(group === 'all' ? 'all' : 'sum');
	}
	const values: PopulationInsert[] = [];
	for (const s of sums.values()) {
		if (s.age_group === 'sum') {
			if (sums.has(`${s.area}|${s.gender}|all`)) continue;
			values.push({ area_id: s.area, year: year ?? '', age_group: 'all', gender: s.gender, population: s.population, sources: s.sources });
		} else values.push({ area_id: s.area, year: year ?? '', age_group: s.age_group, gender: s.gender, population: s.population, sources: s.sources });
	}
	if (values.length === 0 && issues.errorCount === 0) issues.error({ line: null, column: null, value: null, code: 'no_rows' });
	return { values, year, summary: { layout: 'long', columns: Object.fromEntries(Object.entries(roles).map(([r, i]) => [r, head.cells[i!]!.trim()])) } };
}
