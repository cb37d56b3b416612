import type { Db } from '../../db/connection';
import { respondentsAtRows, type SurveyDesignInfo } from '../../db/datasets';
import { readSurveyColumns } from '../../db/survey';
import { replicateSpec, type SurveyMapping } from '../column-mapping';
import type { IngestIssue, IngestIssueCode, IssueCollector } from '../report';
import type { ResolvedHeader } from './header';

/** Where the finite population correction is stored: a name no file header is likely to have (an item named `fpc` can coexist). */
export const FPC_COLUMN = 'design:fpc';
const MAX_DESIGN_ERRORS = 20;

/**
 * The sample design a loaded survey declares, checked against its stored columns once every row
 * is in (same transaction): the finite population correction must be one value per stratum, all
 * population sizes (> 1, at least the stratum's sampled PSUs) or all sampling fractions (≤ 1), as
 * R's svydesign(fpc = …) requires; JKn replicate factors (n_h − 1)/n_h are derived from the
 * stratum of the unit each replicate deletes when the mapping gives none. Problems go to `issues`.
 */
export function checkDesign(db: Db, datasetId: number, h: ResolvedHeader, m: SurveyMapping, rows: number, issues: IssueCollector): SurveyDesignInfo {
	const cols = readSurveyColumns(db, datasetId, ['stratum', 'psu', FPC_COLUMN], rows);
	const strata = cols.get('stratum');
	const layout = unitsPerStratum(strata?.data as Int32Array | undefined, cols.get('psu')?.data as Int32Array | undefined, rows);
	const lineOf = (row: number) => respondentsAtRows(db, datasetId, [row])[0]!.line;
	const errors: IngestIssue[] = [];
	const fpc = cols.get(FPC_COLUMN);
	const fpcForm = fpc ? checkFpc(fpc.data as Float64Array, layout, strata?.levels ?? [], lineOf, h.headers.fpc ?? 'fpc', errors) : null;
	const B = h.replicates.length;
	let replicate: SurveyDesignInfo['replicate'] = null;
	if (B > 0) {
		const spec = replicateSpec(m.replicates, B);
		const column = `${h.replicates[0]!.name}…${h.replicates[B - 1]!.name}`;
		if (B < 2) errors.push({ line: 1, column, value: null, code: 'replicates_too_few', params: { count: B } });
		if (spec.rscales && spec.rscales.length !== B)
			errors.push({ line: null, column: 'replicates.rscales', value: null, code: 'rscales_count', params: { count: spec.rscales.length, replicates: B } });
		if (spec.type === 'JKn' && !spec.rscales && B >= 2) {
			const derived = jknRscales(db, datasetId, h, rows, layout, errors);
			if (derived) spec.rscales = derived;
		}
		replicate = { prefix: m.replicates?.prefix ?? 'bw_', count: B, ...spec };
	}
	for (const e of errors.slice(0, MAX_DESIGN_ERRORS)) issues.error(e);
	return {
		strata: h.roles.stratum !== undefined, psu: h.roles.psu !== undefined,
		...(fpcForm ? { fpc: fpcForm } : {}),
		lonely_psu: m.design.lonely_psu, adjust_domain_lonely: m.design.adjust_domain_lonely,
		replicate
	};
}

/** The sampled units of each stratum: PSUs, or respondents when the file has no PSU column (one stratum when it has no strata). */
interface Units {
	stratumOf: (row: number) => number;
	count: number[];
}

function unitsPerStratum(strata: Int32Array | undefined, psu: Int32Array | undefined, rows: number): Units {
	const stratumOf = (row: number) => (strata ? strata[row]! : 0);
	const count: number[] = [];
	const seen = new Set<number>();
	for (let i = 0; i < rows; i++) {
		const h = stratumOf(i);
		if (psu) {
			if (seen.has(psu[i]!)) continue;
			seen.add(psu[i]!);
		}
		count[h] = (count[h] ?? 0) + 1;
	}
	return { stratumOf, count };
}

/** 'population' or 'fraction', after checking the values; null when they cannot be used. */
function checkFpc(values: Float64Array, units: Units, levels: string[], lineOf: (row: number) => number, column: string,
	errors: IngestIssue[]): 'population' | 'fraction' | null {
	const first = new Map<number, number>();
	let population = -1, fraction = -1;
	for (let i = 0; i < values.length; i++) {
		const h = units.stratumOf(i), v = values[i]!;
		if (v > 1 && population < 0) population = i;
		if (v < 1 && fraction < 0) fraction = i;
		const f = first.get(h);
		if (f === undefined) first.set(h, i);
		else if (values[f] !== v)
			errors.push({ line: lineOf(i), column, value: String(v), code: 'fpc_varies',
				params: { stratum: levels[h] ?? '', first: String(values[f]), first_line: lineOf(f) } });
	}
	if (errors.length > 0) return null;
	if (population >= 0 && fraction >= 0) {
		errors.push({ line: lineOf(fraction), column, value: String(values[fraction]), code: 'fpc_forms_mixed',
			params: { population: String(values[population]), population_line: lineOf(population) } });
		return null;
	}
	if (population < 0) return 'fraction';
	for (const [h, row] of first) {
		if (values[row]! < units.count[h]!)
			errors.push({ line: lineOf(row), column, value: String(values[row]), code: 'fpc_below_sample',
				params: { stratum: levels[h] ?? '', units: units.count[h]! } });
	}
	return errors.length > 0 ? null : 'population';
}

/**
 * JKn factors as svrepdesign wants them, (n_h − 1)/n_h for each replicate, n_h the units of the
 * stratum whose unit the replicate deletes (the rows it gives weight 0). Read one replicate
 * column at a time: a replicate column is as large as the weight column.
 */
function jknRscales(db: Db, datasetId: number, h: ResolvedHeader, rows: number, units: Units, errors: IngestIssue[]): number[] | null {
	if (h.roles.stratum === undefined) {
		errors.push({ line: null, column: 'replicates.rscales', value: null, code: 'jkn_rscales_no_strata' });
		return null;
	}
	const out: number[] = [];
	for (const r of h.replicates) {
		const w = readSurveyColumns(db, datasetId, [r.name], rows).get(r.name)!.data as Float64Array;
		let stratum = -1, problem: IngestIssueCode | null = null;
		for (let i = 0; i < rows && !problem; i++) {
			if (w[i] !== 0) continue;
			const s = units.stratumOf(i);
			if (stratum >= 0 && s !== stratum) problem = 'jkn_rscales_several_strata';
			stratum = s;
		}
		if (!problem && stratum < 0) problem = 'jkn_rscales_no_zero';
		if (!problem && units.count[stratum]! < 2) problem = 'jkn_rscales_single_psu';
		if (problem) {
			errors.push({ line: null, column: r.name, value: null, code: problem });
			return null;
		}
		const n = units.count[stratum]!;
		out.push((n - 1) / n);
	}
	return out;
}
