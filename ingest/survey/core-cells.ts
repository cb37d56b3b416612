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
	const schemas = fields.map((f) => shape[f] as z.ZodType);
	const seen = fields.map(() => new Map<string, Answer>());
	// Ids are all different: never remembered.
	const remember = fields.map((f) => f !== 'respondent_id');
	return (input: CoreInput): { success: true; data: SurveyCoreRow } | { success: false; error: { issues: { path: [keyof SurveyCoreRow]; message: string }[] } } => {
		const data: Record<string, unknown> = {};
		let issues: { path: [keyof SurveyCoreRow]; message: string }[] | null = null;
		for (let i = 0; i < fields.length; i++) {
			const f = fields[i]!;
			const raw = input[f];
			let a = seen[i]!.get(raw);
			if (a === undefined) {
				const r = schemas[i]!.safeParse(raw);
				a = r.success ? { ok: true, value: r.data } : { ok: false, codes: r.error.issues.map((x) => x.message) };
				if (remember[i] && seen[i]!.size < REMEMBERED) seen[i]!.set(raw, a);
			}
			if (a.ok) data[f] = a.value;
			else for (const message of a.codes) (issues ??= []).push({ path: [f], message });
		}
		return issues ? { success: false, error: { issues } } : { success: true, data: data as SurveyCoreRow };
	};
}
