import type { z } from 'zod';
import { SurveyCoreRow } from './schema';

type CoreInput = Record<keyof SurveyCoreRow, string>;
type Answer = { ok: true; value: unknown } | { ok: false; codes: string[] };

/**
 * Distinct values remembered per field: areas, ages, genders, strata and PSUs have a few hundred
 * at most, weights often a few thousand (one per stratum and adjustment cell); 16k answers are a
 * few megabytes.
 */
const REMEMBERED = 16_384;

/**
 * The core cells of one row through `SurveyCoreRow`, as `SurveyCoreRow[decimal].safeParse(input)`
 * gives them (the same data, the same issues in the same order, each with the field in its
 * path), but one field at a time with that field's own schema, and the answer for a value seen
 * before remembered: a file repeats its areas, ages, genders, strata and PSUs on every row, and
 * the object's parse costs more than the rest of the row's checks.
 */
export function coreCells(decimal: '.' | ',') {
	const shape = SurveyCoreRow[decimal].shape;
	const fields = Object.keys(shape) as (keyof SurveyCoreRow)[];
	const memo = new Map(fields.map((f) => [f, new Map<string, Answer>()]));
	const answer = (field: keyof SurveyCoreRow, raw: string): Answer => {
		const seen = memo.get(field)!;
		let a = seen.get(raw);
		if (a) return a;
		const r = (shape[field] as z.ZodType).safeParse(raw);
		a = r.success ? { ok: true, value: r.data } : { ok: false, codes: r.error.issues.map((i) => i.message) };
		// Ids are all different: never remembered.
		if (field !== 'respondent_id' && seen.size < REMEMBERED) seen.set(raw, a);
		return a;
	};
	return (input: CoreInput): { success: true; data: SurveyCoreRow } | { success: false; error: { issues: { path: [keyof SurveyCoreRow]; message: string }[] } } => {
		const data: Record<string, unknown> = {};
		let issues: { path: [keyof SurveyCoreRow]; message: string }[] | null = null;
		for (const f of fields) {
			const a = answer(f, input[f]);
			if (a.ok) data[f] = a.value;
			else for (const message of a.codes) (issues ??= []).push({ path: [f], message });
		}
		return issues ? { success: false, error: { issues } } : { success: true, data: data as SurveyCoreRow };
	};
}
