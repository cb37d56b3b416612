/**
 * Incident counts and rates per 1,000 residents by area, category, month, time of day and victim
 * age group and gender: pure arithmetic on a dense table of counts (the server counts the stored
 * incidents into it). Counts are treated as Poisson: exact Garwood intervals, and each area's
 * rate is compared with the whole city's by an exact rate ratio. Small counts in a table by age
 * group or gender are suppressed with complementary suppression (count-protection.ts).
 */
import type { Suppression } from './count-protection';
import { garwoodInterval, rateRatioToWhole } from './poisson';
import type { DiagnosticRow, DiagnosticVariable, Domain } from './types';

export interface IncidentTableInput {
	/** The breakdown, in the order of the dense table's dimensions. */
	by: DiagnosticVariable[];
	/** The levels of each variable of `by`. */
	levels: string[][];
	/** Counts in row-major order over `levels` (the last variable varies fastest). */
	counts: ArrayLike<number>;
	measure: 'count' | 'rate';
	/**
	 * Residents of a domain: its area (or the whole city when `borough` is absent), age group
	 * and gender; undefined when there is no denominator (an area without population).
	 */
	population: (domain: Domain) => number | undefined;
	/** Rates are per this many residents (1,000). */
	per: number;
	level: number;
	/**
	 * Each cell's suppression in the pattern over every table a reader can get (counts below the
	 * minimum in tables by age group or gender, with complements); absent: nothing suppressed.
	 */
	suppression?: (domain: Domain) => Suppression;
	/** Rates from fewer events than this are flagged unreliable (NCHS: 20). */
	flagBelow: number;
}

const domainOf = (by: readonly DiagnosticVariable[], levels: string[][], coords: number[]): Domain =>
	Object.fromEntries(by.map((v, d) => [v, levels[d]![coords[d]!]!])) as Domain;

/**
 * The rows of an incident table, one per cell of the full cross-product (zeros included, so
 * that lines and margins are complete).
 *
 * @example
 * incidentRows({ by: ['borough'], levels: [['A', 'B']], counts: [30, 400], measure: 'rate',
 *   population: (d) => (d.borough === 'A' ? 1000 : d.borough === 'B' ? 20000 : 21000), per: 1000, level: 0.95, minCount: 5, flagBelow: 20 })
 * // A: estimate 30 per 1,000, ci Garwood(30)/1000·1000, rate_ratio 1.465 [0.9988, 2.0601]
 */
export function incidentRows(input: IncidentTableInput): DiagnosticRow[] {
	const { by, levels, counts, measure, per, level } = input;
	const dims = levels.map((l) => l.length);
	const size = dims.reduce((a, b) => a * b, 1);
	const boroughDim = by.indexOf('borough');

	// The whole city's count for each combination of the other variables, over areas with residents.
	const coordsOf = (i: number) => {
		const coords = new Array<number>(dims.length);
		for (let d = dims.length - 1; d >= 0; d--) {
			coords[d] = i % dims[d]!;
			i = Math.floor(i / dims[d]!);
		}
		return coords;
	};
	const cityCount = new Map<string, number>();
	if (boroughDim >= 0 && measure === 'rate') {
		for (let i = 0; i < size; i++) {
			const coords = coordsOf(i);
			if (input.population(domainOf(by, levels, coords)) === undefined) continue;
			const key = coords.filter((_, d) => d !== boroughDim).join(',');
			cityCount.set(key, (cityCount.get(key) ?? 0) + counts[i]!);
		}
	}

	const rows: DiagnosticRow[] = [];
	for (let i = 0; i < size; i++) {
		const coords = coordsOf(i);
		const domain = domainOf(by, levels, coords);
		const c = counts[i]!;
		const s = input.suppression?.(domain) ?? 'none';
		const flags: string[] = s === 'primary' ? ['count_below_min'] : s === 'complementary' ? ['complementary_suppression'] : [];
		const [lo, hi] = garwoodInterval(c, level);
		const row: DiagnosticRow = {
			domain, n: c, weighted_n: c, estimate: c, se: Math.sqrt(c), ci: [lo, hi], df: null, n_eff: null,
			reliability: s === 'none' ? 'ok' : 'suppressed', flags
		};
		if (measure === 'rate') {
			const p = input.population(domain);
			row.population = p ?? null;
			if (p === undefined || !(p > 0)) {
				Object.assign(row, { estimate: null, se: null, ci: null, rate_ratio: null });
				row.flags.push('no_population');
			} else {
				const k = per / p;
				Object.assign(row, { estimate: c * k, se: Math.sqrt(c) * k, ci: [lo * k, hi * k] });
				if (c < input.flagBelow) {
					row.flags.push('count_below_20');
					if (row.reliability === 'ok') row.reliability = 'flag';
				}
				row.rate_ratio = null;
				if (boroughDim >= 0) {
					const cityDomain = { ...domain };
					delete cityDomain.borough;
					const cp = input.population(cityDomain);
					const cc = cityCount.get(coords.filter((_, d) => d !== boroughDim).join(','));
					const rr = cp === undefined || cc === undefined ? undefined : rateRatioToWhole(c, p, cc, cp, level);
					row.rate_ratio = rr ?? null;
				}
			}
		} else if (c > 0 && c < input.flagBelow && row.reliability === 'ok') {
			row.flags.push('count_below_20');
		}
		rows.push(row);
	}
	return rows;
}

/**
 * What a viewer may see of a row: a suppressed row loses its count, value,
 * interval, standard error and rate ratio (each would give the count back).
 */
export function redactDiagnostic(row: DiagnosticRow): DiagnosticRow {
	if (row.reliability !== 'suppressed') return row;
	return { ...row, n: null, weighted_n: null, estimate: null, se: null, ci: null,
		...(row.rate_ratio !== undefined ? { rate_ratio: null } : {}) };
}
