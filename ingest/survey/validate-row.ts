import type { CsvRecord } from '../csv';
import type { IngestIssueCode, IssueCollector } from '../report';
import type { ResolvedHeader } from './header';
import { ageGroupOf, canonicalGender, parseNumber, SurveyCoreRow, type AgeBand, type CoreRole, type Gender } from './schema';

export interface AreaRef {
	id: number;
	name: string;
	key: string;
}

export interface ValidRow {
	respondent_id: string;
	wave: string | undefined;
	area: AreaRef;
	age: number | null;
	age_group: string;
	gender: Gender;
	weight: number;
	stratum: string | null;
	psu: string | null;
	replicates: number[];
	items: (string | undefined)[];
}

export interface RowContext {
	bands: AgeBand[];
	matchArea: (value: string) => { area: AreaRef | undefined; suggestions: string[] };
	seen: Set<string>;
	wave: string | undefined;
	issues: IssueCollector;
}

function cellOf(rec: CsvRecord, h: ResolvedHeader, role: CoreRole): string {
	const i = h.roles[role];
	return i === undefined ? '' : (rec.cells[i] ?? '');
}

function report(
	ctx: RowContext, rec: CsvRecord, h: ResolvedHeader, role: CoreRole, code: IngestIssueCode,
	extra: { params?: Record<string, string | number>; suggestion?: string } = {}
): void {
	ctx.issues.error({ line: rec.line, column: h.headers[role] ?? role, value: cellOf(rec, h, role), code, ...extra });
}

/** Validates one data record; reports every problem it has, returns the typed row or null. */
export function validateRecord(rec: CsvRecord, h: ResolvedHeader, ctx: RowContext): ValidRow | null {
	const { issues } = ctx;
	const before = issues.errorCount;
	const parsed = SurveyCoreRow.safeParse({
		respondent_id: cellOf(rec, h, 'respondent_id'), wave: cellOf(rec, h, 'wave'), borough: cellOf(rec, h, 'borough'),
		age: cellOf(rec, h, 'age'), age_group: cellOf(rec, h, 'age_group'), gender: cellOf(rec, h, 'gender'),
		weight: cellOf(rec, h, 'weight'), stratum: cellOf(rec, h, 'stratum'), psu: cellOf(rec, h, 'psu')
	});
	if (!parsed.success) {
		for (const issue of parsed.error.issues) report(ctx, rec, h, issue.path[0] as CoreRole, issue.message as IngestIssueCode);
		return null;
	}
	const r = parsed.data;
	if (ctx.seen.has(r.respondent_id)) report(ctx, rec, h, 'respondent_id', 'duplicate_respondent');
	ctx.seen.add(r.respondent_id);

	const { area, suggestions } = ctx.matchArea(r.borough);
	if (!area) report(ctx, rec, h, 'borough', 'unknown_area', suggestions.length ? { suggestion: suggestions[0] } : {});
	const gender = canonicalGender(r.gender);
	if (!gender) report(ctx, rec, h, 'gender', 'unknown_gender');

	let ageGroup: string | undefined;
	if (r.age !== undefined) {
		ageGroup = ageGroupOf(r.age, ctx.bands);
		if (!ageGroup) report(ctx, rec, h, 'age', 'age_below_bands', { params: { min: ctx.bands[0]?.min ?? 0 } });
	} else if (r.age_group !== undefined) {
		const label = r.age_group.replace(/\s/g, '');
		ageGroup = ctx.bands.find((b) => b.label === label)?.label;
		if (!ageGroup) report(ctx, rec, h, 'age_group', 'unknown_age_group', { params: { expected: ctx.bands.map((b) => b.label).join(', ') } });
	} else report(ctx, rec, h, h.roles.age !== undefined ? 'age' : 'age_group', 'required');

	if (h.roles.wave !== undefined) {
		if (r.wave === undefined) report(ctx, rec, h, 'wave', 'required');
		else if (ctx.wave !== undefined && r.wave !== ctx.wave) report(ctx, rec, h, 'wave', 'wave_mismatch', { params: { expected: ctx.wave } });
	}
	if (h.roles.stratum !== undefined && r.stratum === undefined) report(ctx, rec, h, 'stratum', 'required');
	if (h.roles.psu !== undefined && r.psu === undefined) report(ctx, rec, h, 'psu', 'required');

	const replicates: number[] = new Array(h.replicates.length);
	for (let k = 0; k < h.replicates.length; k++) {
		const rep = h.replicates[k]!;
		const raw = (rec.cells[rep.index] ?? '').trim();
		const v = parseNumber(raw);
		if (v === undefined || v < 0) issues.error({ line: rec.line, column: rep.name, value: raw, code: 'replicate_not_number' });
		else replicates[k] = v;
	}
	if (issues.errorCount > before) return null;
	const items: (string | undefined)[] = new Array(h.items.length);
	for (let k = 0; k < h.items.length; k++) {
		const v = (rec.cells[h.items[k]!.index] ?? '').trim();
		items[k] = v === '' ? undefined : v;
	}
	return {
		respondent_id: r.respondent_id, wave: r.wave, area: area!, age: r.age ?? null, age_group: ageGroup!, gender: gender!,
		weight: r.weight ?? 1, stratum: r.stratum ?? null, psu: r.psu ?? null, replicates, items
	};
}
