import type { IngestIssue } from '../report';
import type { ValidRow } from './validate-row';
import { BlockList } from './blocks';

/** A weight this many times the median is reported (valid, but worth a look). */
export const WEIGHT_OUTLIER_RATIO = 100;
/** An area with fewer respondents than this is reported (its estimates will be suppressed). */
export const SMALL_AREA = 10;
const MAX_OUTLIERS_REPORTED = 20;

/**
 * Checks over the whole file for data that is valid but suspicious, in bounded memory: 4 bytes
 * per row (the weight) and a count per area.
 */
export class SurveyChecks {
	/** Float32 is plenty to compare a weight with 100 times the median. */
	private readonly weights = new BlockList((n) => new Float32Array(n));
	private readonly areas = new Map<number, { name: string; n: number }>();

	/** The next row (rows are numbered from 0 in the order they are added). */
	add(row: ValidRow): void {
		this.weights.push(row.weight);
		const a = this.areas.get(row.area.id);
		if (a) a.n++;
		else this.areas.set(row.area.id, { name: row.area.name, n: 1 });
	}

	/** Warnings; `lineOf` gives the file line of a row (from the stored respondents). */
	warnings(lineOf: (row: number) => number): IngestIssue[] {
		const out: IngestIssue[] = [];
		const n = this.weights.length;
		if (n > 0) {
			const sorted = this.weights.toArray().sort();
			const mid = n >> 1;
			const median = n % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
			const limit = median * WEIGHT_OUTLIER_RATIO;
			let found = 0;
			for (let i = 0; i < n && found < MAX_OUTLIERS_REPORTED; i++) {
				const w = this.weights.get(i);
				if (w > limit) {
					found++;
					out.push({ line: lineOf(i), column: 'weight', value: String(w), code: 'weight_outlier',
						params: { ratio: Math.round(w / median), median } });
				}
			}
		}
		for (const a of this.areas.values()) {
			if (a.n < SMALL_AREA) out.push({ line: null, column: 'borough', value: a.name, code: 'small_area', params: { count: a.n, min: SMALL_AREA } });
		}
		return out;
	}
}
