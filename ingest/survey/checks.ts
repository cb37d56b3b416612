import type { IngestIssue } from '../report';
import type { ValidRow } from './validate-row';

/** A weight this many times the median is reported (valid, but worth a look). */
export const WEIGHT_OUTLIER_RATIO = 100;
/** An area with fewer respondents than this is reported (its estimates will be suppressed). */
export const SMALL_AREA = 10;
const MAX_OUTLIERS_REPORTED = 20;

/**
 * Checks over the whole file for data that is valid but suspicious, in bounded memory: 12 bytes
 * per row (the weight and its line) and a count per area.
 */
export class SurveyChecks {
	private weights = new Float64Array(1 << 16);
	private lines = new Uint32Array(1 << 16);
	private n = 0;
	private readonly areas = new Map<number, { name: string; n: number }>();

	add(line: number, row: ValidRow): void {
		if (this.n === this.weights.length) {
			const w = new Float64Array(this.n * 2); w.set(this.weights); this.weights = w;
			const l = new Uint32Array(this.n * 2); l.set(this.lines); this.lines = l;
		}
		this.weights[this.n] = row.weight;
		this.lines[this.n++] = line;
		const a = this.areas.get(row.area.id);
		if (a) a.n++;
		else this.areas.set(row.area.id, { name: row.area.name, n: 1 });
	}

	warnings(): IngestIssue[] {
		const out: IngestIssue[] = [];
		if (this.n > 0) {
			const sorted = this.weights.slice(0, this.n).sort();
			const mid = this.n >> 1;
			const median = this.n % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
			const limit = median * WEIGHT_OUTLIER_RATIO;
			let found = 0;
			for (let i = 0; i < this.n && found < MAX_OUTLIERS_REPORTED; i++) {
				if (this.weights[i]! > limit) {
					found++;
					out.push({ line: this.lines[i]!, column: 'weight', value: String(this.weights[i]), code: 'weight_outlier',
						params: { ratio: Math.round(this.weights[i]! / median), median } });
				}
			}
		}
		for (const a of this.areas.values()) {
			if (a.n < SMALL_AREA) out.push({ line: null, column: 'borough', value: a.name, code: 'small_area', params: { count: a.n, min: SMALL_AREA } });
		}
		return out;
	}
}
