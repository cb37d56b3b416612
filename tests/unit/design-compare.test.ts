/**
 * Each area against the rest (compare.ts) under the designs whose comparison variance the
 * mapping changes — a stratified sample without clusters with an fpc, single-PSU strata
 * (adjust, average), replicate weights centred on their mean with and without rscales —
 * against R's svyby(covmat = TRUE) + svycontrast (fixtures/reference/designs/compare_designs.R).
 */
import { expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { compareWithRest } from '../../app/lib/engine/compare';
import { estimateDomains } from '../../app/lib/engine/estimate';
import { crossCells } from '../../app/lib/engine/frame';
import { parseMapping } from '../../ingest/column-mapping';
import { close, DESIGN_DIR, designCases, designMappings } from '../helpers/design-reference';
import { catalog, frameOf, valuesOf } from '../helpers/design-frames';

interface CompareRecord { case: string; indicator: string; borough: string; estimate: number; other: number; difference: number; se: number; df: number }
const records: CompareRecord[] = JSON.parse(readFileSync(`${DESIGN_DIR}/expected_compare_designs.json`, 'utf8'));
const cases = new Map(designCases().map((c) => [c.case, c]));
const mappings = designMappings();

test.each([...new Set(records.map((r) => r.case))])('%s: difference, SE and df of every area against the rest agree with R to 1e-6', (name) => {
	const c = cases.get(name)!;
	const frame = frameOf(c, parseMapping(mappings[name]));
	const mine = records.filter((r) => r.case === name);
	const def = catalog.indicators.find((d) => d.id === mine[0]!.indicator)!;
	const y = valuesOf(c, def);
	const df = estimateDomains(frame, y, { kind: 'proportion', by: [], design: c.design })[0]!.df;
	const tests = compareWithRest(frame, y, ['borough'], c.design, () => df);
	const levels = frame.factors.borough.levels;
	const cells = crossCells(frame, ['borough']);
	expect(cells.count).toBe(levels.length);
	const failures: string[] = [];
	for (const r of mine) {
		const got = tests[levels.indexOf(r.borough)];
		if (!got || !close(got.other, r.other, 1e-9) || !close(got.difference, r.difference, 1e-9) || !close(got.se, r.se) || got.df !== r.df)
			failures.push(`${r.borough}: got ${JSON.stringify(got && { other: got.other, difference: got.difference, se: got.se, df: got.df })}, R ${JSON.stringify(r)}`);
	}
	expect(failures.slice(0, 10)).toEqual([]);
	expect(mine.length).toBeGreaterThan(5);
});
