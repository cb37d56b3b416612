/**
 * The reliability of every cell of many breakdowns of one indicator at once, from sums kept per
 * finest cell (borough × age group × gender, each with a "missing" level) instead of one pass
 * over the respondents per breakdown: every quantity the reliability rules need — n, W, p̂, the
 * variance under each design and its degrees of freedom — is a sum over respondents, so a
 * coarser cell's is the sum of its finest cells'. Publication patterns judge a few dozen
 * breakdowns per indicator; this makes them one pass (B passes with B replicate weights).
 *
 * The formulas are estimateDomains' (estimate.ts, moments.ts, replicates.ts), rearranged:
 * - weights: Σ_i z_i² with z_i = w_i(y_i − p̂)/W is (Σw²y² − 2p̂Σw²y + p̂²Σw²)/W²;
 * - strata_psu: the PSU totals Z_hj = (Σwy − p̂Σw)_hj / W from per (cell, PSU) sums;
 * - replicate: p̂_b = Σw_b·y / Σw_b from per (cell, replicate) sums; df from the PSUs hit.
 * Tests check every cell against estimateDomains.
 */
import type { SurveyFrame } from './frame';
import { psuLayout } from './frame';
import { replicateTotals } from './replicate-clusters';
import { kgInterval } from './intervals';
import { DEFAULT_RULES, judgeMean, judgeProportion, type ReliabilityRules } from './reliability';
import type { Design, Domain, DomainVariable } from './types';
import { joinsWomenPlus, NON_BINARY, TWO_GENDERS } from './gender-groups';

/** How gender is shown in a breakdown: the survey's categories, Women+ / Men+, or non-binary people only. */
export type GenderView = 'survey' | 'two' | 'non_binary';

export interface LevelSpec {
	by: DomainVariable[];
	gender?: GenderView;
	/** One derived age group in place of the age groups (`12-24` = 12–17 + 18–24). */
	ages?: { label: string; members: readonly string[] };
}

/** What the reliability rules decide for one cell. */
export interface JudgedCell {
	domain: Domain;
	n: number;
	weighted_n: number;
	estimate: number | null;
	reliability: 'ok' | 'flag' | 'suppressed';
	flags: string[];
}

export interface JudgeOptions {
	kind: 'proportion' | 'mean';
	design: Design;
	rules?: ReliabilityRules;
	level?: number;
}

/** Sums per finest cell; the finest cell of a respondent is b·(A·G) + a·G + g over levels + 1 (0: missing). */
interface Finest {
	count: number;
	/** Gender codes of the finest partition: woman, man, other survey levels…, then non-binary joining Women+ and Men+. */
	genderLevels: string[];
	sizes: [number, number, number];
	n: Float64Array;
	w: Float64Array;
	wy: Float64Array;
	w2: Float64Array;
	w2y: Float64Array;
	w2y2: Float64Array;
	/** strata_psu: per finest cell, PSU → [Σwy, Σw]. */
	psu?: Map<number, [number, number]>[];
	/** replicate: per finest cell, Σw_b·y and Σw_b for each replicate (B each), and the PSUs hit. */
	rep?: { num: Float64Array; den: Float64Array; B: number; hit: Set<number>[] };
}

/**
 * Whether these sums give estimateDomains' verdicts for this frame and design: the three designs
 * without the options that need more than sums per cell and PSU (finite population correction,
 * single-PSU options other than `certainty`, strata without PSUs, replicate types other than the
 * bootstrap, replicate scales per replicate, deviations from the replicates' mean). Callers use
 * estimateDomains for the others.
 */
export function sumsFit(frame: SurveyFrame, design: Design): boolean {
	if (frame.fpc) return false;
	if (design === 'weights') return true;
	if (design === 'strata_psu') return Boolean(frame.strata && frame.psu) && (frame.lonelyPsu ?? 'certainty') === 'certainty' && !frame.adjustDomainLonely;
	const r = frame.replicates;
	return Boolean(r) && !r!.rscales && (r!.mse ?? true) && (r!.type === undefined || r!.type === 'bootstrap');
}

/** The judged cells of each breakdown, in estimateDomains' order of cells. */
export function judgeLevels(frame: SurveyFrame, y: Float64Array, levels: readonly LevelSpec[], opts: JudgeOptions): JudgedCell[][] {
	const fin = finestSums(frame, y, opts.design);
	return levels.map((spec) => judgeLevel(frame, fin, spec, opts));
}

function finestSums(frame: SurveyFrame, y: Float64Array, design: Design): Finest {
	const gl = frame.factors.gender.levels;
	const nb = gl.indexOf(NON_BINARY);
	// Non-binary respondents are split by the group they join, so Women+ and Men+ are sums of cells.
	const genderLevels = [...gl.filter((_, k) => k !== nb), ...(nb >= 0 ? [`${NON_BINARY}:women+`, `${NON_BINARY}:men+`] : [])];
	const gCode = (c: number, i: number) => (c < 0 ? 0 : nb >= 0 && c === nb ? genderLevels.length - 1 + (joinsWomenPlus(i) ? 0 : 1) : (nb >= 0 && c > nb ? c - 1 : c) + 1);
	const sizes: [number, number, number] = [frame.factors.borough.levels.length + 1, frame.factors.age_group.levels.length + 1, genderLevels.length + 1];
	const count = sizes[0] * sizes[1] * sizes[2];
	const fin: Finest = { count, genderLevels, sizes, n: new Float64Array(count), w: new Float64Array(count), wy: new Float64Array(count),
		w2: new Float64Array(count), w2y: new Float64Array(count), w2y2: new Float64Array(count) };
	const bc = frame.factors.borough.codes, ac = frame.factors.age_group.codes, gc = frame.factors.gender.codes;
	const cellOf = new Int32Array(frame.rows).fill(-1);
	for (let i = 0; i < frame.rows; i++) {
		const v = y[i]!;
		if (v !== v) continue;
		const c = ((bc[i]! + 1) * sizes[1] + (ac[i]! + 1)) * sizes[2] + gCode(gc[i]!, i);
		cellOf[i] = c;
		const wi = frame.weight[i]!;
		fin.n[c]!++;
		fin.w[c]! += wi;
		fin.wy[c]! += wi * v;
		fin.w2[c]! += wi * wi;
		fin.w2y[c]! += wi * wi * v;
		fin.w2y2[c]! += wi * wi * v * v;
	}
	if (design === 'strata_psu' && frame.psu) {
		const psu = frame.psu;
		fin.psu = Array.from({ length: count }, () => new Map());
		for (let i = 0; i < frame.rows; i++) {
			const c = cellOf[i]!;
			if (c < 0) continue;
			const m = fin.psu[c]!;
			const e = m.get(psu[i]!);
			const wi = frame.weight[i]!;
			if (e) { e[0] += wi * y[i]!; e[1] += wi; } else m.set(psu[i]!, [wi * y[i]!, wi]);
		}
	}
	if (design === 'replicate' && frame.replicates) {
		const B = frame.replicates.weights.length;
		const { num, den } = replicateTotals(frame, y, cellOf, count);
		const psu = frame.psu ?? frame.replicates.clusters;
		const hit = Array.from({ length: count }, () => new Set<number>());
		if (psu) for (let i = 0; i < frame.rows; i++) if (cellOf[i]! >= 0) hit[cellOf[i]!]!.add(psu[i]!);
		fin.rep = { num, den, B, hit };
	}
	return fin;
}

/** The level cell of each finest cell (−1: outside every cell of the breakdown), and the level's domains. */
function mapToLevel(frame: SurveyFrame, fin: Finest, spec: LevelSpec): { of: Int32Array; domains: Domain[] } {
	const [, A, G] = fin.sizes;
	const view = spec.gender ?? 'survey';
	const ageLevels = spec.ages ? [spec.ages.label] : frame.factors.age_group.levels;
	const ageOf = (a: number): number => {
		if (a === 0) return -1;
		if (!spec.ages) return a - 1;
		return spec.ages.members.includes(frame.factors.age_group.levels[a - 1]!) ? 0 : -1;
	};
	const genderNames = view === 'two' ? [...TWO_GENDERS] : view === 'non_binary' ? [NON_BINARY]
		: frame.factors.gender.levels as string[];
	const genderOf = (g: number): number => {
		if (g === 0) return -1;
		const name = fin.genderLevels[g - 1]!;
		const nbSide = name.startsWith(`${NON_BINARY}:`) ? name.slice(NON_BINARY.length + 1) : null;
		if (view === 'two') return nbSide ? TWO_GENDERS.indexOf(nbSide as (typeof TWO_GENDERS)[number]) : name === 'woman' ? 0 : name === 'man' ? 1 : -1;
		if (view === 'non_binary') return nbSide ? 0 : -1;
		return genderNames.indexOf(nbSide ? NON_BINARY : name);
	};
	const levelsOf: Record<DomainVariable, string[]> = { borough: frame.factors.borough.levels as string[], age_group: ageLevels as string[], gender: genderNames };
	const dims = spec.by.map((v) => levelsOf[v].length);
	const total = dims.reduce((a, b) => a * b, 1);
	const domains: Domain[] = [];
	for (let c = 0; c < total; c++) {
		const d: Domain = {};
		let rest = c;
		for (let k = spec.by.length - 1; k >= 0; k--) {
			d[spec.by[k]!] = levelsOf[spec.by[k]!][rest % dims[k]!]!;
			rest = Math.floor(rest / dims[k]!);
		}
		domains.push(d);
	}
	const of = new Int32Array(fin.count).fill(-1);
	for (let f = 0; f < fin.count; f++) {
		const g = f % G, a = Math.floor(f / G) % A, b = Math.floor(f / (G * A));
		const coord: Record<DomainVariable, number> = { borough: b - 1, age_group: ageOf(a), gender: genderOf(g) };
		if (spec.ages && !spec.by.includes('age_group')) throw new Error('judgeLevels: a derived age group needs age_group in the breakdown');
		if (view === 'non_binary' && coord.gender < 0) continue;
		let c = 0, inside = true;
		spec.by.forEach((v, k) => {
			if (coord[v] < 0) inside = false;
			c = c * dims[k]! + coord[v];
		});
		if (inside) of[f] = c;
	}
	return { of, domains };
}

function judgeLevel(frame: SurveyFrame, fin: Finest, spec: LevelSpec, opts: JudgeOptions): JudgedCell[] {
	const { of, domains } = mapToLevel(frame, fin, spec);
	const cells = domains.length;
	const n = new Float64Array(cells), w = new Float64Array(cells), wy = new Float64Array(cells);
	const w2 = new Float64Array(cells), w2y = new Float64Array(cells), w2y2 = new Float64Array(cells);
	const members: number[][] = Array.from({ length: cells }, () => []);
	for (let f = 0; f < fin.count; f++) {
		const c = of[f]!;
		if (c < 0 || fin.n[f] === 0) continue;
		members[c]!.push(f);
		n[c]! += fin.n[f]!; w[c]! += fin.w[f]!; wy[c]! += fin.wy[f]!;
		w2[c]! += fin.w2[f]!; w2y[c]! += fin.w2y[f]!; w2y2[c]! += fin.w2y2[f]!;
	}
	const rules = opts.rules ?? DEFAULT_RULES;
	const out: JudgedCell[] = [];
	for (let c = 0; c < cells; c++) {
		const domain = domains[c]!;
		if (n[c] === 0) {
			out.push({ domain, n: 0, weighted_n: w[c]!, estimate: null, reliability: 'suppressed', flags: ['no_respondents'] });
			continue;
		}
		const p = wy[c]! / w[c]!;
		const { variance, df, flags } = varianceOf(frame, fin, members[c]!, { n: n[c]!, w: w[c]!, p, w2: w2[c]!, w2y: w2y[c]!, w2y2: w2y2[c]! }, opts.design);
		const v = Math.max(0, variance), se = Math.sqrt(v);
		if (se < 1e-12) flags.push('variance_zero');
		if (df <= 0) flags.push('df_nonpositive');
		if (opts.kind === 'mean') {
			const j = judgeMean({ n: n[c]!, mean: p, se }, rules.mean);
			out.push({ domain, n: n[c]!, weighted_n: w[c]!, estimate: p, reliability: j.reliability, flags: [...new Set([...j.reasons, ...flags])] });
			continue;
		}
		if (Math.min(p, 1 - p) < 1e-12) flags.push('p_hat_0_or_1');
		const kg = df > 0 ? kgInterval(p, v, n[c]!, df, opts.level ?? 0.95) : null;
		const j = judgeProportion({ n: n[c]!, nEff: kg ? kg.nEffAdjusted : NaN, p, ci: kg?.ci ?? null, df }, rules.proportion);
		out.push({ domain, n: n[c]!, weighted_n: w[c]!, estimate: p, reliability: j.reliability, flags: [...new Set([...j.reasons, ...flags])] });
	}
	return out;
}

/** The variance and degrees of freedom of one cell (the union of its finest cells) under the design. */
function varianceOf(frame: SurveyFrame, fin: Finest, members: number[], s: { n: number; w: number; p: number; w2: number; w2y: number; w2y2: number },
	design: Design): { variance: number; df: number; flags: string[] } {
	const flags: string[] = [];
	if (design === 'weights') {
		const N = frame.rows;
		const sq = (s.w2y2 - 2 * s.p * s.w2y + s.p * s.p * s.w2) / (s.w * s.w);
		return { variance: (N / (N - 1)) * sq, df: s.n - 1, flags };
	}
	if (design === 'strata_psu') {
		const layout = layoutCache.get(frame.psu!) ?? psuLayout(frame.strata!, frame.psu!);
		layoutCache.set(frame.psu!, layout);
		const { H, psuStratum, nh } = layout;
		const Z = new Map<number, number>();
		for (const f of members) for (const [j, [a, b]] of fin.psu![f]!) Z.set(j, (Z.get(j) ?? 0) + (a - s.p * b) / s.w);
		const sum = new Float64Array(H), sq = new Float64Array(H), hit = new Uint8Array(H);
		for (const [j, z] of Z) {
			const h = psuStratum[j]!;
			sum[h]! += z; sq[h]! += z * z; hit[h] = 1;
		}
		let variance = 0, strataHit = 0, lonely = false;
		for (let h = 0; h < H; h++) {
			if (!hit[h]) continue;
			strataHit++;
			const m = nh[h]!;
			if (m < 2) { lonely = true; continue; }
			variance += (m / (m - 1)) * (sq[h]! - (sum[h]! * sum[h]!) / m);
		}
		if (lonely) flags.push('stratum_single_psu');
		return { variance, df: Z.size - strataHit, flags };
	}
	const rep = fin.rep!, B = rep.B;
	let variance = 0, dropped = false, atBound = false;
	for (let b = 0; b < B; b++) {
		let num = 0, den = 0;
		for (const f of members) { num += rep.num[f * B + b]!; den += rep.den[f * B + b]!; }
		if (den === 0) { dropped = true; continue; }
		const pb = num / den;
		variance += (pb - s.p) * (pb - s.p);
		if ((pb <= 0 || pb >= 1) && s.p > 0 && s.p < 1) atBound = true;
	}
	if (dropped) flags.push('replicates_dropped');
	if (atBound) flags.push('replicate_p_0_or_1');
	return { variance: frame.replicates!.scale * variance, df: replicateCellDf(frame, fin, members, B), flags };
}

/** estimateDomains' replicate df (R's degf): min(B, PSUs hit − max(0, strata fully hit − 1)) − 1. */
function replicateCellDf(frame: SurveyFrame, fin: Finest, members: number[], B: number): number {
	const psu = frame.psu ?? frame.replicates!.clusters;
	if (!psu) return NaN;
	const strata = frame.psu && frame.strata ? frame.strata : new Int32Array(frame.rows);
	const layout = layoutCache.get(psu) ?? psuLayout(strata, psu);
	layoutCache.set(psu, layout);
	const hit = new Set<number>();
	for (const f of members) for (const j of fin.rep!.hit[f]!) hit.add(j);
	const perStratum = new Map<number, number>();
	for (const j of hit) perStratum.set(layout.psuStratum[j]!, (perStratum.get(layout.psuStratum[j]!) ?? 0) + 1);
	let full = 0;
	for (const [h, count] of perStratum) if (count === layout.nh[h]!) full++;
	return Math.min(B, hit.size - Math.max(0, full - 1)) - 1;
}

const layoutCache = new WeakMap<Int32Array, ReturnType<typeof psuLayout>>();
