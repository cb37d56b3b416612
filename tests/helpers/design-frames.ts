/**
 * Engine frames for the cases of fixtures/reference/designs built straight from their CSV files
 * and mappings, without the database (the unit tests of the statistics alone), and each
 * indicator's values recoded by the catalog.
 */
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { denseCodes, type SurveyFrame } from '../../app/lib/engine/frame';
import { Catalog, type IndicatorDefinition } from '../../app/lib/engine/catalog';
import { recodeIndicator, type ItemColumn } from '../../app/lib/engine/recode';
import { replicateSpec, type SurveyMapping } from '../../ingest/column-mapping';
import { canonicalValue } from '../../ingest/survey/schema';
import { ageGroupOf } from '../../domain/words';
import defaultCatalog from '../../app/lib/catalog/default-catalog.json';
import { DESIGN_DIR, type DesignCase } from './design-reference';

export const catalog = Catalog.parse({
	indicators: [...defaultCatalog.indicators, ...JSON.parse(readFileSync(`${DESIGN_DIR}/api_catalog.json`, 'utf8')).indicators]
});

const files = new Map<string, Record<string, string>[]>();
function rowsOf(file: string): Record<string, string>[] {
	let rows = files.get(file);
	if (!rows) {
		rows = Papa.parse<Record<string, string>>(readFileSync(`${DESIGN_DIR}/${file}`, 'utf8'), { header: true, skipEmptyLines: true }).data;
		files.set(file, rows);
	}
	return rows;
}

/** A factor from text values, levels in order of first appearance. */
function factor(values: string[]) {
	const levels: string[] = [];
	const index = new Map<string, number>();
	const codes = Int32Array.from(values, (v) => index.get(v) ?? (index.set(v, levels.length), levels.push(v), levels.length - 1));
	return { codes, levels };
}

/** The value of a core role in a row, as the mapping reads it (a column, a constant, or the canonical header). */
function role(m: SurveyMapping, name: 'stratum' | 'psu' | 'fpc' | 'weight' | 'borough', row: Record<string, string>): string | undefined {
	const src = m.columns[name];
	if (src && typeof src === 'object' && 'constant' in src) return src.constant;
	return row[typeof src === 'string' ? src : name];
}

/** The frame ingestion would build for this case: the same columns, design options and replicate convention. */
export function frameOf(c: DesignCase, m: SurveyMapping): SurveyFrame {
	const rows = rowsOf(c.file), n = rows.length;
	const constant = (v: string) => factor(Array(n).fill(v));
	const frame: SurveyFrame = {
		rows: n,
		weight: Float64Array.from(rows, (r) => Number(role(m, 'weight', r))),
		factors: {
			borough: factor(rows.map((r) => role(m, 'borough', r)!)),
			gender: m.columns.gender === null ? constant('unknown') : factor(rows.map((r) => r.gender!)),
			age_group: m.columns.age === null ? constant('unknown') : factor(rows.map((r) => ageGroupOf(Number(r.age))!))
		},
		lonelyPsu: m.design.lonely_psu, adjustDomainLonely: m.design.adjust_domain_lonely
	};
	if (role(m, 'stratum', rows[0]!) !== undefined) {
		const strata = factor(rows.map((r) => role(m, 'stratum', r)!));
		frame.strata = strata.codes;
		frame.strataLabels = strata.levels;
		if (role(m, 'psu', rows[0]!) !== undefined) frame.psu = denseCodes(factor(rows.map((r) => `${role(m, 'stratum', r)}\0${role(m, 'psu', r)}`)).codes).codes;
	}
	if (m.columns.fpc) {
		const values = Float64Array.from(rows, (r) => Number(role(m, 'fpc', r)));
		frame.fpc = { values, form: values.some((v) => v > 1) ? 'population' : 'fraction' };
	}
	if (m.replicates) {
		const prefix = m.replicates.prefix;
		const names = Object.keys(rows[0]!).filter((k) => k.startsWith(prefix)).sort((a, b) => Number(a.slice(prefix.length)) - Number(b.slice(prefix.length)));
		const spec = replicateSpec(m.replicates, names.length);
		// JKn factors are derived from the strata at load (tested through ingestion); here R's are used.
		const rscales = spec.rscales ?? (spec.type === 'JKn' ? c.rscales : undefined);
		frame.replicates = { weights: names.map((k) => Float64Array.from(rows, (r) => Number(r[k]))), scale: spec.scale, mse: spec.mse,
			type: spec.type, ...(rscales ? { rscales: Float64Array.from(rscales) } : {}) };
	}
	return frame;
}

export function valuesOf(c: DesignCase, def: IndicatorDefinition): Float64Array {
	const rows = rowsOf(c.file);
	const item = def.recode.kind === 'any_of' ? def.recode.items[0]! : def.recode.item;
	const f = factor(rows.map((r) => (r[item] ?? '').trim()));
	const col: ItemColumn = { codes: Int32Array.from(f.codes, (k) => (f.levels[k] === '' ? -1 : k)), levels: f.levels.map(canonicalValue) };
	return recodeIndicator(catalog, def, new Map([[item, col]]), rows.length);
}

