import type { SurveyMapping } from '../column-mapping';
import type { IngestIssue } from '../report';
import type { ResolvedHeader } from './header';
import { BlockList } from './blocks';
import { DesignChecks } from './design-checks';
import { ItemChecker, type ItemDomain } from './item-check';

/**
 * What these checks read of a valid row (validate-row.ts's ValidRow). Named here because
 * validate-row.ts hands each row's area to these checks: importing ValidRow from it would make
 * the two modules import each other.
 */
export interface CheckedRow {
	weight: number;
	area: { id: number; name: string };
	stratum: string | null;
	psu: string | null;
}

/** A weight this many times the median (or this many times smaller) is reported (valid, but worth a look). */
export const WEIGHT_OUTLIER_RATIO = 100;
/** An area with fewer respondents than this is reported (its estimates will be suppressed). */
export const SMALL_AREA = 10;
const MAX_OUTLIERS_REPORTED = 20;
const MAX_AREA_VALUES = 1000;

export interface SurveyChecksOptions {
	/** What the catalog accepts for each item it describes; items without one are not checked. */
	itemDomains?: Record<string, ItemDomain>;
	mapping: SurveyMapping;
	/** Areas the geography has before the load: `new_areas` creates none when it has some. */
	existingAreas?: number;
}

/**
 * Checks over the whole file, in bounded memory: 4 bytes per row (the weight), a count per area,
 * the design's strata and PSUs, and each item's answers against the catalog (`items`, used by
 * the row validation).
 */
export class SurveyChecks {
	/** Float32 is plenty to compare a weight with 100 times the median. */
	private readonly weights = new BlockList((n) => new Float32Array(n));
	private readonly areas = new Map<number, { name: string; n: number }>();
	private readonly design = new DesignChecks();
	/** Distinct area values of the file that matched an area, and that did not. */
	private readonly areaValues = { matched: 0, unknown: new Set<string>() };
	private header: ResolvedHeader | null = null;
	items: ItemChecker | null = null;

	constructor(private readonly opts: SurveyChecksOptions = { mapping: {} as SurveyMapping }) {}

	/** Called once the header is read: the items to check are known. */
	setHeader(h: ResolvedHeader): void {
		this.header = h;
		this.items = new ItemChecker(h.items, this.opts.mapping, this.opts.itemDomains);
	}

	/** An area value of a row, and whether it is an area of the geography (counted once per value). */
	noteArea(value: string, matched: boolean): void {
		if (matched) this.areaValues.matched++;
		else if (this.areaValues.unknown.size < MAX_AREA_VALUES) this.areaValues.unknown.add(value);
	}

	/** The next valid row (rows are numbered from 0 in the order they are added). */
	add(row: CheckedRow): void {
		this.weights.push(row.weight);
		const a = this.areas.get(row.area.id);
		if (a) a.n++;
		else this.areas.set(row.area.id, { name: row.area.name, n: 1 });
		this.design.add(row.stratum, row.psu);
	}

	/**
	 * Errors about the file as a whole, to be reported before its rows' errors: no area value of
	 * the file is an area of the geography (the file is about another city).
	 */
	fileErrors(geography: string): IngestIssue[] {
		const { matched, unknown } = this.areaValues;
		if (matched > 0 || unknown.size === 0) return [];
		return [{ line: null, column: this.header?.headers.borough ?? 'borough', value: null, code: 'areas_not_in_geography',
			params: { count: unknown.size, geography, examples: [...unknown].slice(0, 5).join(', ') },
			hint: { code: 'load_areas', params: { geography, new_areas_ignored: this.opts.mapping.new_areas ? 1 : 0 } } }];
	}

	/** Warnings; `lineOf` gives the file line of a row (from the stored respondents). */
	warnings(lineOf: (row: number) => number): IngestIssue[] {
		const h = this.header;
		const out: IngestIssue[] = [...this.weightWarnings(lineOf, h?.headers.weight ?? 'weight')];
		for (const a of this.areas.values()) {
			if (a.n < SMALL_AREA) out.push({ line: null, column: 'borough', value: a.name, code: 'small_area', params: { count: a.n, min: SMALL_AREA } });
		}
		if (h) out.push(...this.design.warnings({ stratum: h.headers.stratum ?? 'stratum', psu: h.headers.psu ?? 'psu' }));
		if (this.items) out.push(...this.items.warnings());
		if (this.opts.mapping.new_areas && (this.opts.existingAreas ?? 0) > 0)
			out.push({ line: null, column: null, value: null, code: 'new_areas_ignored', params: { geography: this.opts.mapping.geography, count: this.opts.existingAreas! } });
		return out;
	}

	private weightWarnings(lineOf: (row: number) => number, column: string): IngestIssue[] {
		const out: IngestIssue[] = [];
		const n = this.weights.length;
		if (n === 0) return out;
		const sorted = this.weights.toArray().sort();
		const mid = n >> 1;
		const median = n % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
		const high = median * WEIGHT_OUTLIER_RATIO, low = median / WEIGHT_OUTLIER_RATIO;
		let found = 0;
		for (let i = 0; i < n && found < MAX_OUTLIERS_REPORTED; i++) {
			const w = this.weights.get(i);
			if (w > high || w < low) {
				found++;
				out.push(w > high
					? { line: lineOf(i), column, value: String(w), code: 'weight_outlier', params: { ratio: Math.round(w / median), median } }
					: { line: lineOf(i), column, value: String(w), code: 'weight_low_outlier', params: { ratio: Math.round(median / w), median } });
			}
		}
		return out;
	}
}
