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

/** Validates one data record; reports every problem it has, returns the typed row or null. */
export function validateRecord(rec: CsvRecord, h: ResolvedHeader, ctx: RowContext): ValidRow | null {
	const cellOf = (role: CoreRole) => (h.roles[role] === undefined ? '' : (rec.cells[h.roles[role]!] ?? ''));
	const headerOf = (role: CoreRole) => Object.keys(h.mapping).find((k) => h.mapping[k] === role) ?? role;
	const { issues } = ctx;
	const before = issues.errorCount;
	const fail = (role: CoreRole, code: IngestIssueCode, extra: { params?: Record<string, string | number>; suggestion?: string } = {}) =>
		issues.error({ line: rec.line, column: headerOf(role), value: cellOf(role), code, ...extra });

	const parsed = SurveyCoreRow.safeParse({
		respondent_id: cellOf('respondent_id'), wave: cellOf('wave'), borough: cellOf('borough'), age: cellOf('age'),
		age_group: cellOf('age_group'), gender: cellOf('gender'), weight: cellOf('weight'), stratum: cellOf('stratum'), psu: cellOf('psu')
	});
	if (!parsed.success) {
		for (const issue of parsed.error.issues) fail(issue.path[0] as CoreRole, issue.message as IngestIssueCode);
		return null;
	}
	const r = parsed.data;
	if (ctx.seen.has(r.respondent_id)) fail('respondent_id', 'duplicate_respondent');
	ctx.seen.add(r.respondent_id);

	const { area, suggestions } = ctx.matchArea(r.borough);
	if (!area) fail('borough', 'unknown_area', suggestions.length ? { suggestion: suggestions[0] } : {});
	const gender = canonicalGender(r.gender);
	if (!gender) fail('gender', 'unknown_gender');

	let ageGroup: string | undefined;
	if (r.age !== undefined) {
		ageGroup = ageGroupOf(r.age, ctx.bands);
		if (!ageGroup) fail('age', 'age_below_bands', { params: { min: ctx.bands[0]?.min ?? 0 } });
	} else if (r.age_group !== undefined) {
		ageGroup = ctx.bands.find((b) => b.label === r.age_group!.replace(/\s/g, ''))?.label;
		if (!ageGroup) fail('age_group', 'unknown_age_group', { params: { expected: ctx.bands.map((b) => b.label).join(', ') } });
	} else fail(h.roles.age !== undefined ? 'age' : 'age_group', 'required');

	if (h.roles.wave !== undefined) {
		if (r.wave === undefined) fail('wave', 'required');
		else if (ctx.wave !== undefined && r.wave !== ctx.wave) fail('wave', 'wave_mismatch', { params: { expected: ctx.wave } });
	}
	if (h.roles.stratum !== undefined && r.stratum === undefined) fail('stratum', 'required');
	if (h.roles.psu !== undefined && r.psu === undefined) fail('psu', 'required');

	const replicates: number[] = [];
	for (const rep of h.replicates) {
		const raw = (rec.cells[rep.index] ?? '').trim();
		const v = parseNumber(raw);
		if (v === undefined || v < 0) issues.error({ line: rec.line, column: rep.name, value: raw, code: 'replicate_not_number' });
		else replicates.push(v);
	}
	if (issues.errorCount > before) return null;
	return {
		respondent_id: r.respondent_id, wave: r.wave, area: area!, age: r.age ?? null, age_group: ageGroup!, gender: gender!,
		weight: r.weight ?? 1, stratum: r.stratum ?? null, psu: r.psu ?? null, replicates,
		items: h.items.map((it) => {
			const v = (rec.cells[it.index] ?? '').trim();
			return v === '' ? undefined : v;
		})
	};
}
