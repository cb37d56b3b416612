import type { Catalog } from '../../engine/catalog';
import { CONVENTIONAL_MISSING, type ItemDomain } from '../../../../ingest/survey/item-check';

/**
 * What the catalog accepts for each item some indicator reads, for checking files as they are
 * loaded: the union of the valid codes and categories of every indicator that reads the item, a
 * mean's range, and the codes read as "no answer" (a mean's own list; for coded items the survey
 * convention 8, 9, 99, unless one of them is a valid code).
 *
 * @example itemDomains(defaultCatalog).safe_after_dark // { codes: ['1', '2', '3', '4'], missing: ['8', '9', '99'] }
 */
export function itemDomains(catalog: Catalog): Record<string, ItemDomain> {
	const out: Record<string, ItemDomain> = {};
	const domainOf = (item: string) => (out[item] ??= { codes: [], missing: [] });
	const addCodes = (d: ItemDomain, codes: string[]) => { for (const c of codes) if (!d.codes.includes(c)) d.codes.push(c); };
	for (const def of catalog.indicators) {
		const r = def.recode;
		if (r.kind === 'codes') addCodes(domainOf(r.item), r.valid);
		else if (r.kind === 'any_of') for (const it of r.items) addCodes(domainOf(it), r.valid);
		else if (r.kind === 'categories') addCodes(domainOf(r.item), r.categories);
		else {
			const d = domainOf(r.item);
			d.range = d.range ? { min: Math.min(d.range.min, r.min), max: Math.max(d.range.max, r.max) } : { min: r.min, max: r.max };
			for (const m of r.missing) if (!d.missing.includes(m)) d.missing.push(m);
		}
	}
	for (const d of Object.values(out)) {
		if (d.codes.length === 0) continue;
		const inRange = (c: string) => d.range !== undefined && Number(c) >= d.range.min && Number(c) <= d.range.max;
		for (const m of CONVENTIONAL_MISSING) if (!d.codes.includes(m) && !inRange(m) && !d.missing.includes(m)) d.missing.push(m);
	}
	return out;
}
