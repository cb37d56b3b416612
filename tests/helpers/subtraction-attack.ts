/**
 * The subtraction attack, played as a reader of the published tables would, with nothing but
 * what they show: take a published total (a borough, the whole city, a share that sums to 1
 * over a distribution's categories), subtract its published parts (value × weighted n each), and
 * divide what remains by the remaining weighted n. With one hidden part, that is its value; with
 * several, their pooled value. The attack is written here from the rows alone, independently of
 * the product's own protection code, and checked against the true values (an analyst's table).
 */

export interface AttackRow {
	domain: object;
	n: number | null;
	weighted_n: number | null;
	estimate: number | null;
}

export interface AttackFinding {
	kind: 'lone_hidden_part' | 'pooled_within_margin' | 'determined';
	total: string;
	cell: string;
	detail: string;
}

const VARS = ['borough', 'age_group', 'gender'] as const;
type Coordinates = Record<string, string | undefined>;
const keyOf = (domain: object) => {
	const d = domain as Coordinates;
	return JSON.stringify([d.borough ?? null, d.age_group ?? null, d.gender ?? null, d.category ?? null]);
};
const levelOf = (d: object) => VARS.filter((v) => (d as Coordinates)[v] !== undefined).join(',');
const at = (d: object, v: string) => (d as Coordinates)[v];
const isEmpty = (r: AttackRow) => r.n === 0;
const isHidden = (r: AttackRow) => r.estimate === null && !isEmpty(r);

/**
 * Every equation a reader can write with the published rows: a published total and the rows of
 * the next finer table that share its other coordinates (for gender, the Women+ and Men+ rows
 * when the table has them, for they are what adds up; non-binary rows published beside them add
 * up only among themselves), the 12–24 year-olds and their two age groups, a distribution's
 * categories of one domain (shares summing to 1).
 */
export function readerEquations(rows: readonly AttackRow[], opts: { derivedAges?: { label: string; members: string[] }[] } = {}) {
	const byKey = new Map(rows.map((r) => [keyOf(r.domain), r]));
	const byLevel = new Map<string, AttackRow[]>();
	for (const r of rows) {
		const l = levelOf(r.domain);
		if (!byLevel.has(l)) byLevel.set(l, []);
		byLevel.get(l)!.push(r);
	}
	const derivedLabels = new Set((opts.derivedAges ?? []).map((d) => d.label));
	const equations: { total: AttackRow | null; parts: AttackRow[] }[] = [];
	for (const t of rows) {
		for (const v of VARS) {
			if (at(t.domain, v) !== undefined) continue;
			const level = VARS.filter((x) => at(t.domain, x) !== undefined || x === v).join(',');
			const finer = byLevel.get(level) ?? [];
			let parts = finer.filter((r) => VARS.every((x) => x === v || at(r.domain, x) === at(t.domain, x)) && at(r.domain, 'category') === at(t.domain, 'category'));
			if (v === 'age_group') parts = parts.filter((r) => !derivedLabels.has(at(r.domain, 'age_group')!));
			if (v === 'gender' && parts.some((r) => at(r.domain, 'gender') === 'women+')) parts = parts.filter((r) => at(r.domain, 'gender') === 'women+' || at(r.domain, 'gender') === 'men+');
			if (parts.length > 0) equations.push({ total: t, parts });
		}
		for (const d of opts.derivedAges ?? []) {
			if (at(t.domain, 'age_group') !== d.label) continue;
			const parts = d.members.map((m) => byKey.get(keyOf({ ...t.domain, age_group: m })));
			if (parts.every((p) => p !== undefined)) equations.push({ total: t, parts: parts as AttackRow[] });
		}
	}
	const domains = new Map<string, AttackRow[]>();
	for (const r of rows) {
		if (at(r.domain, 'category') === undefined) continue;
		const k = keyOf({ ...r.domain, category: undefined });
		if (!domains.has(k)) domains.set(k, []);
		domains.get(k)!.push(r);
	}
	for (const parts of domains.values()) equations.push({ total: null, parts });
	return equations;
}

/**
 * Plays the attack: `published` are the rows a viewer gets, `truth` the same cells' true values.
 * Findings: a published total with exactly one hidden part (exact recovery); a hidden part that
 * makes up at least half of the hidden remainder whose pooled value is within `margin` of its
 * true value (the pooled value speaks for it); a hidden cell the published tables determine
 * exactly through several equations at once (linear algebra on the hidden cells).
 */
export function subtractionAttack(published: readonly AttackRow[], truth: ReadonlyMap<string, AttackRow>, opts: { margin: number; derivedAges?: { label: string; members: string[] }[] }): AttackFinding[] {
	const findings: AttackFinding[] = [];
	const equations = readerEquations(published, opts);
	for (const e of equations) {
		const hiddenParts = e.parts.filter(isHidden);
		const publishedParts = e.parts.filter((p) => !isHidden(p));
		const totalHidden = e.total !== null && isHidden(e.total);
		if (publishedParts.length === 0 || totalHidden) continue;
		const name = e.total ? keyOf(e.total.domain) : `shares of ${keyOf({ ...e.parts[0]!.domain, category: undefined })}`;
		if (hiddenParts.length === 1) {
			findings.push({ kind: 'lone_hidden_part', total: name, cell: keyOf(hiddenParts[0]!.domain), detail: '' });
			continue;
		}
		if (hiddenParts.length === 0) continue;
		let pooled: number, weight: number;
		if (e.total) {
			const W = e.total.weighted_n! - publishedParts.reduce((s, p) => s + (p.weighted_n ?? 0), 0);
			const T = e.total.estimate! * e.total.weighted_n! - publishedParts.reduce((s, p) => s + (p.estimate ?? 0) * (p.weighted_n ?? 0), 0);
			pooled = T / W;
			weight = W;
		} else {
			pooled = 1 - publishedParts.reduce((s, p) => s + (p.estimate ?? 0), 0);
			weight = NaN;
		}
		for (const h of hiddenParts) {
			const t = truth.get(keyOf(h.domain));
			if (!t || t.estimate === null) continue;
			if (e.total) {
				if (t.weighted_n! * 2 < weight) continue;
				if (Math.abs(t.estimate - pooled) < opts.margin)
					findings.push({ kind: 'pooled_within_margin', total: name, cell: keyOf(h.domain), detail: `true ${t.estimate.toFixed(4)}, pooled ${pooled.toFixed(4)}` });
			} else if (pooled - t.estimate < opts.margin) {
				findings.push({ kind: 'pooled_within_margin', total: name, cell: keyOf(h.domain), detail: `true share ${t.estimate.toFixed(4)}, remainder ${pooled.toFixed(4)}` });
			}
		}
	}
	for (const cell of determinedHidden(published, equations)) findings.push({ kind: 'determined', total: '(several)', cell, detail: '' });
	return findings;
}

/** Hidden cells whose unit vector lies in the row space of the equations on the hidden cells (dense, floating point). */
function determinedHidden(rows: readonly AttackRow[], equations: ReturnType<typeof readerEquations>): string[] {
	const hidden = rows.filter(isHidden);
	const col = new Map(hidden.map((r, i) => [r, i]));
	const matrix: number[][] = [];
	for (const e of equations) {
		const row = new Array<number>(hidden.length).fill(0);
		let any = false;
		if (e.total && col.has(e.total)) { row[col.get(e.total)!]! -= 1; any = true; }
		for (const p of e.parts) if (col.has(p)) { row[col.get(p)!]! += 1; any = true; }
		if (any) matrix.push(row);
	}
	const k = hidden.length;
	const a = matrix.map((r) => [...r]);
	const pivots: number[] = [];
	let r = 0;
	for (let j = 0; j < k && r < a.length; j++) {
		let best = -1;
		for (let i = r; i < a.length; i++) if (Math.abs(a[i]![j]!) > 1e-9 && (best < 0 || Math.abs(a[i]![j]!) > Math.abs(a[best]![j]!))) best = i;
		if (best < 0) continue;
		[a[r], a[best]] = [a[best]!, a[r]!];
		const pv = a[r]![j]!;
		for (let c = 0; c < k; c++) a[r]![c]! /= pv;
		for (let i = 0; i < a.length; i++) {
			if (i === r || Math.abs(a[i]![j]!) < 1e-12) continue;
			const f = a[i]![j]!;
			for (let c = 0; c < k; c++) a[i]![c]! -= f * a[r]![c]!;
		}
		pivots.push(j);
		r++;
	}
	const isPivot = new Set(pivots);
	const out: string[] = [];
	pivots.forEach((j, row) => {
		for (let c = 0; c < k; c++) if (!isPivot.has(c) && Math.abs(a[row]![c]!) > 1e-9) return;
		out.push(keyOf(hidden[j]!.domain));
	});
	return out;
}

export const attackKey = keyOf;

/** Flags a viewer's hidden row may carry: why it is hidden, never a hint of its value. */
export const VIEWER_HIDDEN_FLAGS = new Set(['no_respondents', 'n_below_min', 'n_eff_below_min', 'too_imprecise', 'complementary']);
