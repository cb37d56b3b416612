/**
 * The reference of fixtures/reference/designs (make_designs.R, R's survey 4.1-1): one case per R
 * design call, each with the mapping that declares it to Vigie, and the comparison of a
 * computed row with R's record (1e-6 relative on estimate, SE and both interval bounds).
 */
import { readFileSync } from 'node:fs';
import type { DomainVariable } from '../../app/lib/engine/types';

export const DESIGN_DIR = 'fixtures/reference/designs';

export interface DesignRecord {
	case: string;
	indicator: string;
	kind: 'proportion' | 'mean';
	domain_type: string;
	domain: Record<string, string>;
	n: number;
	estimate: number;
	se: number | null;
	df: number;
	ci_kg?: [number | null, number | null] | null;
	ci_logit_converged?: [number | null, number | null] | null;
	ci_t?: [number | null, number | null] | null;
	flags: string[];
	/** R stopped (lonely_psu = "fail"): the message. */
	error?: string;
}

export interface DesignCase {
	case: string;
	file: string;
	design: 'weights' | 'strata_psu' | 'replicate';
	r_call: string;
	scale?: number;
	rscales?: number[];
	records: DesignRecord[];
}

export const designCases = (): DesignCase[] => JSON.parse(readFileSync(`${DESIGN_DIR}/expected_designs.json`, 'utf8'));

/** The mapping file of each case (fixtures/reference/designs/mappings.json). */
export function designMappings(): Record<string, Record<string, unknown>> {
	const all = JSON.parse(readFileSync(`${DESIGN_DIR}/mappings.json`, 'utf8')) as Record<string, Record<string, unknown>>;
	delete all._comment;
	return all;
}

export const byOf = (domainType: string): DomainVariable[] => (domainType === 'overall' ? [] : (domainType.split('+') as DomainVariable[]));
export const domainKey = (d: Record<string, string | undefined>) => JSON.stringify([d.borough ?? null, d.age_group ?? null, d.gender ?? null]);

/** What a computed row gives: the engine's DomainResult, or a row of `vigie estimate --format json` (`ci` as asked). */
export interface ComputedRow {
	n: number | null;
	estimate: number | null;
	se: number | null;
	df: number | null;
	flags: string[];
	ci?: [number, number] | null;
	ci_kg?: [number, number] | null;
	ci_logit?: [number, number] | null;
}

/** |a − b| ≤ 1e-6 · |b| (and both below 1e-12 for values that are 0). */
export function close(a: number | null | undefined, b: number | null | undefined, tol = 1e-6): boolean {
	if (typeof a !== 'number' || typeof b !== 'number') return false;
	if (Math.abs(b) < 1e-12) return Math.abs(a) < 1e-12;
	return Math.abs(a - b) <= tol * Math.abs(b);
}

const DEGENERATE = ['p_hat_0_or_1', 'df_nonpositive', 'variance_zero'];
const LOGIT_ARTEFACT = ['replicates_dropped', 'replicate_p_0_or_1', 'df_1_logit_overflow'];

/**
 * The differences between one computed row and R's record, as readable lines (empty when they
 * agree). `ci` is the interval of the row as asked (kg for proportions, t for means); rows of the
 * engine also give ci_kg and ci_logit. Returns how many interval bounds were compared.
 */
export function compareRecord(r: DesignRecord, got: ComputedRow | undefined, out: string[]): number {
	const where = `${r.case} ${r.indicator} ${r.domain_type} ${domainKey(r.domain)}`;
	const fail = (what: string, g: unknown, w: unknown) => out.push(`${where} ${what}: got ${JSON.stringify(g)}, R ${JSON.stringify(w)}`);
	if (!got) { fail('row', 'missing', 'present'); return 0; }
	if (got.n !== r.n) fail('n', got.n, r.n);
	if (!close(got.estimate, r.estimate, 1e-9)) fail('estimate', got.estimate, r.estimate);
	if (r.flags.includes('variance_nan')) {
		if (got.se !== null || !got.flags.includes('variance_undefined')) fail('se (R: NaN)', got.se, null);
		return 0;
	}
	if (got.df !== Math.max(0, r.df)) fail('df', got.df, r.df);
	if (!close(got.se, r.se)) fail('se', got.se, r.se);
	if (r.flags.some((f) => DEGENERATE.includes(f))) return 0;
	let checked = 0;
	const pair = (what: string, g: [number, number] | null | undefined, w: [number | null, number | null] | null | undefined) => {
		if (!w || w[0] === null || w[1] === null) return;
		if (!g || !close(g[0], w[0]) || !close(g[1], w[1])) fail(what, g, w);
		checked += 2;
	};
	if (r.kind === 'mean') pair('ci_t', got.ci ?? undefined, r.ci_t);
	else {
		pair('ci_kg', got.ci_kg ?? got.ci ?? undefined, r.ci_kg);
		if (got.ci_logit !== undefined && !r.flags.some((f) => LOGIT_ARTEFACT.includes(f))) pair('ci_logit', got.ci_logit, r.ci_logit_converged);
	}
	return checked;
}
