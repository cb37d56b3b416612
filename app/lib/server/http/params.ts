import type { CiMethod, DiagnosticVariable, Design, DomainVariable } from '../../engine/types';

/** A parsed parameter, or what was wrong with it (`value` given, `allowed` values) for a localised message. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; value: string; allowed: readonly string[]; detail: string };

function bad(value: string, allowed: readonly string[]): { ok: false; value: string; allowed: readonly string[]; detail: string } {
	return { ok: false, value, allowed, detail: `"${value}" is not one of ${allowed.join(', ')}` };
}

const VARIABLES: readonly DomainVariable[] = ['borough', 'age_group', 'gender'];
const DESIGNS = ['auto', 'weights', 'strata_psu', 'replicate'] as const;

/** A comma-separated breakdown: only `allowed` variables, each once; `""` is the whole (no breakdown). */
function parseVariables<V extends string>(s: string | null | undefined, allowed: readonly V[]): Parsed<V[]> {
	if (!s) return { ok: true, value: [] };
	const parts = s.split(',').map((p) => p.trim()).filter(Boolean);
	const unknown = parts.find((p) => !allowed.includes(p as V));
	if (unknown) return bad(unknown, allowed);
	const repeated = parts.find((p, i) => parts.indexOf(p) !== i);
	if (repeated) return bad(`${repeated}, ${repeated}`, allowed);
	return { ok: true, value: parts as V[] };
}

/** `"borough,gender"` → ['borough', 'gender']; only known variables, each once; `""` is the overall estimate. */
export function parseBy(s: string | null | undefined): Parsed<DomainVariable[]> {
	return parseVariables(s, VARIABLES);
}

export function parseDesign(s: string | null | undefined): Parsed<Design | 'auto'> {
	const v = s ?? 'auto';
	return (DESIGNS as readonly string[]).includes(v) ? { ok: true, value: v as Design | 'auto' } : bad(v, DESIGNS);
}

export function parseCi(s: string | null | undefined): Parsed<CiMethod> {
	const v = s ?? 'kg';
	return v === 'kg' || v === 'logit' ? { ok: true, value: v } : bad(v, ['kg', 'logit']);
}

const COMPARANDS = ['rest', 'previous_wave'] as const;

/** `"rest,previous_wave"` → the comparisons to add to each row; `""` none. */
export function parseCompare(s: string | null | undefined): Parsed<('rest' | 'previous_wave')[]> {
	if (!s) return { ok: true, value: [] };
	const parts = s.split(',').map((p) => p.trim()).filter(Boolean);
	const unknown = parts.find((p) => !(COMPARANDS as readonly string[]).includes(p));
	return unknown ? bad(unknown, COMPARANDS) : { ok: true, value: [...new Set(parts)] as ('rest' | 'previous_wave')[] };
}

const DIAGNOSTIC_VARIABLES: readonly DiagnosticVariable[] = ['borough', 'category', 'month', 'age_group', 'gender', 'time_of_day', 'criterion'];

/** `"borough,category,month"` → the breakdown of a diagnostic indicator; each known variable once; `""` the whole geography. */
export function parseDiagnosticBy(s: string | null | undefined): Parsed<DiagnosticVariable[]> {
	return parseVariables(s, DIAGNOSTIC_VARIABLES);
}

/**
 * `suppress=0` (or `false`) asks for suppressed values, for analysts checking estimates before
 * they are shown; the default, and `1`/`true`, removes them (what a viewer may publish).
 */
export function parseSuppress(s: string | null | undefined): Parsed<boolean> {
	if (s === null || s === undefined || s === '' || s === '1' || s === 'true') return { ok: true, value: true };
	if (s === '0' || s === 'false') return { ok: true, value: false };
	return bad(s, ['1', '0']);
}

/**
 * An analyst's unsuppressed table in the survey's own categories (`survey`, the default) or in
 * the published tables' (`published`: Women+ and Men+ where viewers see them, with the hidden
 * values). Viewers' tables are always the published ones.
 */
export function parseCategories(s: string | null | undefined): Parsed<'survey' | 'published'> {
	const v = s || 'survey';
	return v === 'survey' || v === 'published' ? { ok: true, value: v } : bad(v, ['survey', 'published']);
}
