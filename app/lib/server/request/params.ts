/**
 * The query parameters of every dashboard page, of its exports and of the API, as zod schemas:
 * one reading of `?indicator&wave&borough&by&ci&design&suppress&order…` wherever a request is
 * read. A value outside what a parameter allows is an issue carrying the parameter's name, the
 * value and the values allowed (`BadParam`), which callers turn into a 400 in the reader's
 * language (`api.bad_value`). Whether a wave, an indicator or a borough exists is the database's
 * to say: the views check those.
 */
import { z } from 'zod';
import type { CiMethod, DiagnosticVariable, Design, DomainVariable } from '../../engine/types';

/** What was wrong with a parameter: its name, the value given and the values allowed. */
export interface BadParam {
	name: string;
	value: string;
	allowed: readonly string[];
}

/** A parsed parameter, or what was wrong with it (`detail` in English, for the command line). */
export type Parsed<T> = { ok: true; value: T } | { ok: false; value: string; allowed: readonly string[]; detail: string };

const raw = z.string().optional();

function refuse(ctx: z.RefinementCtx, name: string, value: string, allowed: readonly string[]): never {
	ctx.addIssue({ code: 'custom', message: `"${value}" is not one of ${allowed.join(', ')}`, params: { name, value, allowed } });
	return z.NEVER;
}

/** A free text parameter (a wave, a code): absent and empty read as `undefined`. */
export const text = () => raw.transform((v) => (v ? v : undefined));

/** One of `allowed`; absent reads as `fallback`, and so does empty when `emptyIsDefault` (a form's empty select). */
export function choice<T extends string>(name: string, allowed: readonly T[], fallback: T, emptyIsDefault = false) {
	return raw.transform((v, ctx): T => {
		if (v === undefined || (emptyIsDefault && v === '')) return fallback;
		return (allowed as readonly string[]).includes(v) ? (v as T) : refuse(ctx, name, v, allowed);
	});
}

/** A view preference (the boroughs' order): a value it does not know reads as the default rather than a 400. */
export function preference<T extends string>(allowed: readonly T[], fallback: T) {
	return raw.transform((v): T => ((allowed as readonly string[]).includes(v ?? '') ? (v as T) : fallback));
}

/**
 * A comma-separated list of `allowed` values: each once when `unique` (a breakdown), repeats
 * dropped otherwise; absent or empty reads as `fallback`.
 */
export function list<T extends string>(name: string, allowed: readonly T[], fallback: string, unique: boolean) {
	return raw.transform((v, ctx): T[] => {
		const parts = (v ?? fallback).split(',').map((p) => p.trim()).filter(Boolean);
		const unknown = parts.find((p) => !(allowed as readonly string[]).includes(p));
		if (unknown) return refuse(ctx, name, unknown, allowed);
		const repeated = parts.find((p, i) => parts.indexOf(p) !== i);
		if (repeated && unique) return refuse(ctx, name, `${repeated}, ${repeated}`, allowed);
		return [...new Set(parts)] as T[];
	});
}

/**
 * `suppress=0` (or `false`) asks for suppressed values, for analysts checking estimates before
 * they are shown; the default, and `1`/`true`, removes them (what a viewer may publish).
 */
export const suppress = raw.transform((v, ctx): boolean => {
	if (v === undefined || v === '' || v === '1' || v === 'true') return true;
	if (v === '0' || v === 'false') return false;
	return refuse(ctx, 'suppress', v, ['1', '0']);
});

export const DOMAIN_VARIABLES: readonly DomainVariable[] = ['borough', 'age_group', 'gender'];
export const DESIGNS = ['auto', 'weights', 'strata_psu', 'replicate'] as const satisfies readonly (Design | 'auto')[];
export const CI_METHODS = ['kg', 'logit'] as const satisfies readonly CiMethod[];
export const COMPARANDS = ['rest', 'previous_wave'] as const;
export const CATEGORIES = ['survey', 'published'] as const;
export const DIAGNOSTIC_VARIABLES: readonly DiagnosticVariable[] = ['borough', 'category', 'month', 'age_group', 'gender', 'time_of_day', 'criterion'];
export const BOROUGH_ORDERS = ['rank', 'alpha'] as const;

/** A breakdown: `"borough,gender"` → ['borough', 'gender']; each known variable once; `""` the overall estimate. */
export const by = (fallback: string) => list('by', DOMAIN_VARIABLES, fallback, true);
export const diagnosticBy = (fallback: string) => list('by', DIAGNOSTIC_VARIABLES, fallback, true);
export const design = choice('design', DESIGNS, 'auto');
export const ci = choice('ci', CI_METHODS, 'kg');
/** `"rest,previous_wave"` → the comparisons to add to each row; `""` none. */
export const compare = list('compare', COMPARANDS, '', false);
/**
 * An analyst's unsuppressed table in the survey's own categories (`survey`, the default) or in
 * the published tables' (`published`: Women+ and Men+ where viewers see them, with the hidden
 * values). Viewers' tables are always the published ones.
 */
export const categories = choice('categories', CATEGORIES, 'survey', true);

/** The first bad parameter of a failed parse (issues follow the schema's order of keys). */
export function badParam(err: z.ZodError): BadParam {
	const issue = err.issues.find((i) => i.code === 'custom' && (i as { params?: unknown }).params) as { params: BadParam } | undefined;
	if (issue) return issue.params;
	// A shape zod refused itself (a repeated key read as a list never reaches here): name the first path.
	const first = err.issues[0]!;
	return { name: String(first.path[0] ?? ''), value: '', allowed: [] };
}

/** Fields a form may repeat (checkboxes): their values arrive joined by commas. */
const repeatable = new WeakSet<z.ZodType>();

/** Every value of a repeated parameter, each possibly a comma-separated list; `null` when the parameter is absent. */
export function many() {
	const field = raw.transform((v) => (v === undefined ? null : v.split(',').map((p) => p.trim()).filter(Boolean)));
	repeatable.add(field);
	return field;
}

/** The input of an object schema from a query: the first value of each of its keys (absent: undefined), every value of a repeatable one. */
export function queryInput(schema: z.ZodObject, q: URLSearchParams): Record<string, string | undefined> {
	return Object.fromEntries(Object.entries(schema.shape).map(([k, field]) =>
		[k, repeatable.has(field as z.ZodType) ? (q.has(k) ? q.getAll(k).join(',') : undefined) : q.get(k) ?? undefined]));
}

/** Parses a query with an object schema: its values, or the first bad parameter. */
export function parseQuery<S extends z.ZodObject>(schema: S, q: URLSearchParams): { ok: true; value: z.output<S> } | { ok: false; bad: BadParam } {
	const r = schema.safeParse(queryInput(schema, q));
	return r.success ? { ok: true, value: r.data } : { ok: false, bad: badParam(r.error) };
}

/** One parameter's value (the command line's options), in the `Parsed` shape. */
export function parseOne<T>(field: z.ZodType<T, string | undefined>, value: string | null | undefined): Parsed<T> {
	const r = field.safeParse(value ?? undefined);
	if (r.success) return { ok: true, value: r.data };
	const b = badParam(r.error);
	return { ok: false, value: b.value, allowed: b.allowed, detail: `"${b.value}" is not one of ${b.allowed.join(', ')}` };
}

/** The command line's options, one at a time, in the `Parsed` shape (the same fields as the API's query). */
export const parseBy = (s: string | null | undefined) => parseOne(by(''), s);
export const parseDiagnosticBy = (s: string | null | undefined) => parseOne(diagnosticBy(''), s);
export const parseDesign = (s: string | null | undefined) => parseOne(design, s);
export const parseCi = (s: string | null | undefined) => parseOne(ci, s);
export const parseCompare = (s: string | null | undefined) => parseOne(compare, s);
export const parseSuppress = (s: string | null | undefined) => parseOne(suppress, s);
export const parseCategories = (s: string | null | undefined) => parseOne(categories, s);
