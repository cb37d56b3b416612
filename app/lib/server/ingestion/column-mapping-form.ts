/**
 * The upload page's mapping form, both ways: the form's state from a mapping (and the assistant's
 * proposals), and a mapping from the posted form. The mapping's JSON text stays the whole truth
 * (replicates, item renames, per-item missing codes…); the form's fields replace the parts they
 * show: each role's column, the gender codes, the geography and its area names, the missing codes.
 */
import { CORE_ROLES, type ColumnSource, type CoreRole } from '../../../../ingest/column-mapping';
import type { RoleCandidate } from '../../../../ingest/report';
import type { FileSuggestion, Geography } from '../../../../ingest/suggest';
import { nameKey, matchName } from '../../../../ingest/names';
import { canonicalGender, coreRoleOf } from '../../../../ingest/survey/schema';
import { sortedValues } from '../../../../ingest/suggest/profile';

/** Select values that are not columns. */
export const ABSENT = '(absent)';
export const ONE = '(one)';
export const AS_JSON = '(json)';
export const NEW_GEOGRAPHY = '(new)';
const JOIN = 'join:';
const MAX_AREA_VALUES = 100;
const MAX_GENDER_CODES = 10;

type Json = Record<string, unknown>;

export interface RoleField {
	role: CoreRole;
	value: string;
	/** What the mapping's JSON gives that the select cannot show (a constant wave…). */
	asJson: string | null;
	/** A joined id the assistant drafted: the select's extra option. */
	join: { value: string; columns: string[] } | null;
	candidates: RoleCandidate[];
}

export interface MappingFormModel {
	columns: string[];
	roles: RoleField[];
	gender: { column: string; codes: { code: string; value: string }[] } | null;
	areas: {
		column: string; geography: string; newGeography: string; geographies: string[]; names: string[];
		values: { code: string; value: string; exact: boolean }[];
	} | null;
	missing: string;
}

const sourceValue = (role: CoreRole, src: ColumnSource | undefined): string => {
	if (src === undefined) return '';
	if (src === null) return ABSENT;
	if (typeof src === 'string') return src;
	if ('join' in src) return JOIN + JSON.stringify(src.join);
	if ((role === 'stratum' && src.constant === 'all') || (role === 'weight' && src.constant === '1')) return ONE;
	return AS_JSON;
};

/** The column the file uses for a role: the mapping's, or the one the header aliases give. */
function columnOf(role: CoreRole, columns: Json, header: string[]): string | null {
	const src = columns[role];
	if (typeof src === 'string') return src;
	if (src !== undefined) return null;
	return header.find((h) => coreRoleOf(h) === role) ?? null;
}

function genderModel(s: FileSuggestion, mapping: Json, column: string | null): MappingFormModel['gender'] {
	const p = column ? s.suggestion.profiles.find((x) => x.header === column) : undefined;
	if (!p) return null;
	const given = ((mapping.values as Json | undefined)?.gender ?? {}) as Record<string, string>;
	const codes = sortedValues(p).slice(0, MAX_GENDER_CODES).map((code) => ({ code, value: given[code] ?? canonicalGender(code) ?? '' }));
	return { column: p.header, codes };
}

function areasModel(s: FileSuggestion, mapping: Json, column: string | null, geographies: Geography[], house: string): MappingFormModel['areas'] {
	const p = column ? s.suggestion.profiles.find((x) => x.header === column) : undefined;
	if (!p) return null;
	const geography = typeof mapping.geography === 'string' ? mapping.geography : house;
	const known = geographies.find((g) => g.name === geography);
	const isNew = !known || (mapping.new_areas === true && known.areas.length === 0);
	const given = ((mapping.values as Json | undefined)?.borough ?? {}) as Record<string, string>;
	const keys = new Set(known?.areas.map((a) => a.key) ?? []);
	const values = sortedValues(p).slice(0, MAX_AREA_VALUES).map((code) => {
		const exact = keys.has(nameKey(code));
		const near = !exact && known ? matchName(code, known.areas).suggestions[0] : undefined;
		return { code, value: given[code] ?? near ?? '', exact };
	});
	return { column: p.header, geography: isNew ? NEW_GEOGRAPHY : geography, newGeography: isNew ? geography : '',
		geographies: geographies.map((g) => g.name), names: known ? known.areas.map((a) => a.name).sort((a, b) => a.localeCompare(b, 'fr')) : [], values };
}

/**
 * The form's state: from the mapping in force, or (none given) from the assistant's draft. A
 * mapping that names no geography is placed in `house`, the house geography of the settings.
 */
export function formModel(mapping: Json, s: FileSuggestion, geographies: Geography[], house: string): MappingFormModel {
	const columns = (mapping.columns ?? {}) as Json;
	const roles = CORE_ROLES.map((role): RoleField => {
		const src = columns[role] as ColumnSource | undefined;
		const value = sourceValue(role, src);
		const drafted = s.draft.mapping.columns?.[role];
		const joinCols = src && typeof src === 'object' && 'join' in src ? src.join
			: drafted && typeof drafted === 'object' && 'join' in drafted ? drafted.join : null;
		return { role, value, asJson: value === AS_JSON ? JSON.stringify(src) : null,
			join: joinCols ? { value: JOIN + JSON.stringify(joinCols), columns: joinCols } : null, candidates: s.suggestion.candidates[role] };
	});
	const missing = Array.isArray(mapping.missing) ? (mapping.missing as string[]).join(', ') : '';
	return { columns: s.head.header, roles, gender: genderModel(s, mapping, columnOf('gender', columns, s.head.header)),
		areas: areasModel(s, mapping, columnOf('borough', columns, s.head.header), geographies, house), missing };
}

function sourceFrom(role: CoreRole, v: string, previous: unknown): ColumnSource | undefined {
	if (v === '') return undefined;
	if (v === ABSENT) return null;
	if (v === ONE) return { constant: role === 'weight' ? '1' : 'all' };
	if (v === AS_JSON) return previous as ColumnSource;
	if (v.startsWith(JOIN)) {
		try {
			const cols = JSON.parse(v.slice(JOIN.length)) as unknown;
			if (Array.isArray(cols) && cols.every((c) => typeof c === 'string')) return { join: cols as string[], separator: '-' };
		} catch { /* not a join: taken as a column name below */ }
	}
	return v;
}

/** Pairs of fields `<prefix>_code_<i>` / `<prefix>_value_<i>`: the codes given a value. */
function pairs(form: FormData, prefix: string): Record<string, string> | null {
	const out: Record<string, string> = {};
	let any = false;
	for (let i = 0; form.has(`${prefix}_code_${i}`); i++) {
		any = true;
		const code = String(form.get(`${prefix}_code_${i}`));
		const value = String(form.get(`${prefix}_value_${i}`) ?? '').trim();
		if (value !== '') out[code] = value;
	}
	return any ? out : null;
}

/**
 * The mapping JSON text with the form's fields applied over `json` (the textarea's text). Fields
 * absent from the post (a form without them) change nothing; an unreadable JSON is returned as
 * it is, for the check to report. The house geography (`house`) chosen in the form is left
 * implicit, as the mapping without a geography already means it.
 */
export function mappingFromForm(form: FormData, json: string, house: string): string {
	let base: Json;
	try {
		base = json.trim() ? (JSON.parse(json) as Json) : {};
	} catch {
		return json;
	}
	if (typeof base !== 'object' || base === null || Array.isArray(base)) return json;
	const out: Json = { ...base };
	const columns = { ...((base.columns as Json | undefined) ?? {}) };
	let touched = false;
	for (const role of CORE_ROLES) {
		if (!form.has(`role_${role}`)) continue;
		touched = true;
		const src = sourceFrom(role, String(form.get(`role_${role}`)), columns[role]);
		if (src === undefined) delete columns[role];
		else columns[role] = src;
	}
	if (touched && (Object.keys(columns).length > 0 || base.columns !== undefined)) out.columns = columns;
	const values = { ...((base.values as Json | undefined) ?? {}) };
	// A code that already reads as its value (`F` → woman, an area's own name) needs no entry.
	const obvious = { gender: (code: string, v: string) => canonicalGender(code) === v, borough: (code: string, v: string) => nameKey(code) === nameKey(v) };
	for (const [prefix, key] of [['gender', 'gender'], ['area', 'borough']] as const) {
		const p = pairs(form, prefix);
		if (p === null) continue;
		for (const [code, v] of Object.entries(p)) if (obvious[key](code, v)) delete p[code];
		if (Object.keys(p).length) values[key] = p;
		else delete values[key];
		if (Object.keys(values).length || base.values !== undefined) out.values = values;
	}
	const geography = form.get('geography');
	const unchanged = geography === (base.geography ?? house) && base.new_areas !== true;
	if (typeof geography === 'string' && geography !== '' && !unchanged) {
		const isNew = geography === NEW_GEOGRAPHY;
		out.geography = isNew ? String(form.get('new_geography') ?? '').trim() || 'areas' : geography;
		out.new_areas = isNew;
	}
	// The field shows codes for every item; codes per item stay in the JSON.
	if (form.has('missing')) {
		const missing = String(form.get('missing')).trim();
		if (missing !== '') out.missing = missing.split(/[,;\s]+/).filter((c) => c !== '');
		else if (Array.isArray(base.missing)) delete out.missing;
	}
	return Object.keys(out).length ? JSON.stringify(out, null, 2) : '';
}
