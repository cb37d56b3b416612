/**
 * A borough portrait's findings, ranked like the overview's (`rankFindings`): the significant
 * differences from the rest of the city and the significant changes since the previous wave, for
 * everyone in the borough, then the same differences for the young women and young men aged
 * 12–24. Read from the portrait's own lines, so a finding says the numbers the page shows, and
 * never from a value that is suppressed or has no comparison.
 */
import type { CellStatus } from '../../charts/cell-status';
import { rankFindings, type Finding } from './findings';

/** A comparison as the portrait has it: the verdict, the other group's value and, for a change, its wave. */
interface LineVerdict { verdict: 'higher' | 'lower' | 'no_difference'; other: number; wave?: string }

/** The parts of a portrait line a finding is read from. */
interface LineLike {
	borough: { estimate: number | null; status: CellStatus };
	rest: LineVerdict | null;
	previous: LineVerdict | null;
}

/** The parts of a portrait indicator a finding is read from, with its scale (1 for a share, max − min for a mean). */
export interface FindingSource {
	id: string;
	type: 'proportion' | 'mean';
	range: number;
	all: LineLike;
	youth: ({ gender: 'woman' | 'man' | null } & LineLike)[];
}

/** The youth sides that may give a finding, as `Finding.group`. */
export type PortraitGroup = 'youth-woman' | 'youth-man';

function candidate(s: FindingSource, line: LineLike, kind: 'rest' | 'change', group: PortraitGroup | null, borough: string): Finding | null {
	const c = kind === 'rest' ? line.rest : line.previous;
	const value = line.borough.estimate;
	if (!c || c.verdict === 'no_difference' || value === null || line.borough.status === 'suppressed' || line.borough.status === 'no_data') return null;
	return { kind, indicator: s.id, type: s.type, borough, value, other: c.other, verdict: c.verdict, since: kind === 'change' ? c.wave ?? null : null,
		size: Math.abs(value - c.other) / (s.range || 1), ...(group ? { group } : {}) };
}

/**
 * The portrait's findings, most important first: everyone's differences and changes, then the
 * young people's (a subgroup leads only when its difference is much larger: `SUBGROUP_WEIGHT`).
 * At most one finding of each kind and group per indicator, as on the overview.
 */
export function portraitFindings(sources: readonly FindingSource[], borough: string): Finding[] {
	const candidates: Finding[] = [];
	for (const s of sources) {
		candidates.push(...[candidate(s, s.all, 'rest', null, borough), candidate(s, s.all, 'change', null, borough)].filter((c): c is Finding => c !== null));
		for (const gender of ['woman', 'man'] as const) {
			const line = s.youth.find((y) => y.gender === gender);
			const c = line ? candidate(s, line, 'rest', `youth-${gender}`, borough) : null;
			if (c) candidates.push(c);
		}
	}
	return rankFindings(candidates, Infinity);
}
