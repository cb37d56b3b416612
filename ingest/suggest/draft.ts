/**
 * A complete draft mapping from the assistant's proposals: every key of a mapping file written
 * out, so the analyst edits values rather than looks up keys. What the draft had to assume (codes
 * read by convention, a new geography) comes back as reasons with the roles.
 */
import { CORE_ROLES, type SurveyMappingInput } from '../column-mapping';
import { matchName, nameKey } from '../names';
import { canonicalValue, headerKey } from '../survey/schema';
import { MISSING_LIKE, type Reason } from './score';
import { sortedValues, type ColumnProfile } from './profile';
import type { Geography, MappingSuggestion } from './suggest';
import { DEFAULT_GEOGRAPHY } from '../../domain/words';

export interface Draft {
	/** The mapping proposed; it always names the geography the file is placed in. */
	mapping: SurveyMappingInput & { geography: string };
	/** What was assumed, per part of the mapping: `gender` codes, `geography`, an item's missing codes… */
	notes: { about: string; reason: Reason }[];
	/** The file has no wave column: the load needs --wave (or a constant). */
	waveNeeded: boolean;
}

/** A geography name from a file name: `ENSU 2015 (Q1).csv` → `ensu-2015-q1`. */
export function geographyName(fileName: string): string {
	const stem = fileName.replace(/\.[^.]+$/, '');
	return headerKey(stem).replace(/_/g, '-').slice(0, 40).replace(/-+$/, '') || 'areas';
}

/**
 * Codes apart from an item's run of codes, as "don't know" and "no answer" are: {1, 2, 3, 4, 9} → [9];
 * {0 … 10} → [] (8 and 9 are answers there).
 */
export function gapMissingCodes(p: ColumnProfile): string[] {
	if (!p.integer || p.counts.size > 15 || p.counts.size < 2) return [];
	const vs = sortedValues(p);
	const candidates = vs.filter((v) => MISSING_LIKE.has(v));
	const main = vs.filter((v) => !MISSING_LIKE.has(v)).map(Number);
	if (candidates.length === 0 || main.length < 2) return [];
	const top = Math.max(...main);
	return candidates.filter((c) => Number(c) > top + 1 || Number(c) < 0);
}

/** Yes/no answers written as words (`oui`/`non`, `TRUE`/`FALSE`): the codes they stand for. */
function yesNoWords(p: ColumnProfile): Record<string, string> | null {
	const vs = [...p.counts.keys()];
	if (vs.length === 0 || p.numeric) return null;
	const codes = vs.map((v) => [v, canonicalValue(v)] as const);
	if (!codes.every(([, c]) => c === '0' || c === '1')) return null;
	return Object.fromEntries(codes);
}

/** ISO/IEC 5218: 1 male, 2 female; the usual coding of statistical offices (INEGI, INSEE). */
function genderCodes(p: ColumnProfile): Record<string, string> | null {
	const vs = sortedValues(p).filter((v) => !MISSING_LIKE.has(v));
	if (!p.integer || vs.length !== 2 || vs[0] !== '1' || vs[1] !== '2') return null;
	return { '1': 'man', '2': 'woman' };
}

function areasPart(s: MappingSuggestion, geographies: Geography[], fileName: string, notes: Draft['notes'], house: string) {
	const chosen = s.chosen.borough;
	if (!chosen || typeof chosen.source !== 'string' || !s.areaMatch) return { geography: house, new_areas: false, values: undefined };
	const { geography, matched, count } = s.areaMatch;
	if (geography && matched >= count * 0.5) {
		const areas = geographies.find((g) => g.name === geography)!.areas;
		const keys = new Set(areas.map((a) => a.key));
		const p = s.profiles.find((x) => x.header === chosen.source)!;
		const values: Record<string, string> = {};
		for (const v of p.counts.keys()) {
			if (keys.has(nameKey(v))) continue;
			const near = matchName(v, areas).suggestions[0];
			if (near) values[v] = near;
		}
		return { geography, new_areas: false, values: Object.keys(values).length ? values : undefined };
	}
	const name = geographyName(fileName);
	notes.push({ about: 'geography', reason: { code: 'new_geography', params: { geography: geography || house } } });
	return { geography: name, new_areas: true, values: undefined };
}

export function draftMapping(s: MappingSuggestion, ctx: { fileName: string; geographies: Geography[]; house?: string; dialect: SurveyMappingInput['csv']; header: string[] }): Draft {
	const notes: Draft['notes'] = [];
	const columns: NonNullable<SurveyMappingInput['columns']> = {};
	for (const role of CORE_ROLES) if (s.chosen[role]) columns[role] = s.chosen[role].source;
	if (!columns.gender) { columns.gender = null; notes.push({ about: 'gender', reason: { code: 'no_column' } }); }
	if (!columns.age && !columns.age_group) { columns.age = null; notes.push({ about: 'age', reason: { code: 'no_column' } }); }
	const values: Record<string, Record<string, string>> = {};
	const profileOf = (h: unknown) => (typeof h === 'string' ? s.profiles.find((p) => p.header === h) : undefined);
	const gender = profileOf(columns.gender);
	const codes = gender && genderCodes(gender);
	if (codes) { values.gender = codes; notes.push({ about: 'gender', reason: { code: 'iso_5218' } }); }
	// Without an area column whose values could be matched, the file goes to the house geography (the caller's setting).
	const areas = areasPart(s, ctx.geographies, ctx.fileName, notes, ctx.house ?? DEFAULT_GEOGRAPHY);
	if (areas.values) values.borough = areas.values;
	const used = new Set(Object.values(columns).flatMap((c) => (typeof c === 'string' ? [c] : c && 'join' in c ? c.join : [])));
	const joined = columns.respondent_id && typeof columns.respondent_id === 'object' && 'join' in columns.respondent_id ? columns.respondent_id.join : [];
	const groups = ctx.header.filter((h) => h.includes('/')).length >= Math.max(2, ctx.header.length * 0.3);
	// An item's name is its header, or the header's last part when group paths are stripped.
	const itemName = (h: string) => (groups ? h.split('/').pop()! : h);
	const missing: Record<string, string[]> = {};
	for (const p of s.profiles) {
		if (used.has(p.header) || (s.replicates && p.header.startsWith(s.replicates.prefix))) continue;
		const gap = gapMissingCodes(p);
		if (gap.length) { missing[itemName(p.header)] = gap; notes.push({ about: p.header, reason: { code: 'missing_gap', params: { codes: gap.join(', '), count: gap.length } } }); }
		const words = yesNoWords(p);
		if (words) { values[p.header] = words; notes.push({ about: p.header, reason: { code: 'yes_no_words' } }); }
	}
	const mapping: Draft['mapping'] = {
		version: 1, kind: 'survey', csv: ctx.dialect,
		header: { strip_groups: groups, separator: '/' },
		columns, values, missing,
		items: { exclude: joined.filter((c) => !Object.values(columns).includes(c)), rename: {} },
		...(s.replicates ? { replicates: { prefix: s.replicates.prefix, method: 'bootstrap' as const } } : {}),
		geography: areas.geography, new_areas: areas.new_areas
	};
	return { mapping, notes, waveNeeded: columns.wave === undefined };
}
