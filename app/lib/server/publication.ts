/**
 * What of one indicator, wave and design may be published: the suppression pattern over every
 * table a reader can get (the whole city; by borough, age group, gender; every cross of two; the
 * full cross; the 12–24 year-olds beside their age groups), computed once with the estimates and
 * kept while the data does not change. Every table shown to a viewer — pages, tooltips, the API,
 * exports, the map — takes its hidden cells from here, so that no table gives away what another
 * hides.
 *
 * Gender: when non-binary respondents are too few to publish by borough (fewer than half of
 * their borough cells pass the reliability rules), the tables use the two-category gender of
 * Statistics Canada's 2021 Census (Women+, Men+) at every level, and non-binary people are
 * published on their own only where they hold (the whole city, by age group, by borough), beside
 * the two groups. Publishing women at one level and Women+ at another would let a reader
 * subtract one from the other and learn about the non-binary people counted in Women+, a group
 * too small to publish.
 */
import type { Db } from '../../../db/connection';
import { mergeAgeGroups, YOUTH } from '../engine/age-regroup';
import { estimateDomains, type DomainResult } from '../engine/estimate';
import { NON_BINARY, TWO_GENDERS, twoCategoryGender } from '../engine/gender-groups';
import { buildEquations, domainKey } from '../engine/hierarchy';
import { protect, type CellState, type ProtectedCell } from '../engine/protection';
import type { SurveyFrame } from '../engine/frame';
import type { Domain, DomainVariable } from '../engine/types';
import { dataVersion } from './data-version';
import type { PreparedIndicator } from './indicators';

export const PUBLISHED_VARIABLES: readonly DomainVariable[] = ['borough', 'age_group', 'gender'];
const KEY_VARIABLES = [...PUBLISHED_VARIABLES, 'category'];

/** A hidden cell as a viewer may learn it: why, in words that say nothing of its value. */
export interface HiddenCell {
	state: Extract<CellState, 'primary' | 'complementary'>;
	reasons: string[];
}

export interface Publication {
	/** `three`: woman, man, non-binary everywhere; `two`: Women+ and Men+, non-binary apart where it holds. */
	gender: 'three' | 'two';
	/** Breakdowns (variables joined by `,`) where non-binary people are published beside Women+ and Men+. */
	nonBinaryLevels: Set<string>;
	hidden: Map<string, HiddenCell>;
	/** Every cell of the published tables, hidden or not (by the same key). */
	published: Set<string>;
	/** Counts for the logs, the tests and the documentation. */
	summary: { cells: number; primary: number; complementary: number; exact: number };
}

/** The reasons a viewer sees for a hidden cell: the coarse kind of problem, never its direction. */
export function viewerReasons(flags: readonly string[]): string[] {
	const out = new Set<string>();
	for (const f of flags) {
		if (f === 'no_respondents' || f === 'n_below_min' || f === 'n_eff_below_min') out.add(f);
		else if (f === 'ci_too_wide' || f === 'relative_ci_too_wide' || f === 'ci_undefined' || f === 'cv_too_high') out.add('too_imprecise');
	}
	return [...out];
}

export const levelName = (by: readonly string[]) => PUBLISHED_VARIABLES.filter((v) => by.includes(v)).join(',');
export const publishedKey = (d: Domain) => domainKey(d, KEY_VARIABLES);

const kept = new WeakMap<SurveyFrame, { version: string; byKey: Map<string, Publication> }>();

/** The publication pattern of a prepared indicator (its wave's dataset and design). */
export function publication(db: Db, p: PreparedIndicator): Publication {
	const version = dataVersion(db);
	let k = kept.get(p.frame);
	if (!k || k.version !== version) kept.set(p.frame, (k = { version, byKey: new Map() }));
	const key = JSON.stringify([p.def.id, p.dataset.id, p.design, p.rules]);
	let out = k.byKey.get(key);
	if (!out) k.byKey.set(key, (out = computePublication(p)));
	return out;
}

/** The frame a viewer's table is computed on: Women+ / Men+ when the pattern says so and gender is in the breakdown. */
export function viewerFrame(pub: Publication, frame: SurveyFrame, by: readonly DomainVariable[]): SurveyFrame {
	return pub.gender === 'two' && by.includes('gender') ? twoGendersOf(frame) : frame;
}

const twoGendersCache = new WeakMap<SurveyFrame, SurveyFrame>();
function twoGendersOf(frame: SurveyFrame): SurveyFrame {
	let f = twoGendersCache.get(frame);
	if (!f) twoGendersCache.set(frame, (f = twoCategoryGender(frame)));
	return f;
}

interface Cell extends ProtectedCell {
	domain: Domain;
	reasons: string[];
}

function computePublication(p: PreparedIndicator): Publication {
	const kind = p.def.type === 'mean' ? 'mean' : 'proportion';
	const ages = p.frame.factors.age_group.levels;
	const youth = YOUTH.members.every((m) => ages.includes(m)) ? YOUTH : null;
	const run = (frame: SurveyFrame, by: DomainVariable[], y: Float64Array): DomainResult[] => {
		const rows = estimateDomains(frame, y, { kind, by, design: p.design, ciMethod: 'kg', rules: p.rules });
		if (!youth || !by.includes('age_group')) return rows;
		return [...rows, ...estimateDomains(mergeAgeGroups(frame, youth.label, youth.members), y, { kind, by, design: p.design, ciMethod: 'kg', rules: p.rules })];
	};
	const gender = chooseGender(p, run);
	const levels = subsets(PUBLISHED_VARIABLES);
	const cells: Cell[] = [];
	const nonBinaryLevels = new Set<string>();
	for (const v of p.values) {
		const tag = (d: Domain): Domain => (v.category === undefined ? d : { ...d, category: v.category });
		for (const by of levels) {
			const frame = by.includes('gender') ? viewerFrame({ gender } as Publication, p.frame, by) : p.frame;
			for (const r of run(frame, by, v.y)) cells.push(cellOf(r, tag(r.domain)));
		}
	}
	if (gender === 'two') {
		// Non-binary people on their own, where most of their cells pass the rules (never the full cross).
		for (const by of levels.filter((b) => b.includes('gender') && b.length < PUBLISHED_VARIABLES.length)) {
			const perValue = p.values.map((v) => ({ v, rows: run(p.frame, by, v.y).filter((r) => r.domain.gender === NON_BINARY) }));
			const all = perValue.flatMap((x) => x.rows);
			if (!holds(all)) continue;
			nonBinaryLevels.add(levelName(by));
			for (const { v, rows } of perValue) for (const r of rows) cells.push(cellOf(r, v.category === undefined ? r.domain : { ...r.domain, category: v.category }));
		}
	}
	const margin = kind === 'mean' && p.def.recode.kind === 'value' ? 0.005 * (p.def.recode.max - p.def.recode.min) : 0.005;
	const equations = buildEquations(cells, {
		variables: PUBLISHED_VARIABLES,
		partitions: {
			borough: p.frame.factors.borough.levels,
			age_group: ages,
			gender: gender === 'two' ? TWO_GENDERS : p.frame.factors.gender.levels
		},
		derived: youth ? [{ variable: 'age_group', ...youth }] : [],
		shares: p.def.recode.kind === 'categories' ? { variable: 'category', values: p.def.recode.categories } : undefined,
		kind: 'mean',
		margin
	});
	const { states, exact } = protect(cells, equations);
	const hidden = new Map<string, HiddenCell>();
	let primary = 0, complementary = 0;
	states.forEach((s, i) => {
		if (s !== 'primary' && s !== 'complementary') return;
		if (s === 'primary') primary++;
		else complementary++;
		hidden.set(publishedKey(cells[i]!.domain), { state: s, reasons: s === 'primary' ? cells[i]!.reasons : ['complementary'] });
	});
	return { gender, nonBinaryLevels, hidden, published: new Set(cells.map((c) => publishedKey(c.domain))), summary: { cells: cells.length, primary, complementary, exact } };
}

function cellOf(r: DomainResult, domain: Domain): Cell {
	if (r.n === 0) return { domain, size: 0, value: null, primary: false, fixed: 'empty', reasons: [] };
	return { domain, size: r.weighted_n, value: r.estimate, primary: r.reliability === 'suppressed', reasons: viewerReasons(r.flags) };
}

/** Most cells (at least half) pass the rules: the group can be published on its own at this level. */
function holds(rows: readonly DomainResult[]): boolean {
	if (rows.length === 0) return false;
	return rows.filter((r) => r.n > 0 && r.reliability !== 'suppressed').length * 2 >= rows.length;
}

/**
 * Three categories when there are no non-binary respondents, or when they hold by borough and by
 * borough × age group; else Women+ and Men+.
 */
function chooseGender(p: PreparedIndicator, run: (f: SurveyFrame, by: DomainVariable[], y: Float64Array) => DomainResult[]): 'three' | 'two' {
	const nb = p.frame.factors.gender.levels.indexOf(NON_BINARY);
	if (nb < 0) return 'three';
	const codes = p.frame.factors.gender.codes;
	let any = false;
	for (let i = 0; i < codes.length && !any; i++) any = codes[i] === nb;
	if (!any) return 'three';
	for (const by of [['borough', 'gender'], ['borough', 'age_group', 'gender']] as DomainVariable[][]) {
		const rows = p.values.flatMap((v) => run(p.frame, by, v.y).filter((r) => r.domain.gender === NON_BINARY && r.domain.age_group !== YOUTH.label));
		if (!holds(rows)) return 'two';
	}
	return 'three';
}

/** Every subset of the variables, in their order: [], [a], [b], [a, b], … */
function subsets<T>(vars: readonly T[]): T[][] {
	const out: T[][] = [];
	for (let mask = 0; mask < 1 << vars.length; mask++) out.push(vars.filter((_, i) => mask & (1 << i)));
	return out;
}
