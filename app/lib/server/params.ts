import type { CiMethod, Design, DomainVariable } from '../engine/types';

export type Parsed<T> = { ok: true; value: T } | { ok: false; detail: string };

const VARIABLES: readonly DomainVariable[] = ['borough', 'age_group', 'gender'];
const DESIGNS = ['auto', 'weights', 'strata_psu', 'replicate'] as const;

/** `"borough,gender"` → ['borough', 'gender']; only known variables, each once; `""` is the overall estimate. */
export function parseBy(s: string | null | undefined): Parsed<DomainVariable[]> {
	if (!s) return { ok: true, value: [] };
	const parts = s.split(',').map((p) => p.trim()).filter(Boolean);
	const bad = parts.find((p) => !VARIABLES.includes(p as DomainVariable));
	if (bad) return { ok: false, detail: `"${bad}" is not one of ${VARIABLES.join(', ')}` };
	if (new Set(parts).size !== parts.length) return { ok: false, detail: 'a variable is repeated' };
	return { ok: true, value: parts as DomainVariable[] };
}

export function parseDesign(s: string | null | undefined): Parsed<Design | 'auto'> {
	const v = s ?? 'auto';
	return (DESIGNS as readonly string[]).includes(v)
		? { ok: true, value: v as Design | 'auto' }
		: { ok: false, detail: `"${v}" is not one of ${DESIGNS.join(', ')}` };
}

export function parseCi(s: string | null | undefined): Parsed<CiMethod> {
	const v = s ?? 'kg';
	return v === 'kg' || v === 'logit' ? { ok: true, value: v } : { ok: false, detail: `"${v}" is not kg or logit` };
}
