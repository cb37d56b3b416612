import type { CsvRecord } from '../csv';
import type { SurveyMapping } from '../column-mapping';
import type { IngestIssue, IngestIssueCode, IssueCollector } from '../report';
import type { ResolvedHeader } from './header';
import { canonicalGender, canonicalValue, parseNumber, type SurveyCoreRow, type CoreRole } from './schema';
import { ageGroupOf, type AgeBand } from '../../domain/words';
import type { SurveyChecks } from './checks';
import { coreCells } from './core-cells';
import { weightProblem } from './weights';

/** `SurveyCoreRow[decimal].safeParse`, field by field with repeated values remembered (core-cells.ts). */
const CORE_CELLS = { '.': coreCells('.'), ',': coreCells(',') } as const;

export interface AreaRef {
	id: number;
	name: string;
	key: string;
}

/** Gender or age group of a survey that did not collect it. */
export const NOT_COLLECTED = 'unknown';

export interface ValidRow {
	respondent_id: string;
	wave: string | undefined;
	area: AreaRef;
	age: number | null;
	age_group: string;
	gender: string;
	weight: number;
	stratum: string | null;
	psu: string | null;
	/** The finite population correction of the row's stratum (population size or sampling fraction). */
	fpc: number | null;
	replicates: number[];
	items: (string | undefined)[];
}

export interface RowContext {
	bands: AgeBand[];
	matchArea: (value: string) => { area: AreaRef | undefined; suggestions: string[] };
	wave: string | undefined;
	decimal: '.' | ',';
	mapping: SurveyMapping;
	/** Where this row's errors go: the collector, or (skipping invalid rows) a list for the row. */
	report: (issue: IngestIssue) => void;
	issues: IssueCollector;
	/** Whole-file checks: the items' codes against the catalog, areas matched, the design. */
	checks?: SurveyChecks;
}

/** The text of a core role in a record as the file has it (a column, a constant or joined columns). */
function rawOf(rec: CsvRecord, h: ResolvedHeader, role: CoreRole): string {
	const src = h.roles[role];
	if (!src) return '';
	if (src.kind === 'column') return rec.cells[src.index] ?? '';
	if (src.kind === 'constant') return src.value;
	return src.indices.map((i) => (rec.cells[i] ?? '').trim()).join(src.separator);
}

/** The value of a core role: trimmed (stray carriage returns too), then the mapping's code → value for that role. */
function cellOf(rec: CsvRecord, h: ResolvedHeader, role: CoreRole, m: SurveyMapping): string {
	const v = rawOf(rec, h, role).trim();
	const codes = m.values[role];
	return codes && Object.hasOwn(codes, v) ? codes[v]! : v;
}

/** Validates one data record; reports every problem it has, returns the typed row or null. */
export function validateRecord(rec: CsvRecord, h: ResolvedHeader, ctx: RowContext): ValidRow | null {
	const m = ctx.mapping;
	let errors = 0;
	const report = (role: CoreRole, code: IngestIssueCode, extra: Pick<IngestIssue, 'params' | 'suggestion' | 'hint'> = {}) => {
		errors++;
		ctx.report({ line: rec.line, column: h.headers[role] ?? role, value: rawOf(rec, h, role), code, ...extra });
	};
	const parsed = CORE_CELLS[ctx.decimal]({
		respondent_id: cellOf(rec, h, 'respondent_id', m), wave: cellOf(rec, h, 'wave', m), borough: cellOf(rec, h, 'borough', m),
		age: cellOf(rec, h, 'age', m), age_group: cellOf(rec, h, 'age_group', m),
		gender: h.absent.has('gender') ? NOT_COLLECTED : cellOf(rec, h, 'gender', m),
		weight: cellOf(rec, h, 'weight', m), stratum: cellOf(rec, h, 'stratum', m), psu: cellOf(rec, h, 'psu', m),
		fpc: cellOf(rec, h, 'fpc', m)
	});
	if (!parsed.success) {
		for (const issue of parsed.error.issues) report(issue.path[0] as CoreRole, issue.message as IngestIssueCode);
		return null;
	}
	const r = parsed.data;

	const { area, suggestions } = ctx.matchArea(r.borough);
	ctx.checks?.noteArea(r.borough, area !== undefined);
	if (!area) report('borough', 'unknown_area', suggestions.length ? { suggestion: suggestions[0] } : {});
	const gender = h.absent.has('gender') ? NOT_COLLECTED : canonicalGender(r.gender);
	if (!gender) report('gender', 'unknown_gender');
	const ageGroup = ageGroupOfRow(r, h, ctx, report);

	if (h.roles.wave !== undefined) {
		if (r.wave === undefined) report('wave', 'required');
		else if (ctx.wave !== undefined && r.wave !== ctx.wave) report('wave', 'wave_mismatch', { params: { expected: ctx.wave } });
	}
	if (h.roles.weight !== undefined) {
		// A weight column with a blank cell: not "1", which would silently count the respondent as one person.
		if (r.weight === undefined) report('weight', 'required', { hint: { code: 'weight_blank' } });
		else {
			const p = weightProblem(r.weight);
			if (p) report('weight', p.code, { params: p.params });
		}
	}
	if (h.roles.stratum !== undefined && r.stratum === undefined) report('stratum', 'required');
	if (h.roles.psu !== undefined && r.psu === undefined) report('psu', 'required');
	if (h.roles.fpc !== undefined && r.fpc === undefined) report('fpc', 'required');

	const replicates = replicatesOf(rec, h, ctx, () => errors++);
	const items = itemsOf(rec, h, ctx, () => errors++);
	if (errors > 0) return null;
	return {
		respondent_id: r.respondent_id, wave: r.wave, area: area!, age: r.age ?? null, age_group: ageGroup!, gender: gender!,
		weight: r.weight ?? 1, stratum: r.stratum ?? null, psu: r.psu ?? null, fpc: r.fpc ?? null, replicates, items
	};
}

function ageGroupOfRow(r: SurveyCoreRow, h: ResolvedHeader, ctx: RowContext,
	report: (role: CoreRole, code: IngestIssueCode, extra?: Pick<IngestIssue, 'params'>) => void): string | undefined {
	if (r.age !== undefined) {
		const g = ageGroupOf(r.age, ctx.bands);
		if (!g) report('age', 'age_below_bands', { params: { min: ctx.bands[0]?.min ?? 0 } });
		return g;
	}
	if (r.age_group !== undefined) {
		const label = r.age_group.replace(/\s/g, '');
		const g = ctx.bands.find((b) => b.label === label)?.label;
		if (!g) report('age_group', 'unknown_age_group', { params: { expected: ctx.bands.map((b) => b.label).join(', ') } });
		return g;
	}
	if (h.absent.has('age')) return NOT_COLLECTED;
	report(h.roles.age !== undefined ? 'age' : 'age_group', 'required');
	return undefined;
}

function replicatesOf(rec: CsvRecord, h: ResolvedHeader, ctx: RowContext, failed: () => void): number[] {
	const replicates: number[] = new Array(h.replicates.length);
	const read = rec.numbers; // plain decimals the parser read as numbers (never negative)
	for (let k = 0; k < h.replicates.length; k++) {
		const rep = h.replicates[k]!;
		const known = read ? read[rep.index]! : NaN;
		if (known === known && (known === 0 || weightProblem(known) === null)) {
			replicates[k] = known;
			continue;
		}
		const raw = (rec.cells[rep.index] ?? '').trim();
		const v = parseNumber(raw, ctx.decimal);
		// A replicate weight may be 0 (its respondent left out of that replicate), never negative.
		const problem = v === undefined || v < 0 ? { code: 'replicate_not_number' as const } : v === 0 ? null : weightProblem(v);
		if (problem) {
			failed();
			ctx.report({ line: rec.line, column: rep.name, value: raw, ...problem });
		} else replicates[k] = v!;
	}
	return replicates;
}

function itemsOf(rec: CsvRecord, h: ResolvedHeader, ctx: RowContext, failed: () => void): (string | undefined)[] {
	const m = ctx.mapping;
	const items: (string | undefined)[] = new Array(h.items.length);
	const checker = ctx.checks?.items;
	for (let k = 0; k < h.items.length; k++) {
		const it = h.items[k]!;
		let v = (rec.cells[it.index] ?? '').trim();
		const codes = m.values[it.name] ?? m.values[it.header];
		if (codes && Object.hasOwn(codes, v)) v = codes[v]!;
		const out = checker ? checker.check(k, v, rec.line, ctx.report) : plainItem(v, it.name, m);
		if (out === null) failed();
		else items[k] = out;
	}
	return items;
}

/** An item without a catalog to check it against: kept as it is, words as codes. */
function plainItem(v: string, name: string, m: SurveyMapping): string | undefined {
	const missing = Array.isArray(m.missing) ? m.missing : (m.missing as Record<string, string[]>)[name];
	return v === '' || missing?.includes(v) ? undefined : canonicalValue(v);
}
