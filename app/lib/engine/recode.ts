import type { Catalog, IndicatorDefinition } from './catalog';

/** A survey item as stored: a code per respondent (-1 = empty) and the text of each code. */
export interface ItemColumn {
	codes: Int32Array;
	levels: readonly string[];
}

/** Per code: the recoded value, NaN when the code is excluded. */
function lookup(levels: readonly string[], f: (level: string) => number): Float64Array {
	return Float64Array.from(levels, f);
}

/**
 * The indicator's value for each respondent, NaN outside its universe (fixtures/reference/METHODS.md §2):
 * e.g. feel_safe_after_dark: safe_after_dark 1,2 → 1; 3,4 → 0; 8, 9, empty → NaN.
 * Throws when the dataset lacks an item the indicator needs.
 */
export function recodeIndicator(
	catalog: Catalog, def: IndicatorDefinition, items: Map<string, ItemColumn>, rows: number
): Float64Array {
	const col = (name: string) => {
		const c = items.get(name);
		if (!c) throw new MissingItemError(def.id, name);
		return c;
	};
	const y = new Float64Array(rows).fill(NaN);
	const r = def.recode;
	if (r.kind === 'categories') throw new Error(`${def.id} is a distribution: recode each category with recodeCategory`);
	if (r.kind === 'codes' || r.kind === 'value') {
		const c = col(r.item);
		const table =
			r.kind === 'codes'
				? lookup(c.levels, (l) => (r.success.includes(l) ? 1 : r.valid.includes(l) ? 0 : NaN))
				: lookup(c.levels, (l) => {
						const v = Number(l);
						return r.missing.includes(l) || l.trim() === '' || !(v >= r.min && v <= r.max) ? NaN : v;
					});
		for (let i = 0; i < rows; i++) {
			const code = c.codes[i]!;
			if (code >= 0) y[i] = table[code]!;
		}
	} else {
		const cols = r.items.map(col);
		const tables = cols.map((c) => lookup(c.levels, (l) => (r.success.includes(l) ? 1 : r.valid.includes(l) ? 0 : NaN)));
		for (let i = 0; i < rows; i++) {
			let any = false, all = true;
			for (let k = 0; k < cols.length; k++) {
				const code = cols[k]!.codes[i]!;
				const v = code >= 0 ? tables[k]![code]! : NaN;
				if (v === 1) any = true;
				else if (v !== 0) all = false;
			}
			y[i] = any ? 1 : all ? 0 : NaN;
		}
	}
	return restrictToUniverse(catalog, r.universe, items, y);
}

/** Keeps y only where the universe indicator is 1 (e.g. reporting to the police among victims). */
function restrictToUniverse(catalog: Catalog, universe: string | undefined, items: Map<string, ItemColumn>, y: Float64Array): Float64Array {
	if (!universe) return y;
	const u = catalog.indicators.find((d) => d.id === universe)!;
	const inU = recodeIndicator(catalog, u, items, y.length);
	for (let i = 0; i < y.length; i++) if (inU[i] !== 1) y[i] = NaN;
	return y;
}

/**
 * One category of a distribution as a proportion: 1 where the item is `category`, 0 where it is
 * another listed category, NaN elsewhere (missing, unlisted, or outside the universe).
 * e.g. victim_context = private among victims: private → 1; academic… → 0; empty → NaN.
 */
export function recodeCategory(
	catalog: Catalog, def: IndicatorDefinition, category: string, items: Map<string, ItemColumn>, rows: number
): Float64Array {
	const r = def.recode;
	if (r.kind !== 'categories') throw new Error(`${def.id} is not a distribution`);
	const c = items.get(r.item);
	if (!c) throw new MissingItemError(def.id, r.item);
	const table = lookup(c.levels, (l) => (l === category ? 1 : r.categories.includes(l) ? 0 : NaN));
	const y = new Float64Array(rows).fill(NaN);
	for (let i = 0; i < rows; i++) {
		const code = c.codes[i]!;
		if (code >= 0) y[i] = table[code]!;
	}
	return restrictToUniverse(catalog, r.universe, items, y);
}

export class MissingItemError extends Error {
	constructor(readonly indicator: string, readonly item: string) {
		super(`indicator ${indicator} needs the survey item "${item}", which this dataset does not have`);
	}
}
