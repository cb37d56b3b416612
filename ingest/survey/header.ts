import type { IssueCollector } from '../report';
import type { ColumnSource, CoreRole, SurveyMapping } from '../column-mapping';
import { matchName } from '../names';
import { coreRoleOf, headerKey } from './schema';

/** Where one core role's value comes from, resolved against the file's header. */
export type RoleSource =
	| { kind: 'column'; index: number; header: string }
	| { kind: 'constant'; value: string }
	| { kind: 'join'; indices: number[]; separator: string; header: string };

export interface ResolvedHeader {
	width: number;
	/** The file's headers, in order. */
	columns: string[];
	/** Core role → its source; a role mapped to null (not collected) is in `absent`. */
	roles: Partial<Record<CoreRole, RoleSource>>;
	absent: Set<CoreRole>;
	/** Replicate weight columns, in replicate order (prefix1 … prefixB). */
	replicates: { name: string; index: number }[];
	/** Every other column kept: a survey item with its name in Vigie. */
	items: { name: string; index: number; header: string }[];
	/** Survey-tool metadata columns left out (`_uuid`, `_submission_time`…). */
	ignored: string[];
	/** What each header was taken as, saved with the dataset. */
	mapping: Record<string, string>;
	/** The file's own header of each role, for error reports. */
	headers: Partial<Record<CoreRole, string>>;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** KoboToolbox, ODK and R-mangled metadata: not survey items. */
const METADATA = new Set(['start', 'end', 'today', 'deviceid', 'subscriberid', 'simserial', 'phonenumber', 'username',
	'audit', 'instanceid', 'instancename', 'submissiondate', 'key', 'version', 'formhub_uuid', 'x_id', 'x_uuid', 'x_index',
	'isvalidated', 'x_submission_time', 'x_validation_status', 'x_parent_index', 'x_submitted_by', 'x_notes', 'x_status', 'x_tags', 'x_version']);
function isMetadata(name: string): boolean {
	if (name.startsWith('_')) return true; // _id, _uuid, _submission_time, _index, __version__…
	const last = name.split(/[/.:]/).pop() ?? name;
	return METADATA.has(headerKey(name)) || METADATA.has(headerKey(last)) || /^meta[/.:-]/i.test(name);
}

/**
 * Survey-tool group paths: `g1/sg1/q` → `q`. A column whose parent path is itself a column is a
 * select-multiple option: `g1/q/option` → `q/option`.
 */
function stripGroups(names: string[], sep: string): string[] {
	const all = new Set(names);
	return names.map((n) => {
		const parts = n.split(sep);
		if (parts.length < 2) return n;
		const parent = parts.slice(0, -1).join(sep);
		if (all.has(parent)) return `${parts[parts.length - 2]}/${parts[parts.length - 1]}`;
		return parts[parts.length - 1]!;
	});
}

/**
 * Reads the header record with the mapping: roles the mapping names, then the documented French
 * and English aliases for the others; replicate weights by prefix (numbered without gaps); every
 * other column an item. Reports missing and duplicate columns, with suggestions for a mapped
 * column the file does not have.
 */
export function resolveHeader(cells: string[], mapping: SurveyMapping, issues: IssueCollector): ResolvedHeader {
	const h: ResolvedHeader = { width: cells.length, columns: cells.map((c) => c.trim()), roles: {}, absent: new Set(), replicates: [], items: [], ignored: [], mapping: {}, headers: {} };
	const raw = cells.map((c) => c.trim());
	const names = mapping.header.strip_groups ? stripGroups(raw, mapping.header.separator) : raw;
	const taken = new Set<number>();

	const seen = new Map<string, number>();
	raw.forEach((name, index) => {
		if (seen.has(name)) issues.error({ line: 1, column: name, value: name, code: 'duplicate_column' });
		else seen.set(name, index);
	});
	if (issues.errorCount > 0) return h;

	/** A header named by the mapping: exact, then as written after stripping groups, then case- and accent-insensitive. */
	const find = (header: string, role: string): number | undefined => {
		let i = raw.indexOf(header);
		if (i < 0) i = names.indexOf(header);
		if (i < 0) i = raw.findIndex((r) => headerKey(r) === headerKey(header));
		if (i < 0) {
			const { suggestions } = matchName(header, raw.map((r, k) => ({ id: k, name: r, key: headerKey(r) })));
			issues.error({ line: 1, column: header, value: null, code: 'mapped_column_missing', params: { role },
				...(suggestions[0] ? { suggestion: suggestions[0] } : {}) });
			return undefined;
		}
		return i;
	};

	for (const [role, src] of Object.entries(mapping.columns) as [CoreRole, ColumnSource][]) {
		if (src === null) {
			h.absent.add(role);
			h.mapping[`(${role})`] = 'not_collected';
		} else if (typeof src === 'string') {
			const i = find(src, role);
			if (i === undefined) continue;
			h.roles[role] = { kind: 'column', index: i, header: raw[i]! };
			h.headers[role] = raw[i]!;
			h.mapping[raw[i]!] = role;
			taken.add(i);
		} else if ('constant' in src) {
			h.roles[role] = { kind: 'constant', value: src.constant };
			h.mapping[`(${role})`] = `constant:${src.constant}`;
		} else {
			const indices = src.join.map((c) => find(c, role));
			if (indices.some((i) => i === undefined)) continue;
			const header = src.join.join('+');
			h.roles[role] = { kind: 'join', indices: indices as number[], separator: src.separator, header };
			h.headers[role] = header;
			for (const i of indices as number[]) { taken.add(i); h.mapping[raw[i]!] = role; }
		}
	}

	const prefix = mapping.replicates?.prefix ?? 'bw_';
	const rep = new RegExp(`^${escapeRe(prefix)}(\\d+)$`, 'i');
	const renamed = new Map(Object.entries(mapping.items.rename).map(([item, col]) => [col, item]));
	names.forEach((name, index) => {
		if (taken.has(index)) return;
		const header = raw[index]!;
		const role = coreRoleOf(name);
		const m = rep.exec(name);
		if (role && !(role in mapping.columns)) {
			if (h.roles[role] !== undefined) {
				issues.error({ line: 1, column: header, value: header, code: 'duplicate_column', params: { role } });
				return;
			}
			h.roles[role] = { kind: 'column', index, header };
			h.mapping[header] = role;
			h.headers[role] = header;
		} else if (m) {
			h.replicates.push({ name: `${prefix}${Number(m[1])}`, index });
			h.mapping[header] = 'replicate';
		} else {
			const item = renamed.get(header) ?? renamed.get(name) ?? name;
			const kept = mapping.items.include ? mapping.items.include.includes(item) : !isMetadata(header) && !isMetadata(name);
			if (!kept || mapping.items.exclude.includes(item) || mapping.items.exclude.includes(header)) {
				h.ignored.push(header);
				h.mapping[header] = 'ignored';
				return;
			}
			if (h.items.some((it) => it.name === item)) {
				issues.error({ line: 1, column: header, value: item, code: 'duplicate_column' });
				return;
			}
			h.items.push({ name: item, index, header });
			h.mapping[header] = item === header ? 'item' : `item:${item}`;
		}
	});
	for (const [item, col] of Object.entries(mapping.items.rename)) {
		if (!h.items.some((it) => it.name === item)) find(col, item);
	}
	h.replicates.sort((a, b) => Number(a.name.slice(prefix.length)) - Number(b.name.slice(prefix.length)));
	h.replicates.forEach((r, i) => {
		if (r.name !== `${prefix}${i + 1}`)
			issues.error({ line: 1, column: r.name, value: r.name, code: 'replicate_sequence', params: { expected: `${prefix}${i + 1}` } });
	});
	if (mapping.replicates && h.replicates.length === 0)
		issues.error({ line: 1, column: `${prefix}1`, value: null, code: 'missing_column', params: { role: 'replicate' } });
	for (const role of ['respondent_id', 'borough', 'gender'] as const) {
		if (h.roles[role] === undefined && !h.absent.has(role))
			issues.error({ line: 1, column: role, value: null, code: 'missing_column', params: { role }, hint: { code: role === 'gender' ? 'gender_absent' : 'suggest_mapping' } });
	}
	if (h.roles.age === undefined && h.roles.age_group === undefined && !h.absent.has('age'))
		issues.error({ line: 1, column: 'age', value: null, code: 'missing_column', params: { role: 'age' }, hint: { code: 'age_absent' } });
	if (h.roles.psu !== undefined && h.roles.stratum === undefined)
		issues.error({ line: 1, column: h.headers.psu ?? 'psu', value: null, code: 'psu_without_stratum', hint: { code: 'stratum_constant' } });
	return h;
}
