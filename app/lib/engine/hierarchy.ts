/**
 * The equations that link the tables a reader can get: every cell of a table is the total of
 * the cells of the next finer table that add one variable (a borough is the sum of its age
 * groups, and of its genders), a derived group is the sum of its members (12–24 = 12–17 +
 * 18–24), and a distribution's shares of one domain sum to 1. Totals and parts are found by
 * their domains, so any set of published tables can be linked: an equation is written only when
 * its total and all its parts are published (a part that is never published is an unknown that
 * protects the others).
 */
import type { Equation } from './protection';

/** A published cell, named by its domain (variable → value; absent = all). */
export interface HierarchyCell {
	domain: object;
}

type Coordinates = Readonly<Record<string, string | undefined>>;

export interface HierarchyOptions {
	/** The breakdown variables, e.g. ['borough', 'age_group', 'gender']. */
	variables: readonly string[];
	/** The values of each variable that partition its total (what adding the variable sums over). */
	partitions: Readonly<Record<string, readonly string[]>>;
	/** Groups published beside their members: `{ variable: 'age_group', label: '12-24', members: ['12-17', '18-24'] }`. */
	derived?: readonly { variable: string; label: string; members: readonly string[] }[];
	/** A variable whose values' shares sum to 1 in every domain (a distribution's categories). */
	shares?: { variable: string; values: readonly string[] };
	/** How a total relates to its parts along the breakdown variables. */
	kind: Equation['kind'];
	/** The margin rule's margin for the equations along the variables and for the shares. */
	margin?: number;
}

const ABSENT = '\u0000';

/**
 * @example
 * // The city, two boroughs and their cross with two genders: the city is the total of the
 * // boroughs and of the genders, each borough of its genders, each gender of its boroughs.
 * buildEquations(cells, { variables: ['borough', 'gender'], partitions: { borough: ['A', 'B'], gender: ['woman', 'man'] }, kind: 'mean' }).length // 1 + 1 + 2 + 2 = 6
 */
export function buildEquations(cells: readonly HierarchyCell[], opts: HierarchyOptions): Equation[] {
	const vars = opts.shares ? [...opts.variables, opts.shares.variable] : [...opts.variables];
	const keyOf = (d: object) => vars.map((v) => (d as Coordinates)[v] ?? ABSENT).join('\u0001');
	const index = new Map<string, number>();
	cells.forEach((c, i) => index.set(keyOf(c.domain), i));
	const find = (d: object) => index.get(keyOf(d));
	const out: Equation[] = [];
	const margin = opts.margin ?? 0;
	const addLine = (total: number, domain: object, variable: string, values: readonly string[], kind: Equation['kind']) => {
		const parts: number[] = [];
		for (const value of values) {
			const p = find({ ...domain, [variable]: value });
			if (p === undefined) return;
			parts.push(p);
		}
		if (parts.length) out.push({ total, parts, kind, margin });
	};
	cells.forEach((c, i) => {
		const d = c.domain as Coordinates;
		for (const v of opts.variables) {
			if (d[v] === undefined) addLine(i, d, v, opts.partitions[v] ?? [], opts.kind);
		}
		for (const g of opts.derived ?? []) {
			if (d[g.variable] === g.label) addLine(i, d, g.variable, g.members, opts.kind);
		}
	});
	if (opts.shares) {
		const { variable, values } = opts.shares;
		const seen = new Set<string>();
		for (const c of cells) {
			const rest = { ...c.domain, [variable]: undefined };
			const k = keyOf(rest);
			if (seen.has(k)) continue;
			seen.add(k);
			addLine(-1, rest, variable, values, 'sum');
		}
	}
	return out;
}

/** A stable key for a domain over the given variables (the lookup key of a published pattern). */
export function domainKey(domain: object, variables: readonly string[]): string {
	return variables.map((v) => (domain as Coordinates)[v] ?? ABSENT).join('\u0001');
}
