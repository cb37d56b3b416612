/**
 * How well one column fits one core role, from its name and from its values, with the reasons.
 * Scores add a name part (a usual name 0.6, a part of one 0.3) and a value part (up to 0.4), so a
 * column needs both, or a very telling name, to be proposed with confidence.
 */
import type { CoreRole } from '../column-mapping';
import { canonicalGender } from '../survey/schema';
import { nameEvidence } from './aliases';
import { distinct, sortedValues, type ColumnProfile } from './profile';

export interface Reason {
	code: string;
	params?: Record<string, string | number>;
}

export interface Score {
	score: number;
	reasons: Reason[];
}

const NAME_ALIAS = 0.6;
const NAME_PART = 0.3;
const AGE_GROUP = /^\s*(\d{1,3}\s*[-–à]\s*\d{1,3}|\d{1,3}\s*\+|\d{1,3}\s*(ans|years|años)?\s*(et plus|and over|y más))\s*$/i;

/** Codes usual for "don't know" and "no answer", which may sit beside a variable's real codes. */
export const MISSING_LIKE = new Set(['8', '9', '98', '99', '999', '-1', '-9']);

function nameScore(p: ColumnProfile, role: CoreRole): Score {
	const e = nameEvidence(p.header, role);
	if (!e) return { score: 0, reasons: [] };
	if (e.kind === 'alias') return { score: NAME_ALIAS, reasons: [e.language ? { code: 'alias', params: { language: e.language, role } } : { code: 'alias_common', params: { role } }] };
	return { score: NAME_PART, reasons: [{ code: 'alias_part', params: { part: e.part } }] };
}

const list = (vs: string[], n = 6) => vs.slice(0, n).join(', ') + (vs.length > n ? ', …' : '');

function genderValues(p: ColumnProfile): Score {
	const vs = sortedValues(p);
	if (vs.length === 0) return { score: 0, reasons: [] };
	const words = vs.filter((v) => canonicalGender(v) !== undefined);
	if (words.length >= Math.max(2, vs.length - 1) && !p.numeric) return { score: 0.4, reasons: [{ code: 'gender_words', params: { codes: list(vs) } }] };
	const real = vs.filter((v) => !MISSING_LIKE.has(v));
	if (p.integer && real.length >= 2 && real.length <= 3 && real.every((v) => ['0', '1', '2', '3'].includes(v)))
		return { score: 0.2, reasons: [{ code: 'gender_codes', params: { count: vs.length, codes: list(vs) } }] };
	return { score: 0, reasons: [] };
}

function ageValues(p: ColumnProfile): Score {
	const real = [...p.counts.keys()].filter((v) => !MISSING_LIKE.has(v) || Number(v) < 90).map(Number);
	if (!p.integer || p.leadingZeros || distinct(p) < 10 || real.length === 0) return { score: 0, reasons: [] };
	const min = Math.min(...real), max = Math.max(...real);
	if (min < 10 || max > 120) return { score: 0, reasons: [] };
	return { score: 0.35, reasons: [{ code: 'ages', params: { min, max } }] };
}

function ageGroupValues(p: ColumnProfile): Score {
	const vs = [...p.counts.keys()];
	if (vs.length < 2 || vs.length > 20) return { score: 0, reasons: [] };
	const groups = vs.filter((v) => AGE_GROUP.test(v));
	if (groups.length < vs.length * 0.8) return { score: 0, reasons: [] };
	return { score: 0.4, reasons: [{ code: 'age_groups', params: { codes: list(sortedValues(p)) } }] };
}

function weightValues(p: ColumnProfile): Score {
	if (!p.numeric || p.leadingZeros || !(p.min > 0) || distinct(p) < Math.max(10, p.rows * 0.02)) return { score: 0, reasons: [] };
	const ratio = p.max / p.min;
	if (ratio < 1.5) return { score: 0, reasons: [] };
	// Whole numbers up to 120 are more likely ages or scores than weights.
	if (p.integer && p.max <= 120) return { score: 0.1, reasons: [] };
	const round = (x: number) => Number(x.toPrecision(4));
	// Counts and amounts look the same: whole numbers alone do not make a weight.
	return { score: p.integer ? 0.25 : 0.35, reasons: [{ code: 'weights', params: { min: round(p.min), max: round(p.max), ratio: Math.round(ratio) } }] };
}

function idValues(p: ColumnProfile): Score {
	if (p.blanks > 0 || distinct(p) !== p.rows || p.rows < 2) return { score: 0, reasons: [] };
	if (p.numeric && !p.integer) return { score: 0, reasons: [] }; // unique decimals are measurements
	const codeLike = [...p.counts.keys()].every((v) => v.length <= 64 && !/\s/.test(v));
	return { score: codeLike ? 0.35 : 0.1, reasons: [{ code: 'unique' }] };
}

function areaValues(p: ColumnProfile, matched: { matched: number; geography: string } | undefined): Score {
	const d = distinct(p);
	if (d < 1) return { score: 0, reasons: [] };
	if (matched && matched.matched >= Math.max(1, d * 0.5))
		return { score: 0.4, reasons: [{ code: 'areas_match', params: { matched: matched.matched, count: d, geography: matched.geography } }] };
	if (!p.numeric && d >= 2 && d <= 500 && d <= p.rows / 2) return { score: 0.2, reasons: [{ code: 'area_names', params: { count: d } }] };
	return { score: 0, reasons: [] };
}

function waveValues(p: ColumnProfile): Score {
	if (distinct(p) !== 1 || p.blanks > 0) return { score: 0, reasons: [] };
	return { score: 0.2, reasons: [{ code: 'constant', params: { value: [...p.counts.keys()][0]! } }] };
}

/** Score of a column for a role that needs no other column (strata and PSUs are scored in pairs, see design.ts). */
export function scoreColumn(p: ColumnProfile, role: Exclude<CoreRole, 'stratum' | 'psu'>,
	areaMatch?: { matched: number; geography: string }): Score {
	const name = nameScore(p, role);
	// A column with one value is a wave only if its name says so.
	const values = role === 'gender' ? genderValues(p) : role === 'age' ? ageValues(p) : role === 'age_group' ? ageGroupValues(p)
		: role === 'weight' ? weightValues(p) : role === 'respondent_id' ? idValues(p) : role === 'borough' ? areaValues(p, areaMatch)
		: role === 'fpc' ? { score: name.score > 0 && p.numeric && p.min > 0 ? 0.2 : 0, reasons: [] }
		: name.score > 0 ? waveValues(p) : { score: 0, reasons: [] };
	// A name alone proposes a column only if its values do not contradict it (a "sex" column with 40 codes is not a gender).
	const contradicted = name.score > 0 && values.score === 0 && (role === 'gender' || role === 'age' || role === 'weight' || role === 'respondent_id');
	const score = contradicted ? name.score / 2 : name.score + values.score;
	return { score, reasons: [...name.reasons, ...values.reasons] };
}

/** The name part of a design column's score. */
export function designNameScore(p: ColumnProfile, role: 'stratum' | 'psu'): Score {
	return nameScore(p, role);
}
