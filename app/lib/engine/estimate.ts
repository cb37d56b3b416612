import { crossCells, type SurveyFrame } from './frame';
import { domainSums, varianceStrataPsu, varianceWeights } from './moments';
import { replicateDf, varianceReplicates } from './replicates';
import { kgInterval, logitInterval, tInterval } from './intervals';
import { DEFAULT_RULES, judgeMean, judgeProportion, type ReliabilityRules } from './reliability';
import type { CiMethod, Design, Domain, DomainVariable, EstimateRow } from './types';

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

/** The design a dataset supports best when the analyst asks for `auto`. */
export function autoDesign(frame: SurveyFrame): Design {
	if (frame.replicates && frame.replicates.weights.length > 0) return 'replicate';
	if (frame.strata && frame.psu) return 'strata_psu';
	return 'weights';
}

/**
 * Design-based estimates for every domain of a breakdown (e.g. borough × age group × gender),
 * each on the full design (a domain is never analysed as its own sample). `y` holds the
 * indicator's value per respondent, NaN outside its universe. Matches R's survey package
 * (reference/METHODS.md) for the three designs.
 */
export function estimateDomains(frame: SurveyFrame, y: Float64Array, opts: EstimateOptions): DomainResult[] {
	const level = opts.level ?? 0.95;
	const cells = crossCells(frame, opts.by);
	const s = domainSums(y, frame.weight, cells.cell, cells.count);
	const need = (what: string) => new Error(`design ${opts.design} needs ${what}, which this dataset does not have`);
	let variance: Float64Array, df: Float64Array, logitSe: Float64Array | null = null;
	const extraFlags: string[][] = Array.from({ length: cells.count }, () => []);
	if (opts.design === 'weights') {
		variance = varianceWeights(y, frame.weight, cells.cell, s);
		df = s.n.map((n) => n - 1);
	} else if (opts.design === 'strata_psu') {
		if (!frame.strata || !frame.psu) throw need('strata and PSUs');
		const r = varianceStrataPsu(y, frame.weight, cells.cell, s, frame.strata, frame.psu);
		variance = r.variance;
		df = r.df;
		r.lonely.forEach((l, c) => l && extraFlags[c]!.push('stratum_single_psu'));
	} else {
		if (!frame.replicates) throw need('replicate weights');
		// The df needs the PSUs: the file's, else the clusters the replicate weights reveal (one stratum).
		const psu = frame.psu ?? frame.replicates.clusters;
		if (!psu) throw need('PSUs or replicate clusters (for the replicate degrees of freedom)');
		const strata = frame.psu && frame.strata ? frame.strata : new Int32Array(frame.rows);
		const r = varianceReplicates(y, cells.cell, s.est, frame.replicates.weights, frame.replicates.scale);
		variance = r.variance;
		logitSe = r.logitSe;
		df = replicateDf(cells.cell, y, strata, psu, cells.count, frame.replicates.weights.length);
		r.dropped.forEach((d, c) => d && extraFlags[c]!.push('replicates_dropped'));
		r.replicateAtBound.forEach((d, c) => d && extraFlags[c]!.push('replicate_p_0_or_1'));
	}
	let validDf = NaN;
	if (opts.kind === 'mean' && opts.meanDf === 'valid') {
		validDf = estimateDomains(frame, y, { ...opts, by: [], meanDf: 'domain' })[0]!.df;
	}
	const out: DomainResult[] = [];
	for (let c = 0; c < cells.count; c++) {
		const levels = cells.levelsOf(c);
		const domain: Domain = {};
		opts.by.forEach((v, k) => (domain[v] = frame.factors[v].levels[levels[k]!]!));
		const n = s.n[c]!;
		const base = { domain, n, weighted_n: s.w[c]!, df: Math.max(0, df[c]!) };
		if (n === 0) {
			out.push({ ...base, df: 0, estimate: null, se: null, ci: null, n_eff: null, reliability: 'suppressed',
				flags: ['no_respondents'], variance: NaN, ci_kg: null, ci_logit: null, n_eff_unadjusted: null });
			continue;
		}
		const p = s.est[c]!, v = Math.max(0, variance[c]!), se = Math.sqrt(v);
		const flags = [...extraFlags[c]!];
		if (se < 1e-12) flags.push('variance_zero');
		if (df[c]! <= 0) flags.push('df_nonpositive');
		if (opts.kind === 'mean') {
			const tdf = opts.meanDf === 'valid' ? validDf : df[c]!;
			const ci = tdf > 0 ? tInterval(p, se, tdf, level) : null;
			const j = judgeMean({ n, mean: p, se }, (opts.rules ?? DEFAULT_RULES).mean);
			out.push({ ...base, estimate: p, se, ci, n_eff: null, reliability: j.reliability, flags: [...new Set([...j.reasons, ...flags])],
				variance: v, ci_kg: null, ci_logit: null, n_eff_unadjusted: null });
			continue;
		}
		if (Math.min(p, 1 - p) < 1e-12) flags.push('p_hat_0_or_1');
		const dfc = df[c]!;
		const kg = dfc > 0 ? kgInterval(p, v, n, dfc, level) : null;
		const seLogit = logitSe ? logitSe[c]! : se / (p * (1 - p));
		const ciLogit = dfc > 0 && p > 0 && p < 1 ? logitInterval(p, seLogit, dfc, level) : null;
		const ci = (opts.ciMethod ?? 'kg') === 'kg' ? (kg?.ci ?? null) : ciLogit;
		const nEff = kg ? kg.nEffAdjusted : NaN;
		// NCHS 2017 defines its rules on the Korn–Graubard interval: an estimate's reliability does not
		// depend on the interval shown (and viewers' tables hide the same cells whichever they ask for).
		const j = judgeProportion({ n, nEff, p, ci: kg?.ci ?? null, df: dfc }, (opts.rules ?? DEFAULT_RULES).proportion);
		out.push({ ...base, estimate: p, se, ci, n_eff: Number.isFinite(nEff) ? nEff : null, reliability: j.reliability,
			flags: [...new Set([...j.reasons, ...flags])], variance: v, ci_kg: kg?.ci ?? null, ci_logit: ciLogit,
			n_eff_unadjusted: kg ? kg.nEff : null });
	}
	return out;
}
