import type { IssueCollector } from './report';
import { headerKey } from './survey/schema';

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
