import { distinct, type ColumnProfile } from './profile';

const WEIGHT_PREFIX = /(bw|bsw|rep|wgt|wt|brr|jk|fay|boot|poids|pond|fac)/i;

/**
 * Replicate weights as a file has them: a series of numeric columns sharing a prefix and numbered
 * from 1 without a gap (`bw_1` … `bw_500`, `REPWT1` …), never negative, each with many distinct
 * values (as weights have): at least ten columns, or two with a prefix that names weights. Items
 * numbered the same way (`P3_1` … `P3_6`) have a few codes each and are not taken.
 *
 * @example replicateSeries(profilesOf(['id', 'bw_1', 'bw_2'])) // { prefix: 'bw_', indices: [1, 2] }
 */
export function replicateSeries(profiles: ColumnProfile[]): { prefix: string; indices: number[] } | null {
	const series = new Map<string, { n: number; index: number }[]>();
	for (const p of profiles) {
		const m = /^(.*?\D)(\d+)$/.exec(p.header);
		if (!m || !p.numeric || p.min < 0 || distinct(p) < Math.min(10, p.rows / 10)) continue;
		const list = series.get(m[1]!) ?? [];
		list.push({ n: Number(m[2]), index: p.index });
		series.set(m[1]!, list);
	}
	let best: { prefix: string; indices: number[] } | null = null;
	for (const [prefix, list] of series) {
		const sorted = [...list].sort((a, b) => a.n - b.n);
		if (sorted.length < 2 || !sorted.every((x, i) => x.n === i + 1)) continue;
		if (sorted.length < 10 && !WEIGHT_PREFIX.test(prefix)) continue;
		if (!best || sorted.length > best.indices.length) best = { prefix, indices: sorted.map((x) => x.index) };
	}
	return best;
}
