import type { SurveyFrame } from '../app/lib/engine/frame';
import { createRng as rng } from '../demo/survey-model';

export interface SyntheticSurvey {
	frame: SurveyFrame;
	y: Float64Array;
	/** Per respondent, for writing a CSV: stratum, PSU within stratum. */
	psuInStratum: Int32Array;
}

/**
 * A large synthetic survey shaped like the real one: 19 boroughs (strata), `psus` PSUs each,
 * 5 age groups, 3 genders, unequal weights, a binary indicator with 2% missing, and optionally
 * B Rao–Wu bootstrap replicate weights (METHODS.md §1).
 */
export function syntheticSurvey(n: number, opts: { replicates?: number; psus?: number; seed?: number } = {}): SyntheticSurvey {
	const r = rng(opts.seed ?? 1);
	const H = 19, K = opts.psus ?? 20, B = opts.replicates ?? 0;
	const borough = new Int32Array(n), age = new Int32Array(n), gender = new Int32Array(n);
	const strata = new Int32Array(n), psu = new Int32Array(n), psuInStratum = new Int32Array(n);
	const weight = new Float64Array(n), y = new Float64Array(n);
	for (let i = 0; i < n; i++) {
		const h = Math.floor(r() * H), j = Math.floor(r() * K);
		borough[i] = h; strata[i] = h; psu[i] = h * K + j; psuInStratum[i] = j;
		age[i] = Math.floor(r() * 5);
		const g = r();
		gender[i] = g < 0.51 ? 0 : g < 0.975 ? 1 : 2;
		weight[i] = Math.round((50 + 300 * r()) * 100) / 100;
		y[i] = r() < 0.02 ? NaN : r() < 0.3 + 0.02 * (h % 5) + 0.05 * gender[i]! ? 1 : 0;
	}
	const frame: SurveyFrame = {
		rows: n, weight,
		factors: {
			borough: { codes: borough, levels: Array.from({ length: H }, (_, h) => `Borough ${h + 1}`) },
			age_group: { codes: age, levels: ['12-17', '18-24', '25-44', '45-64', '65+'] },
			gender: { codes: gender, levels: ['woman', 'man', 'non-binary'] }
		},
		strata, psu
	};
	if (B > 0) {
		// Rao–Wu: in each replicate and stratum, draw K − 1 PSUs with replacement.
		const factor = new Float64Array(H * K);
		const weights: Float64Array[] = [];
		for (let b = 0; b < B; b++) {
			factor.fill(0);
			for (let h = 0; h < H; h++) for (let d = 0; d < K - 1; d++) factor[h * K + Math.floor(r() * K)]! += K / (K - 1);
			const wb = new Float64Array(n);
			for (let i = 0; i < n; i++) wb[i] = weight[i]! * factor[psu[i]!]!;
			weights.push(wb);
		}
		frame.replicates = { weights, scale: 1 / B };
	}
	return { frame, y, psuInStratum };
}
