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
import type { Db } from '../../../../db/connection';
import { mergeAgeGroups, YOUTH } from '../../engine/age-regroup';
import { estimateDomains } from '../../engine/estimate';
import { judgeLevels, sumsFit, type JudgedCell, type LevelSpec } from '../../engine/cell-stats';
import { NON_BINARY, TWO_GENDERS, twoCategoryGender } from '../../engine/gender-groups';
import { buildEquations, domainKey } from '../../engine/hierarchy';
import { protect, type CellState, type ProtectedCell } from '../../engine/protection';
import type { SurveyFrame } from '../../engine/frame';
import type { Domain, DomainVariable } from '../../engine/types';
import { createHash } from 'node:crypto';
import { readPublicationPattern, writePublicationPatterns } from '../../../../db/publications';
import { cached } from '../cache/cache';
import type { PreparedIndicator } from './prepared';

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

/** Bumped when the method changes: stored patterns of another version are computed again. */
const METHOD_VERSION = 2;

/** The publication pattern of a prepared indicator (its wave's dataset and design): kept, stored, or computed. */
export function publication(db: Db, p: PreparedIndicator): Publication {
	const inputs = inputsOf(p);
	// What it is computed from: the dataset (never changed once loaded), the definition, the design and the rules (`inputs`).
	const params = [p.dataset.id, p.dataset.sha256, p.def.id, p.design, inputs];
	return cached(db, { kind: 'publication', params, locale: null, audience: 'public' }, () => {
		const stored = readPublicationPattern(db, { datasetId: p.dataset.id, indicator: p.def.id, design: p.design, inputs });
		return stored ? parsePattern(stored) : computePublication(p);
	});
}

/**
 * Computes and stores the patterns of every indicator of the catalog for a survey dataset, in
 * its own design (what the dashboard shows): run by whoever loads the wave, so that the first
 * page of the new wave does not wait. Indicators the file cannot give are skipped.
 */
export function storePublications(db: Db, prepared: readonly PreparedIndicator[]): number {
	const rows = prepared.map((p) => ({ datasetId: p.dataset.id, indicator: p.def.id, design: p.design, inputs: inputsOf(p),
		pattern: JSON.stringify(serialise(publication(db, p))) }));
	writePublicationPatterns(db, rows);
	return rows.length;
}

function inputsOf(p: PreparedIndicator): string {
	return createHash('sha256').update(JSON.stringify([METHOD_VERSION, p.def, p.rules])).digest('hex');
}

interface StoredPattern {
	gender: Publication['gender'];
	nonBinaryLevels: string[];
	hidden: [string, HiddenCell['state'], string[]][];
	published: string[];
	summary: Publication['summary'];
}

function serialise(pub: Publication): StoredPattern {
	return { gender: pub.gender, nonBinaryLevels: [...pub.nonBinaryLevels], hidden: [...pub.hidden].map(([k, h]) => [k, h.state, h.reasons]),
		published: [...pub.published], summary: pub.summary };
}

function parsePattern(json: string): Publication {
	const s = JSON.parse(json) as StoredPattern;
	return { gender: s.gender, nonBinaryLevels: new Set(s.nonBinaryLevels), hidden: new Map(s.hidden.map(([k, state, reasons]) => [k, { state, reasons }])),
		published: new Set(s.published), summary: s.summary };
}

/** The pattern computed with the given verdicts (tests compare the fast and the reference ones). */
export function publicationWith(p: PreparedIndicator, judge: Judge): Publication {
	return computePublication(p, judge);
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

/** Judges breakdowns of one indicator's values: every cell's n, size, estimate and reliability. */
type Judge = (y: Float64Array, specs: readonly LevelSpec[]) => JudgedCell[][];

/**
 * The rules' verdict on every cell, from sums per finest cell (cell-stats.ts). estimateDomains
 * on the matching frames gives the same verdicts, one pass per breakdown: tests compare them.
 */
export function fastJudge(p: PreparedIndicator): Judge {
	const kind = p.def.type === 'mean' ? 'mean' : 'proportion';
	return (y, specs) => judgeLevels(p.frame, y, specs, { kind, design: p.design, rules: p.rules });
}

/** The same verdicts, one estimateDomains pass per breakdown on the frame it describes (the reference). */
export function slowJudge(p: PreparedIndicator): Judge {
	const kind = p.def.type === 'mean' ? 'mean' : 'proportion';
	return (y, specs) => specs.map((spec) => {
		let frame = spec.gender === 'two' ? twoGendersOf(p.frame) : p.frame;
		if (spec.ages) frame = mergeAgeGroups(frame, spec.ages.label, spec.ages.members);
		const rows = estimateDomains(frame, y, { kind, by: spec.by, design: p.design, ciMethod: 'kg', rules: p.rules });
		return (spec.gender === 'non_binary' ? rows.filter((r) => r.domain.gender === NON_BINARY) : rows)
			.map(({ domain, n, weighted_n, estimate, reliability, flags }) => ({ domain, n, weighted_n, estimate, reliability, flags }));
	});
}

function computePublication(p: PreparedIndicator, judge: Judge = sumsFit(p.frame, p.design) ? fastJudge(p) : slowJudge(p)): Publication {
	const ages = p.frame.factors.age_group.levels;
	const youth = YOUTH.members.every((m) => ages.includes(m)) ? YOUTH : null;
	/** A breakdown and, when it has age groups, the same with the 12–24 year-olds. */
	const withYouth = (spec: LevelSpec): LevelSpec[] => (youth && spec.by.includes('age_group') ? [spec, { ...spec, ages: youth }] : [spec]);
	const levels = subsets(PUBLISHED_VARIABLES);
	const gender = chooseGender(p, judge);
	const view = gender === 'two' ? 'two' : 'survey';
	const specs = levels.flatMap((by) => withYouth({ by, gender: view }));
	// Non-binary people on their own, where most of their cells pass the rules (never the full cross).
	const apart = gender === 'two' ? levels.filter((b) => b.includes('gender') && b.length < PUBLISHED_VARIABLES.length) : [];
	const apartSpecs = apart.map((by) => withYouth({ by, gender: 'non_binary' }));
	const cells: Cell[] = [];
	const nonBinary: Cell[][] = apart.map(() => []);
	const verdicts: boolean[][] = apart.map(() => []);
	for (const v of p.values) {
		const tag = (d: Domain): Domain => (v.category === undefined ? d : { ...d, category: v.category });
		const judged = judge(v.y, [...specs, ...apartSpecs.flat()]);
		judged.slice(0, specs.length).forEach((rows) => rows.forEach((r) => cells.push(cellOf(r, tag(r.domain)))));
		let k = specs.length;
		apartSpecs.forEach((group, g) => {
			for (let j = 0; j < group.length; j++, k++) {
				for (const r of judged[k]!) {
					nonBinary[g]!.push(cellOf(r, tag(r.domain)));
					if (j === 0) verdicts[g]!.push(r.n > 0 && r.reliability !== 'suppressed');
				}
			}
		});
	}
	const nonBinaryLevels = new Set<string>();
	apart.forEach((by, g) => {
		if (!holds(verdicts[g]!)) return;
		nonBinaryLevels.add(levelName(by));
		cells.push(...nonBinary[g]!);
	});
	const margin = p.def.recode.kind === 'value' ? 0.005 * (p.def.recode.max - p.def.recode.min) : 0.005;
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
	states.forEach((st, i) => {
		if (st !== 'primary' && st !== 'complementary') return;
		if (st === 'primary') primary++;
		else complementary++;
		hidden.set(publishedKey(cells[i]!.domain), { state: st, reasons: st === 'primary' ? cells[i]!.reasons : ['complementary'] });
	});
	return { gender, nonBinaryLevels, hidden, published: new Set(cells.map((c) => publishedKey(c.domain))),
		summary: { cells: cells.length, primary, complementary, exact } };
}

/** What the portraits lead with (the 12–24 year-olds) is hidden to protect another only when nothing else will do. */
const YOUTH_COST = 10;

function cellOf(r: JudgedCell, domain: Domain): Cell {
	if (r.n === 0) return { domain, size: 0, value: null, primary: false, fixed: 'empty', reasons: [] };
	const cost = domain.age_group === YOUTH.label ? r.weighted_n * YOUTH_COST : r.weighted_n;
	return { domain, size: r.weighted_n, cost, value: r.estimate, primary: r.reliability === 'suppressed', reasons: viewerReasons(r.flags) };
}

/** Most cells (at least half) pass the rules: the group can be published on its own at this level. */
function holds(passes: readonly boolean[]): boolean {
	return passes.length > 0 && passes.filter(Boolean).length * 2 >= passes.length;
}

/**
 * Three categories when there are no non-binary respondents, or when they hold by borough and by
 * borough × age group; else Women+ and Men+. Respondents are counted first: the rules need at
 * least their minimum of respondents in a cell, so most surveys are decided without a variance.
 */
function chooseGender(p: PreparedIndicator, judge: Judge): 'three' | 'two' {
	const nb = p.frame.factors.gender.levels.indexOf(NON_BINARY);
	if (nb < 0) return 'three';
	const { codes } = p.frame.factors.gender, borough = p.frame.factors.borough;
	const perBorough = new Float64Array(borough.levels.length);
	let any = false;
	for (let i = 0; i < codes.length; i++) if (codes[i] === nb && borough.codes[i]! >= 0) { any = true; perBorough[borough.codes[i]!]!++; }
	if (!any) return 'three';
	const minN = p.def.type === 'mean' ? p.rules.mean.minN : p.rules.proportion.minN;
	if (!holds([...perBorough].map((n) => n >= minN))) return 'two';
	const specs: LevelSpec[] = [{ by: ['borough', 'gender'], gender: 'non_binary' }, { by: ['borough', 'age_group', 'gender'], gender: 'non_binary' }];
	for (const v of p.values) {
		for (const rows of judge(v.y, specs)) if (!holds(rows.map((r) => r.n > 0 && r.reliability !== 'suppressed'))) return 'two';
	}
	return 'three';
}

/** Every subset of the variables, in their order: [], [a], [b], [a, b], … */
function subsets<T>(vars: readonly T[]): T[][] {
	const out: T[][] = [];
	for (let mask = 0; mask < 1 << vars.length; mask++) out.push(vars.filter((_, i) => mask & (1 << i)));
	return out;
}
