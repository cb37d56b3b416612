import { basename } from 'node:path';
import type { Db } from '../../db/connection';
import { finishDataset, insertDataset } from '../../db/datasets';
import { findPopulationClash, insertPopulation, type PopulationInsert, type PopulationSource } from '../../db/population';
import { IssueCollector } from '../report';
import type { DiagnosticIngestResult, DiagnosticLoadOptions } from '../diagnostic-load';
import { startDiagnosticLoad } from '../diagnostic-file';
import { type GeographyPlacer } from '../geo/placer';
import { DEFAULT_AGE_BANDS, type AgeBand } from '../../domain/words';
import { bandShares, leafRanges, type AgeRange } from './age-bands';
import { genderOfTitles, readWideTable, yearOfTitles, type TableArea, type WideTable } from './read-table';
import { readLongPopulation } from './read-long';

export interface PopulationIngestOptions extends DiagnosticLoadOptions {
	/** The sex the table counts when its titles do not say (`woman`, `man`); `all` by default. */
	gender?: 'woman' | 'man' | 'all';
	ageBands?: AgeBand[];
}

/** Prefixes published tables put before an area's name ("Arrondissement d'Anjou", "Ville de Westmount"), tried in turn. */
const AREA_TYPE = '(?:arrondissement|ville|village|municipalit[eé]|borough|city|district|paroisse)';
const AREA_PREFIXES: [RegExp, string][] = [
	[new RegExp(`^${AREA_TYPE}\\s+du\\s+`, 'i'), 'Le '],
	[new RegExp(`^${AREA_TYPE}\\s+des\\s+`, 'i'), 'Les '],
	[new RegExp(`^${AREA_TYPE}\\s+de\\s+`, 'i'), ''],
	[new RegExp(`^${AREA_TYPE}\\s+d['’]`, 'i'), ''],
	[new RegExp(`^${AREA_TYPE}\\s+of\\s+`, 'i'), ''],
	[new RegExp(`^${AREA_TYPE}\\s+`, 'i'), '']
];

/** The area a table's column or row stands for: by code, then by name, then by name without "Arrondissement de". */
function matchTableArea(placer: GeographyPlacer, a: TableArea, codes: Map<string, number>): number | undefined {
	if (a.code && codes.has(a.code)) return codes.get(a.code);
	const direct = placer.areaOfName(a.name).id;
	if (direct !== undefined) return direct;
	for (const [re, replacement] of AREA_PREFIXES) {
		if (re.test(a.name)) {
			const id = placer.areaOfName(a.name.replace(re, replacement)).id;
			if (id !== undefined) return id;
		}
	}
	return undefined;
}

const whereOf = (a: TableArea) => ('column' in a.where ? a.where.column : `line ${a.where.line}`);

/**
 * Loads a population table for one geography: the canonical long shape, or a
 * published wide table (areas as columns or as rows, title rows, subtotal rows, quoted
 * thousands), without hand-editing. Counts are summed from the table's finest age rows into the
 * configured age groups plus `all` (the table's own total when it has one: Montreal's counts are
 * rounded to 5, so parts need not add up to it). Every stored value lists the source rows it came
 * from; rows and columns that are not areas of the geography (the agglomeration, a county, a
 * region) are left out and listed in the summary, so a mixed hierarchy never double counts.
 */
export async function loadPopulation(db: Db, path: string, opts: PopulationIngestOptions = {}): Promise<DiagnosticIngestResult> {
	const { issues, fail, geography, file } = await startDiagnosticLoad(db, path, opts);
	if (!file || issues.errorCount > 0) return fail();
	const { sha256, placer, records } = file;

	const bands = opts.ageBands ?? DEFAULT_AGE_BANDS;
	const long = readLongPopulation(records, { placer, bands, issues, year: opts.wave, gender: opts.gender });
	let values: PopulationInsert[];
	let summary: Record<string, unknown>;
	let year: string | undefined;
	if (long) {
		({ values, summary, year } = long);
	} else {
		const table = readWideTable(records);
		if (!table) {
			issues.error({ line: null, column: null, value: null, code: 'pop_layout_unknown' });
			return fail();
		}
		year = opts.wave ?? yearOfTitles(table.titles);
		if (!year) issues.error({ line: null, column: null, value: null, code: 'pop_year_missing' });
		const gender = opts.gender ?? genderOfTitles(table.titles);
		({ values, summary } = wideValues(table, { placer, bands, issues, year: year ?? '', gender }));
	}
	if (issues.errorCount > 0) return fail();
	const clash = findPopulationClash(db, year!, [...new Set(values.map((v) => v.area_id))], [...new Set(values.map((v) => v.age_group))],
		[...new Set(values.map((v) => v.gender))]);
	if (clash) {
		issues.error({ line: null, column: null, value: placer.names.get(clash.area_id) ?? null, code: 'pop_exists',
			params: { id: clash.dataset_id, year: year!, area: placer.names.get(clash.area_id) ?? '', age_group: clash.age_group, gender: clash.gender } });
		return fail();
	}
	const areas = new Set(values.map((v) => v.area_id)).size;
	const result = { kind: 'population' as const, wave: year!, rows: values.length, warnings: issues.warnings, summary: { geography, year, areas, ...summary } };
	if (opts.dryRun) return { ok: true, dataset_id: null, dry_run: true, ...result };
	const datasetId = db.transaction(() => {
		const id = insertDataset(db, {
			kind: 'population', wave: year!, title: opts.title ?? basename(path), file_name: opts.fileName ?? basename(path), sha256,
			created_by: opts.createdBy ?? 'cli', created_at: new Date().toISOString(),
			mapping: { geography, layout: summary.layout, bands: bands.map((b) => b.label) },
			design: { strata: false, psu: false, replicate: null }, synthetic: opts.synthetic ?? false
		});
		insertPopulation(db, id, values);
		finishDataset(db, id, { rows: values.length, wave: year! });
		return id;
	}).immediate();
	return { ok: true, dataset_id: datasetId, dry_run: false, ...result };
}

interface WideContext {
	placer: GeographyPlacer;
	bands: readonly AgeBand[];
	issues: IssueCollector;
	year: string;
	gender: 'woman' | 'man' | 'all';
}

/** The values of a wide table: each area's counts summed into the age groups and all ages. */
function wideValues(table: WideTable, ctx: WideContext): { values: PopulationInsert[]; summary: Record<string, unknown> } {
	const { placer, issues } = ctx;
	const codes = new Map<string, number>();
	for (const [id] of placer.names) {
		const code = placer.codes.get(id);
		if (code) codes.set(code, id);
	}
	const values: PopulationInsert[] = [];
	const used = new Map<number, TableArea>();
	const skipped: { where: string; name: string; reason: string }[] = [];
	for (const a of table.areas) {
		const id = matchTableArea(placer, a, codes);
		if (id === undefined) {
			skipped.push({ where: whereOf(a), name: a.name, reason: 'not_an_area' });
			continue;
		}
		const first = used.get(id);
		if (first) {
			issues.error({ line: 'line' in a.where ? a.where.line : table.headerLine, column: 'column' in a.where ? a.where.column : null, value: a.name,
				code: 'pop_duplicate_area', params: { area: placer.names.get(id)!, other: whereOf(first) } });
			continue;
		}
		used.set(id, a);
	}
	const openLast = openLastAge(table, [...used.values()]);
	for (const [id, a] of used) values.push(...areaValues(id, a, ctx, table));
	for (const [id, name] of placer.names) {
		if (!used.has(id)) issues.warn({ line: null, column: null, value: name, code: 'pop_area_missing', params: { area: name } });
	}
	return {
		values,
		summary: {
			layout: table.layout, gender: ctx.gender, titles: table.titles, ...(openLast ? { open_last_age: openLast } : {}),
			used: [...used].map(([id, a]) => ({ area: placer.names.get(id), source: whereOf(a), name: a.name })),
			skipped, not_ages: table.notAges
		}
	};
}

/**
 * ONS single-year tables head their last column "90" where it counts everyone aged 90 and over.
 * When a table's ages are single years from 0 without an open band, and for every area they add
 * up exactly to its all-ages total, the last one can only be "that age and over": it is read so
 * (and said in the summary). Otherwise nothing is assumed, and an open age group is uncovered.
 */
function openLastAge(table: WideTable, areas: TableArea[]): string | undefined {
	const first = areas[0];
	if (!first || table.layout !== 'areas_as_rows') return undefined;
	const ages = first.counts.filter((c) => c.range !== 'total').map((c) => c.range as AgeRange);
	if (ages.length === 0 || ages.some((r) => r.min !== r.max || r.max === Infinity)) return undefined;
	const last = Math.max(...ages.map((r) => r.max));
	const singles = new Set(ages.map((r) => r.min));
	if (singles.size !== last + 1) return undefined;
	const addsUp = areas.every((a) => {
		const total = a.counts.find((c) => c.range === 'total')?.value;
		const sum = a.counts.reduce((s, c) => s + (c.range !== 'total' ? (c.value ?? NaN) : 0), 0);
		return total !== undefined && total === sum;
	});
	if (!addsUp) return undefined;
	for (const a of areas) for (const c of a.counts) if (c.range !== 'total' && c.range.min === last) c.range = { min: last, max: Infinity };
	return String(last);
}

/** One area's values: each age group from the finest rows (split where a row straddles a group), and all ages. */
function areaValues(id: number, a: TableArea, ctx: WideContext, table: WideTable): PopulationInsert[] {
	const { bands, issues, year, gender } = ctx;
	const name = ctx.placer.names.get(id)!;
	const column = 'column' in a.where ? a.where.column : null;
	const ages = a.counts.filter((c) => c.range !== 'total');
	const ranges = ages.map((c) => c.range as AgeRange);
	const leaves = leafRanges(ranges);
	if ('overlap' in leaves) {
		const [x, y] = leaves.overlap;
		issues.error({ line: ages[y]!.line, column, value: ages[y]!.label, code: 'pop_age_label', params: { other: ages[x]!.label } });
		return [];
	}
	const source = (c: (typeof ages)[number], share: number): PopulationSource =>
		({ line: c.line, label: table.layout === 'areas_as_rows' ? `${a.name} · ${c.label}` : c.label, share });
	const countOf = (c: (typeof a.counts)[number]): number => {
		if (c.value === undefined) {
			issues.error({ line: c.line, column: column ?? c.label, value: c.raw, code: 'pop_not_count' });
			return 0;
		}
		return c.value;
	};
	const out: PopulationInsert[] = [];
	for (const band of bands) {
		const shares = bandShares(band, ranges, leaves.leaves);
		if (!shares) {
			issues.error({ line: null, column, value: name, code: 'pop_band_uncovered', params: { age_group: band.label, area: name } });
			continue;
		}
		let population = 0;
		for (const s of shares) {
			population += countOf(ages[s.leaf]!) * s.share;
			if (s.share < 1) issues.warn({ line: ages[s.leaf]!.line, column, value: ages[s.leaf]!.label, code: 'pop_band_split',
				params: { age_group: band.label, area: name, share: Math.round(s.share * 1000) / 1000 } });
		}
		out.push({ area_id: id, year, age_group: band.label, gender, population, sources: shares.map((s) => source(ages[s.leaf]!, s.share)) });
	}
	const leafSum = leaves.leaves.reduce((sum, i) => sum + (ages[i]!.value ?? 0), 0);
	const total = a.counts.find((c) => c.range === 'total');
	if (total) {
		const published = countOf(total);
		if (published !== leafSum && total.value !== undefined) {
			issues.warn({ line: total.line, column, value: total.raw, code: 'pop_total_differs', params: { area: name, total: published, sum: leafSum } });
		}
		out.push({ area_id: id, year, age_group: 'all', gender, population: published, sources: [{ line: total.line, label: table.layout === 'areas_as_rows' ? `${a.name} · ${total.label}` : total.label, share: 1 }] });
	} else {
		out.push({ area_id: id, year, age_group: 'all', gender, population: leafSum, sources: leaves.leaves.map((i) => source(ages[i]!, 1)) });
	}
	return out;
}
