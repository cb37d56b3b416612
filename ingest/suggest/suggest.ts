/**
 * The mapping assistant: for each core role, the columns of a file that may play it, ranked, with
 * a confidence and the reasons (names in French, English and Spanish; values), and the one the
 * draft mapping takes. Reads only the rows it is given (the head of the file).
 */
import { CORE_ROLES, type ColumnSource, type CoreRole } from '../column-mapping';
import { nameKey, type NameCandidate } from '../names';
import type { RoleCandidate } from '../report';
import { designCandidates } from './design';
import { distinct, profileColumns, type ColumnProfile } from './profile';
import { scoreColumn, type Reason } from './score';
import { findJoinedKey } from './joined-key';
import { replicateSeries } from './replicates';

export interface Geography {
	name: string;
	areas: NameCandidate[];
}

export interface RoleChoice {
	source: ColumnSource;
	confidence: RoleCandidate['confidence'];
	reasons: Reason[];
}

export interface MappingSuggestion {
	rows: number;
	profiles: ColumnProfile[];
	/** Every role's candidates, best first (empty when nothing fits). */
	candidates: Record<CoreRole, RoleCandidate[]>;
	/** What the draft takes for each role it fills. */
	chosen: Partial<Record<CoreRole, RoleChoice>>;
	/** Replicate weight columns found as a numbered series. */
	replicates: { prefix: string; count: number } | null;
	/** The geography whose areas the area column's values match best, and how many match. */
	areaMatch: { geography: string; matched: number; count: number } | null;
}

/** A proposal below this score is listed, not taken into the draft. */
const MIN_SCORE = 0.35;

export function confidenceOf(score: number): RoleCandidate['confidence'] {
	return score >= 0.75 ? 'high' : score >= 0.45 ? 'medium' : 'low';
}

type Scored = { role: CoreRole; index: number; score: number; reasons: Reason[] };

/** How many distinct values of a column are area names of each geography: the best geography. */
function bestGeography(p: ColumnProfile, geographies: Geography[]): { geography: string; matched: number } | undefined {
	let best: { geography: string; matched: number } | undefined;
	for (const g of geographies) {
		const keys = new Set(g.areas.map((a) => a.key));
		let matched = 0;
		for (const v of p.counts.keys()) if (keys.has(nameKey(v))) matched++;
		if (matched > 0 && (!best || matched > best.matched)) best = { geography: g.name, matched };
	}
	return best;
}

function scoreAll(profiles: ColumnProfile[], rows: string[][], geographies: Geography[], excluded: Set<number>): Scored[] {
	const out: Scored[] = [];
	const simple = CORE_ROLES.filter((r): r is Exclude<CoreRole, 'stratum' | 'psu'> => r !== 'stratum' && r !== 'psu');
	for (const p of profiles) {
		if (excluded.has(p.index)) continue;
		const area = bestGeography(p, geographies);
		for (const role of simple) {
			const s = scoreColumn(p, role, area);
			if (s.score > 0) out.push({ role, index: p.index, ...s });
		}
	}
	// Strata and PSUs are looked for among the columns no other role claims with confidence.
	const sure = new Set(out.filter((s) => s.score >= 0.75 && s.role !== 'respondent_id').map((s) => s.index));
	for (const d of designCandidates(profiles, rows, new Set([...sure, ...excluded]))) out.push(d);
	return out;
}

/** One column per role and one role per column, the highest scores first. */
function assign(scored: Scored[]): Map<CoreRole, Scored> {
	const byRole = new Map<CoreRole, Scored>();
	const used = new Set<number>();
	for (const s of [...scored].sort((a, b) => b.score - a.score || a.index - b.index)) {
		if (s.score < MIN_SCORE || byRole.has(s.role) || used.has(s.index)) continue;
		// One of age or age group is enough.
		if ((s.role === 'age_group' && byRole.has('age')) || (s.role === 'age' && byRole.has('age_group'))) continue;
		byRole.set(s.role, s);
		used.add(s.index);
	}
	return byRole;
}

/**
 * Proposes a role for the columns of a file from its header and first rows.
 *
 * @example suggestRoles(['SEX', 'EDA', 'FACTOR'], rows, [montreal]).chosen.gender // { source: 'SEX', confidence: 'high', … }
 */
export function suggestRoles(header: string[], rows: string[][], geographies: Geography[], decimal: '.' | ',' = '.'): MappingSuggestion {
	const profiles = profileColumns(header, rows, decimal);
	const replicates = replicateSeries(profiles);
	const scored = scoreAll(profiles, rows, geographies, new Set(replicates?.indices ?? []));
	const candidates = Object.fromEntries(CORE_ROLES.map((role) => [role, scored
		.filter((s) => s.role === role && s.score >= MIN_SCORE / 2)
		.sort((a, b) => b.score - a.score || a.index - b.index)
		.slice(0, 5)
		.map((s): RoleCandidate => ({ column: header[s.index]!, confidence: confidenceOf(s.score), score: Math.round(s.score * 100) / 100, reasons: s.reasons }))])) as Record<CoreRole, RoleCandidate[]>;
	const byRole = assign(scored);
	const chosen: MappingSuggestion['chosen'] = {};
	for (const [role, s] of byRole) chosen[role] = { source: header[s.index]!, confidence: confidenceOf(s.score), reasons: s.reasons };
	if (!chosen.respondent_id) {
		const taken = new Set([...byRole.values()].filter((s) => s.role !== 'stratum' && s.role !== 'psu' && s.role !== 'borough').map((s) => s.index));
		const key = findJoinedKey(profiles, rows, new Set([...taken, ...(replicates?.indices ?? [])]));
		if (key) chosen.respondent_id = { source: { join: key.map((i) => header[i]!), separator: '-' }, confidence: 'low', reasons: [{ code: 'joined_unique' }] };
	}
	const area = byRole.get('borough');
	const match = area ? bestGeography(profiles[area.index]!, geographies) : undefined;
	return { rows: rows.length, profiles, candidates, chosen, replicates: replicates && { prefix: replicates.prefix, count: replicates.indices.length },
		areaMatch: area ? { geography: match?.geography ?? '', matched: match?.matched ?? 0, count: distinct(profiles[area.index]!) } : null };
}
