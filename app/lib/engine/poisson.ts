import chisqQuantile from '@stdlib/stats-base-dists-chisquare-quantile';
import betaQuantile from '@stdlib/stats-base-dists-beta-quantile';

/**
 * Exact (Garwood 1936) interval for a Poisson count: [χ²(α/2; 2x)/2, χ²(1−α/2; 2x+2)/2], the
 * lower bound 0 when x = 0. The same as R's `poisson.test(x)$conf.int`.
 *
 * @example
 * garwoodInterval(10) // [4.79538869613, 18.39035604202]
 * garwoodInterval(0)  // [0, 3.68887945411]
 */
export function garwoodInterval(count: number, level = 0.95): [number, number] {
	const a = 1 - level;
	const lo = count === 0 ? 0 : chisqQuantile(a / 2, 2 * count) / 2;
	const hi = chisqQuantile(1 - a / 2, 2 * count + 2) / 2;
	return [lo, hi];
}

/**
 * Exact (Clopper–Pearson) interval for a binomial proportion x/n, as R's `binom.test(x, n)$conf.int`.
 *
 * @example
 * clopperPearson(3, 20) // [0.0320709371855, 0.3789268265453]
 */
export function clopperPearson(x: number, n: number, level = 0.95): [number, number] {
	const a = 1 - level;
	const lo = x === 0 ? 0 : betaQuantile(a / 2, x, n - x + 1);
	const hi = x === n ? 1 : betaQuantile(1 - a / 2, x + 1, n - x);
	return [lo, hi];
}

export interface RateRatio {
	estimate: number;
	ci: [number, number];
}

/**
 * The ratio of an area's rate to the rate of the whole city it belongs to, (c/p)/(C/P), with an
 * exact interval. Given the city's count C, the area's count is binomial, c ~ Bin(C, π), and the
 * ratio is π·P/p: the Clopper–Pearson interval of c/C scaled by P/p (the conditional method that
 * R's `poisson.test` uses for two independent rates, applied to a part and its whole).
 * Undefined when the city has no incident or an area no population.
 *
 * @example
 * rateRatioToWhole(30, 1000, 430, 21000) // { estimate: 1.4651…, ci: binom.test(30, 430)$conf.int × 21 }
 */
export function rateRatioToWhole(count: number, population: number, cityCount: number, cityPopulation: number, level = 0.95): RateRatio | undefined {
	if (!(cityCount > 0 && population > 0 && cityPopulation > 0) || count > cityCount) return undefined;
	const scale = cityPopulation / population;
	const [lo, hi] = clopperPearson(count, cityCount, level);
	return { estimate: (count / cityCount) * scale, ci: [lo * scale, hi * scale] };
}
