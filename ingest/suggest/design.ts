/**
 * Strata and PSUs found from the values: a PSU column repeats each id on a few rows (the
 * respondents of one cluster) within one value of the stratum column, which has fewer values,
 * each holding several PSUs. PSU ids may be unique in the sample or numbered within each stratum
 * (both read the same way: PSUs nested in strata). A pair is proposed only when a name says so
 * too: the values alone (gender × age also clusters rows) are not enough.
 */
import { clustering, distinct, type ColumnProfile } from './profile';
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
/** The values' share of a design column's score, when a name backs the pair. */
const VALUES = { psu: 0.35, stratum: 0.3 };

const isPsuLike = (p: ColumnProfile) => (!p.numeric || p.integer) && distinct(p) >= 2 && p.blanks === 0;
const isStratumLike = (p: ColumnProfile) => (!p.numeric || p.integer) && distinct(p) >= 2 && distinct(p) <= 200 && p.blanks === 0;

/** Columns with a telling name first, then in file order. */
function shortlist(profiles: ColumnProfile[], role: 'stratum' | 'psu', keep: (p: ColumnProfile) => boolean, max: number): ColumnProfile[] {
	return profiles.filter(keep)
		.map((p) => ({ p, name: designNameScore(p, role).score }))
		.sort((a, b) => b.name - a.name || a.p.index - b.p.index)
		.slice(0, max)
		.map((x) => x.p);
}

/** Whether `p` clusters the rows within `s`: several PSUs per stratum, several rows per PSU. */
function clusters(rows: string[][], p: ColumnProfile, s: ColumnProfile) {
	const c = clustering(rows, p.index, s.index);
	const per = p.rows / c.pairs;
	return c.pairs >= 2 * distinct(s) && per >= 1.3 && per <= p.rows / 4 ? { ...c, per: Math.round(per * 10) / 10 } : null;
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
		const pName = designNameScore(p, 'psu');
		// The stratum this PSU column clusters in best: a telling name first, then the fewest values.
		let best: { s: ColumnProfile; name: number; per: number; pairs: number } | null = null;
		for (const s of strata) {
			if (s.index === p.index) continue;
			const sName = designNameScore(s, 'stratum').score;
			if (pName.score === 0 && sName === 0) continue;
			const c = clusters(rows, p, s);
			if (c && (!best || sName > best.name || (sName === best.name && distinct(s) < distinct(best.s)))) best = { s, name: sName, ...c };
		}
		if (best) {
			out.push({ role: 'psu', index: p.index, score: pName.score + VALUES.psu,
				reasons: [...pName.reasons, { code: 'nested', params: { count: best.pairs, per: best.per, stratum: best.s.header } }] });
			const sName = designNameScore(best.s, 'stratum');
			const score = sName.score + VALUES.stratum;
			const prev = strataFound.get(best.s.index);
			if (!prev || prev.score < score)
				strataFound.set(best.s.index, { score, reasons: [...sName.reasons, { code: 'strata', params: { count: distinct(best.s) } }] });
		} else if (pName.score > 0) out.push({ role: 'psu', index: p.index, score: pName.score, reasons: pName.reasons });
	}
	for (const [index, s] of strataFound) out.push({ role: 'stratum', index, ...s });
	// A stratum named as such, even without a PSU column in it (a stratified sample without clusters).
	for (const s of strata) {
		const name = designNameScore(s, 'stratum');
		if (name.score > 0 && !strataFound.has(s.index)) out.push({ role: 'stratum', index: s.index, score: name.score, reasons: name.reasons });
	}
	return out;
}
