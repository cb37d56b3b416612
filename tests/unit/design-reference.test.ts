/**
 * The engine against R's survey 4.1-1 for every design a mapping can declare
 * (fixtures/reference/designs: stratified samples without clusters, finite population
 * corrections in both forms, the five single-PSU options, every replicate type with mse TRUE
 * and FALSE). Frames are built straight from the CSV files and the case's mapping, without the
 * database: this is the statistics alone. R is not needed: its numbers are in the JSON.
 */
import { describe, expect, test } from 'vitest';
import { estimateDomains, type DomainResult } from '../../app/lib/engine/estimate';
import { DesignError } from '../../app/lib/engine/design';
import { parseMapping } from '../../ingest/column-mapping';
import { byOf, compareRecord, designCases, designMappings, domainKey } from '../helpers/design-reference';
import { catalog, frameOf, valuesOf } from '../helpers/design-frames';

const cases = designCases();
const mappings = designMappings();

describe.each(cases.map((c) => [c.case, c] as const))('%s', (_, c) => {
	const m = parseMapping(mappings[c.case]);
	const frame = frameOf(c, m);
	test(`${c.r_call}: every record agrees with R to 1e-6`, () => {
		const failures: string[] = [];
		let bounds = 0;
		const groups = new Map<string, typeof c.records>();
		for (const r of c.records) groups.set(`${r.indicator}|${r.domain_type}`, [...(groups.get(`${r.indicator}|${r.domain_type}`) ?? []), r]);
		for (const records of groups.values()) {
			const def = catalog.indicators.find((d) => d.id === records[0]!.indicator)!;
			const run = () => estimateDomains(frame, valuesOf(c, def), { kind: records[0]!.kind, by: byOf(records[0]!.domain_type), design: c.design });
			if (records.some((r) => r.error)) {
				// R stops on the domains that reach a single-PSU stratum; Vigie refuses the whole table, naming the stratum.
				expect(run).toThrow(DesignError);
				expect(run).toThrow(/Côte-des-Neiges|Mercier|Saint-Laurent/);
				continue;
			}
			const got = new Map<string, DomainResult>(run().map((row) => [domainKey(row.domain as Record<string, string>), row]));
			for (const r of records) bounds += compareRecord(r, got.get(domainKey(r.domain)), failures);
		}
		expect(failures.slice(0, 15)).toEqual([]);
		if (!c.case.startsWith('lonely_fail')) expect(bounds).toBeGreaterThan(10);
	});
});
