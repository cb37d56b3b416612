import { crossCells, type Cells, type SurveyFrame } from './frame';
import { domainSums, varianceStrataPsu, varianceWeights, type DomainSums } from './moments';
import { replicateDf, varianceReplicates } from './replicates';
import { replicateClusters } from './replicate-clusters';
import { replicateRankDf } from './replicate-rank';
import { planDesign } from './design';
import { kgInterval, logitInterval, tInterval } from './intervals';
import { DEFAULT_RULES, judgeMean, judgeProportion, type ReliabilityRules } from './reliability';
import type { CiMethod, Design, Domain, DomainVariable, EstimateRow } from './types';

export { autoDesign } from './design';

export interface EstimateOptions {
	kind: 'proportion' | 'mean';
	by: DomainVariable[];
	design: Design;
	ciMethod?: CiMethod;
	level?: number;
	rules?: ReliabilityRules;
	/** df of a mean's t interval: the domain's (default) or that of all valid answers (svyby's `df = degf(design)`). */
	meanDf?: 'domain' | 'valid';
}

/** Everything computed for one domain; the API shows an EstimateRow, the tests read the rest. */
export interface DomainResult extends EstimateRow {
	n: number;
	weighted_n: number;
	df: number;
	variance: number;
	ci_kg: [number, number] | null;
	ci_logit: [number, number] | null;
	n_eff_unadjusted: number | null;
}

interface DesignVariance {
	variance: Float64Array;
	df: Float64Array;
	/** Replicate designs: the SE on the logit scale from the replicates' refits. */
	logitSe: Float64Array | null;
	flags: string[][];
}

/** Variance and df of every cell under the design, with the flags the design adds. */
function designVariance(frame: SurveyFrame, y: Float64Array, cells: Cells, s: DomainSums, design: Design): DesignVariance {
	const need = (what: string) => new Error(`design ${design} needs ${what}, which this dataset does not have`);
	const flags: string[][] = Array.from({ length: cells.count }, () => []);
	const plan = planDesign(frame, design);
	if (design === 'weights')
		return { variance: varianceWeights(y, frame.weight, cells.cell, s, plan.weightsF), df: s.n.map((n) => n - 1), logitSe: null, flags };
	if (design === 'strata_psu') {
		if (!plan.stratified) throw need('strata');
		const r = varianceStrataPsu(y, frame.weight, cells.cell, s, plan.stratified);
		r.lonely.forEach((l, c) => l && flags[c]!.push('stratum_single_psu'));
		return { variance: r.variance, df: r.df, logitSe: null, flags };
	}
	const rep = frame.replicates;
	if (!rep) throw need('replicate weights');
	const r = varianceReplicates(frame, y, cells.cell, s.est);
	r.dropped.forEach((d, c) => d && flags[c]!.push('replicates_dropped'));
	r.replicateAtBound.forEach((d, c) => d && flags[c]!.push('replicate_p_0_or_1'));
	return { variance: r.variance, df: replicateDegrees(frame, y, cells), logitSe: r.logitSe, flags };
}

/**
 * R's degf() of each cell: for the bootstrap the closed form of replicateDf (the file's PSUs, else
 * the clusters the replicate weights reveal, in one stratum); for other replicate weights the rank.
 */
function replicateDegrees(frame: SurveyFrame, y: Float64Array, cells: Cells): Float64Array {
	const rep = frame.replicates!;
	const clusters = () => rep.clusters ?? (rep.clusters = replicateClusters(frame.weight, rep.weights));
	if (rep.type !== undefined && rep.type !== 'bootstrap')
		return replicateRankDf(cells.cell, y, frame.weight, rep.weights, clusters(), cells.count);
	const psu = frame.psu ?? clusters();
	const strata = frame.psu && frame.strata ? frame.strata : new Int32Array(frame.rows);
	return replicateDf(cells.cell, y, strata, psu, cells.count, rep.weights.length);
}

/**
 * Design-based estimates for every domain of a breakdown (e.g. borough × age group × gender),
 * each on the full design (a domain is never analysed as its own sample). `y` holds the
 * indicator's value per respondent, NaN outside its universe. Matches R's survey package
 * (reference/METHODS.md, reference/designs) for the three designs and their options.
 */
export function estimateDomains(frame: SurveyFrame, y: Float64Array, opts: EstimateOptions): DomainResult[] {
	const cells = crossCells(frame, opts.by);
	const s = domainSums(y, frame.weight, cells.cell, cells.count);
	const dv = designVariance(frame, y, cells, s, opts.design);
	const validDf = opts.kind === 'mean' && opts.meanDf === 'valid'
		? estimateDomains(frame, y, { ...opts, by: [], meanDf: 'domain' })[0]!.df : NaN;
	return Array.from({ length: cells.count }, (_, c) => {
		const levels = cells.levelsOf(c);
		const domain: Domain = {};
		opts.by.forEach((v, k) => (domain[v] = frame.factors[v].levels[levels[k]!]!));
		return domainRow(domain, c, s, dv, opts, validDf);
	});
}

const EMPTY = { se: null, ci: null, n_eff: null, reliability: 'suppressed' as const, variance: NaN, ci_kg: null, ci_logit: null, n_eff_unadjusted: null };

/** One domain's row: intervals, flags and reliability from its estimate, variance and df. */
function domainRow(domain: Domain, c: number, s: DomainSums, dv: DesignVariance, opts: EstimateOptions, validDf: number): DomainResult {
	const level = opts.level ?? 0.95;
	const n = s.n[c]!, dfc = dv.df[c]!;
	const base = { domain, n, weighted_n: s.w[c]!, df: Math.max(0, dfc) };
	if (n === 0) return { ...base, ...EMPTY, df: 0, estimate: null, flags: ['no_respondents'] };
	const flags = [...dv.flags[c]!];
	const p = s.est[c]!;
	// R's lonely_psu "average" when every stratum the domain hits has a single PSU: no variance to give.
	if (dv.variance[c] !== dv.variance[c]) return { ...base, ...EMPTY, estimate: p, flags: [...flags, 'variance_undefined'] };
	const v = Math.max(0, dv.variance[c]!), se = Math.sqrt(v);
	if (se < 1e-12) flags.push('variance_zero');
	if (dfc <= 0) flags.push('df_nonpositive');
	if (opts.kind === 'mean') {
		const tdf = opts.meanDf === 'valid' ? validDf : dfc;
		const ci = tdf > 0 ? tInterval(p, se, tdf, level) : null;
		const j = judgeMean({ n, mean: p, se }, (opts.rules ?? DEFAULT_RULES).mean);
		return { ...base, estimate: p, se, ci, n_eff: null, reliability: j.reliability, flags: [...new Set([...j.reasons, ...flags])],
			variance: v, ci_kg: null, ci_logit: null, n_eff_unadjusted: null };
	}
	if (Math.min(p, 1 - p) < 1e-12) flags.push('p_hat_0_or_1');
	const kg = dfc > 0 ? kgInterval(p, v, n, dfc, level) : null;
	const seLogit = dv.logitSe ? dv.logitSe[c]! : se / (p * (1 - p));
	const ciLogit = dfc > 0 && p > 0 && p < 1 ? logitInterval(p, seLogit, dfc, level) : null;
	const ci = (opts.ciMethod ?? 'kg') === 'kg' ? (kg?.ci ?? null) : ciLogit;
	const nEff = kg ? kg.nEffAdjusted : NaN;
	// NCHS 2017 defines its rules on the Korn–Graubard interval: an estimate's reliability does not
	// depend on the interval shown (and viewers' tables hide the same cells whichever they ask for).
	const j = judgeProportion({ n, nEff, p, ci: kg?.ci ?? null, df: dfc }, (opts.rules ?? DEFAULT_RULES).proportion);
	return { ...base, estimate: p, se, ci, n_eff: Number.isFinite(nEff) ? nEff : null, reliability: j.reliability,
		flags: [...new Set([...j.reasons, ...flags])], variance: v, ci_kg: kg?.ci ?? null, ci_logit: ciLogit,
		n_eff_unadjusted: kg ? kg.nEff : null };
}
