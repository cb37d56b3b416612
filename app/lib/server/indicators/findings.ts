/**
 * The overview's key findings: the largest statistically significant differences of a borough
 * from the rest of the city, and the significant changes since the previous wave, for the whole
 * city or one borough. Always computed from the viewer's tables (suppressed, in the published
 * categories), whoever asks: a finding is a sentence on the first screen, and a hidden cell or a
 * comparison the published tables withhold never becomes one.
 */
import type { Db } from '../../../../db/connection';
import type { EstimateRow } from '../../engine/types';
import { loadCatalog } from '../settings/catalog';
import { prepareIfAvailable, tabulate } from './survey';

export interface Finding {
	kind: 'rest' | 'change';
	indicator: string;
	type: 'proportion' | 'mean';
	/** The borough the finding is about; null for the whole city (a change of the city's value). */
	borough: string | null;
	value: number;
	/** The rest of the city's value, or the previous wave's. */
	other: number;
	verdict: 'higher' | 'lower';
	/** For a change: the previous wave. */
	since: string | null;
	/** The difference on a common scale (share points; a mean's points over its range): what ranks the findings. */
	size: number;
	/**
	 * The part of the population the finding is about (the young women of a portrait, as a key
	 * the caller words); absent for everyone. A subgroup's finding ranks after everyone's of
	 * similar size: the first sentence of a screen is about the whole borough.
	 */
	group?: string;
}

/** A candidate before ranking: a significant comparison read from a published row. */
type Candidate = Finding;

const MAX_FINDINGS = 5;
const PER_BOROUGH = 2;
/**
 * How much a subgroup's difference counts against everyone's when ranking: a subgroup leads only
 * when its difference is at least twice as large (its sample is smaller, its story narrower).
 */
export const SUBGROUP_WEIGHT = 0.5;

/**
 * The findings of a wave for the whole city (`borough` null) or one borough (its name in the
 * tables). Each indicator gives at most one finding of each kind, so that five findings are not
 * five boroughs of the same indicator.
 */
export function keyFindings(db: Db, wave: string, borough: string | null): Finding[] {
	const candidates: Candidate[] = [];
	const request = { ci: 'kg' as const, suppress: true, published: true };
	for (const def of loadCatalog(db).indicators) {
		if (def.type === 'distribution') continue;
		const prepared = prepareIfAvailable(db, { indicator: def.id, wave, design: 'auto' });
		if (!prepared) continue;
		const type = def.type === 'mean' ? 'mean' : 'proportion';
		const range = def.recode.kind === 'value' ? def.recode.max - def.recode.min : 1;
		const byBorough = tabulate(db, prepared, { ...request, by: ['borough'], compare: ['rest', 'previous_wave'] }).rows;
		const city = tabulate(db, prepared, { ...request, by: [], compare: ['previous_wave'] }).rows[0];
		const mine = borough === null ? byBorough : byBorough.filter((r) => r.domain.borough === borough);
		const base = { indicator: def.id, type, range } as const;
		const rest = mine.map((r) => fromRest(base, r)).filter((c): c is Candidate => c !== null);
		const changes = [borough === null ? city : mine[0]].map((r) => (r ? fromChange(base, r, borough) : null)).filter((c): c is Candidate => c !== null);
		candidates.push(...largest(rest, 1), ...largest(changes, 1));
	}
	return rankFindings(candidates, borough === null ? PER_BOROUGH : Infinity);
}

interface Base { indicator: string; type: 'proportion' | 'mean'; range: number }

function fromRest(b: Base, r: EstimateRow): Candidate | null {
	const c = r.comparisons?.rest;
	if (!c || c.verdict === 'no_difference' || r.estimate === null || r.reliability === 'suppressed' || !r.domain.borough) return null;
	return { kind: 'rest', indicator: b.indicator, type: b.type, borough: r.domain.borough, value: r.estimate, other: c.other,
		verdict: c.verdict, since: null, size: Math.abs(c.difference) / b.range };
}

function fromChange(b: Base, r: EstimateRow, borough: string | null): Candidate | null {
	const c = r.comparisons?.previous_wave;
	if (!c || c.verdict === 'no_difference' || r.estimate === null || r.reliability === 'suppressed') return null;
	return { kind: 'change', indicator: b.indicator, type: b.type, borough, value: r.estimate, other: c.other,
		verdict: c.verdict, since: c.wave, size: Math.abs(c.difference) / b.range };
}

const largest = (cs: Candidate[], k: number) => [...cs].sort((a, b) => b.size - a.size).slice(0, k);

/** What ranks a finding: its size, a subgroup's discounted by `SUBGROUP_WEIGHT`. */
export const weightOf = (f: Finding) => f.size * (f.group ? SUBGROUP_WEIGHT : 1);

/**
 * The five largest findings, largest first (a subgroup's after everyone's of similar size: see
 * `weightOf`), at most `perBorough` about one borough (the city's
 * screen speaks of several; a borough's own screen passes Infinity); changes since the previous
 * wave keep at least one place when there is one (the question "what changed?" is asked of every
 * first screen).
 *
 * @example rankFindings([rest 0.12, rest 0.10, rest 0.09, rest 0.08, rest 0.07, change 0.02]) → the four largest differences, then the change
 */
export function rankFindings(candidates: readonly Finding[], perBorough = PER_BOROUGH): Finding[] {
	const sorted = [...candidates].sort((a, b) => weightOf(b) - weightOf(a) || (a.group ? 1 : 0) - (b.group ? 1 : 0) || a.indicator.localeCompare(b.indicator));
	const per = new Map<string | null, number>();
	const top = sorted.filter((c) => {
		const k = per.get(c.borough) ?? 0;
		if (c.borough !== null && k >= perBorough) return false;
		per.set(c.borough, k + 1);
		return true;
	}).slice(0, MAX_FINDINGS);
	const change = sorted.find((c) => c.kind === 'change');
	if (change && !top.includes(change) && top.length === MAX_FINDINGS) top[MAX_FINDINGS - 1] = change;
	return top;
}
