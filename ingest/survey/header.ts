import type { IssueCollector } from '../report';
import { coreRoleOf, type CoreRole } from './schema';

export interface ResolvedHeader {
	width: number;
	/** Core role → cell index. */
	roles: Partial<Record<CoreRole, number>>;
	/** Replicate weight columns, in replicate order (bw_1 … bw_B). */
	replicates: { name: string; index: number }[];
	/** Every other column: a survey item kept as coded values. */
	items: { name: string; index: number }[];
	/** What each header was taken as, saved with the dataset. */
	mapping: Record<string, string>;
	/** The file's own header of each core role, for error reports. */
	headers: Partial<Record<CoreRole, string>>;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Reads the header record: core columns through their French and English aliases, replicate
 * weights by prefix (`bw_1` … `bw_B`, numbered without gaps), and items. Reports missing core
 * columns and duplicates.
 */
export function resolveHeader(cells: string[], replicatePrefix: string, issues: IssueCollector): ResolvedHeader {
	const h: ResolvedHeader = { width: cells.length, roles: {}, replicates: [], items: [], mapping: {}, headers: {} };
	const rep = new RegExp(`^${escapeRe(replicatePrefix)}(\\d+)$`, 'i');
	const seenNames = new Set<string>();
	cells.forEach((raw, index) => {
		const name = raw.trim();
		if (seenNames.has(name)) {
			issues.error({ line: 1, column: name, value: name, code: 'duplicate_column' });
			return;
		}
		seenNames.add(name);
		const role = coreRoleOf(name);
		const m = rep.exec(name);
		if (role) {
			if (h.roles[role] !== undefined) {
				issues.error({ line: 1, column: name, value: name, code: 'duplicate_column', params: { role } });
				return;
			}
			h.roles[role] = index;
			h.mapping[name] = role;
			h.headers[role] = name;
		} else if (m) {
			h.replicates.push({ name: `${replicatePrefix}${Number(m[1])}`, index });
			h.mapping[name] = 'replicate';
		} else {
			h.items.push({ name, index });
			h.mapping[name] = 'item';
		}
	});
	h.replicates.sort((a, b) => Number(a.name.slice(replicatePrefix.length)) - Number(b.name.slice(replicatePrefix.length)));
	h.replicates.forEach((r, i) => {
		if (r.name !== `${replicatePrefix}${i + 1}`)
			issues.error({ line: 1, column: r.name, value: r.name, code: 'replicate_sequence', params: { expected: `${replicatePrefix}${i + 1}` } });
	});
	for (const role of ['respondent_id', 'borough', 'gender'] as const) {
		if (h.roles[role] === undefined) issues.error({ line: 1, column: role, value: null, code: 'missing_column', params: { role } });
	}
	if (h.roles.age === undefined && h.roles.age_group === undefined)
		issues.error({ line: 1, column: 'age', value: null, code: 'missing_column', params: { role: 'age' } });
	if (h.roles.psu !== undefined && h.roles.stratum === undefined)
		issues.error({ line: 1, column: 'psu', value: null, code: 'psu_without_stratum' });
	return h;
}
