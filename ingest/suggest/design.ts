/**
 * Strata and PSUs found from the values: a PSU column repeats each id on a few rows (the
 * respondents of one cluster), and every id lies within one value of the stratum column, which
 * has fewer values, each holding several PSUs. Names weigh in as for the other roles.
 */
import { distinct, nestedIn, type ColumnProfile } from './profile';
import { designNameScore, type Reason } from './score';

export interface DesignCandidate {
	role: 'stratum' | 'psu';
	index: number;
	score: number;
	reasons: Reason[];
}

/** At most this many columns of each kind are paired (a 350-column export stays quick). */
const MAX_PSU_COLUMNS = 20;
const MAX_STRATUM_COLUMNS = 60;

const isPsuLike = (p: ColumnProfile) =>
	(!p.numeric || p.integer) && distinct(p) >= 4 && distinct(p) <= p.rows / 1.3 && p.blanks === 0;
const isStratumLike = (p: ColumnProfile) => (!p.numeric || p.integer) && distinct(p) >= 1 && distinct(p) <= 200 && p.blanks === 0;

/** Columns with a telling name first, then in file order. */
function shortlist(profiles: ColumnProfile[], role: 'stratum' | 'psu', keep: (p: ColumnProfile) => boolean, max: number): ColumnProfile[] {
	return profiles.filter(keep)
		.map((p) => ({ p, name: designNameScore(p, role).score }))
		.sort((a, b) => b.name - a.name || a.p.index - b.p.index)
		.slice(0, max)
		.map((x) => x.p);
}

/**
 * Candidates for the stratum and PSU roles. `rows` are the rows read (cells by column index);
 * `taken` are columns already given to another role with more certainty.
 */
export function designCandidates(profiles: ColumnProfile[], rows: string[][], taken: Set<number>): DesignCandidate[] {
	const free = profiles.filter((p) => !taken.has(p.index));
	const psus = shortlist(free, 'psu', isPsuLike, MAX_PSU_COLUMNS);
	const strata = shortlist(free, 'stratum', isStratumLike, MAX_STRATUM_COLUMNS);
	const out: DesignCandidate[] = [];
	const strataFound = new Map<number, { score: number; reasons: Reason[] }>();
	for (const p of psus) {
		const name = designNameScore(p, 'psu');
		// The stratum this PSU column nests in best: a telling name first, then the fewest values.
		let best: { s: ColumnProfile; name: number } | null = null;
		for (const s of strata) {
			if (s.index === p.index || distinct(s) * 2 > distinct(p)) continue;
			if (!nestedIn(rows, p.index, s.index)) continue;
			const sName = designNameScore(s, 'stratum').score;
			if (!best || sName > best.name || (sName === best.name && distinct(s) < distinct(best.s))) best = { s, name: sName };
		}
		const per = Math.round((p.rows / distinct(p)) * 10) / 10;
		if (best) {
			out.push({ role: 'psu', index: p.index, score: name.score + 0.35,
				reasons: [...name.reasons, { code: 'nested', params: { count: distinct(p), per, stratum: best.s.header } }] });
			const sName = designNameScore(best.s, 'stratum');
			const prev = strataFound.get(best.s.index);
			const score = sName.score + (distinct(best.s) >= 2 ? 0.3 : 0.1);
			if (!prev || prev.score < score)
				strataFound.set(best.s.index, { score, reasons: [...sName.reasons, { code: 'strata', params: { count: distinct(best.s) } }] });
		} else if (name.score > 0) out.push({ role: 'psu', index: p.index, score: name.score, reasons: name.reasons });
	}
	for (const [index, s] of strataFound) out.push({ role: 'stratum', index, ...s });
	// A stratum named as such, even without a PSU column nested in it (a stratified sample without clusters).
	for (const s of strata) {
		const name = designNameScore(s, 'stratum');
		if (name.score > 0 && !strataFound.has(s.index)) out.push({ role: 'stratum', index: s.index, score: name.score, reasons: name.reasons });
	}
	return out;
}
