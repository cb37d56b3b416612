import type { IssueCollector } from './report';
import { headerKey } from './survey/schema';
import { matchName } from './names';

export interface ResolvedRoles<R extends string> {
	width: number;
	roles: Partial<Record<R, number>>;
	/** The file's own header of each role, for error reports. */
	headers: Partial<Record<R, string>>;
	/** Columns that are none of the roles, in file order. */
	others: { name: string; key: string; index: number }[];
	/** What each header was taken as, saved with the dataset. */
	mapping: Record<string, string>;
}

/**
 * Matches a header record against documented aliases (compared through `headerKey`: case,
 * accents and punctuation ignored) and reports duplicated columns. Used by the audit and mapping
 * loaders; the survey and incident headers have their own rules.
 */
export function resolveRoles<R extends string>(cells: string[], aliases: Record<R, string[]>, issues: IssueCollector): ResolvedRoles<R> {
	const byKey = new Map<string, R>((Object.entries(aliases) as [R, string[]][]).flatMap(([r, ks]) => ks.map((k) => [k, r] as const)));
	const out: ResolvedRoles<R> = { width: cells.length, roles: {}, headers: {}, others: [], mapping: {} };
	const seen = new Set<string>();
	cells.forEach((raw, index) => {
		const name = raw.trim();
		const key = headerKey(name);
		if (seen.has(key)) {
			issues.error({ line: 1, column: name, value: name, code: 'duplicate_column' });
			return;
		}
		seen.add(key);
		const role = byKey.get(key);
		if (role === undefined) {
			out.others.push({ name, key, index });
			return;
		}
		out.roles[role] = index;
		out.headers[role] = name;
		out.mapping[name] = role;
	});
	return out;
}

/**
 * Applies a mapping's explicit columns (role → header) to resolved roles: each named header wins
 * over the aliases; one the file lacks is an error naming it, with the nearest header suggested.
 */
export function applyColumns<R extends string>(
	cells: string[], columns: Record<string, string> | undefined, roles: readonly R[], out: { roles: Partial<Record<R, number>>; headers: Partial<Record<R, string>>; mapping: Record<string, string> },
	issues: IssueCollector
): void {
	if (!columns) return;
	const names = cells.map((c) => c.trim());
	for (const [role, header] of Object.entries(columns)) {
		if (!(roles as readonly string[]).includes(role)) {
			issues.error({ line: null, column: null, value: role, code: 'mapping_unknown_role', params: { role, roles: roles.join(', ') } });
			continue;
		}
		let i = names.indexOf(header);
		if (i < 0) i = names.findIndex((n) => headerKey(n) === headerKey(header));
		if (i < 0) {
			const { suggestions } = matchName(header, names.map((n, k) => ({ id: k, name: n, key: headerKey(n) })));
			issues.error({ line: 1, column: header, value: null, code: 'mapped_column_missing', params: { role }, ...(suggestions[0] ? { suggestion: suggestions[0] } : {}) });
			continue;
		}
		// The column leaves any role the aliases gave it.
		for (const r of Object.keys(out.roles) as R[]) if (out.roles[r] === i) { delete out.roles[r]; delete out.headers[r]; }
		out.roles[role as R] = i;
		out.headers[role as R] = names[i]!;
		out.mapping[names[i]!] = role;
	}
}
