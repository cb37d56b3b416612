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
 * The indicator's value for each respondent, NaN outside its universe (PRODUCT.md §4; METHODS.md §2):
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
	if (r.universe) {
		const u = catalog.indicators.find((d) => d.id === r.universe)!;
		const inU = recodeIndicator(catalog, u, items, rows);
		for (let i = 0; i < rows; i++) if (inU[i] !== 1) y[i] = NaN;
	}
	return y;
}

export class MissingItemError extends Error {
	constructor(readonly indicator: string, readonly item: string) {
		super(`indicator ${indicator} needs the survey item "${item}", which this dataset does not have`);
	}
}
