/**
 * Coarser tables instead of holes: when most cells of a place's age group × gender table are
 * hidden, the same place by age group alone and by gender alone, each from the published tables
 * (their own hidden cells stay hidden), and only where most of its cells can be shown.
 */
import type { Db } from '../../../../db/connection';
import type { CellStatus } from '../../charts/cell-status';
import type { DomainVariable, EstimateRow } from '../../engine/types';
import { tabulate, type PreparedIndicator } from './survey';

export interface FallbackRow {
	key: string;
	estimate: number | null;
	ci: [number, number] | null;
	n: number | null;
	status: CellStatus;
	flags: string[];
}

/** The coarser tables that can be shown (null: that one is mostly hidden too). */
export interface BreakdownFallback {
	ages: FallbackRow[] | null;
	genders: FallbackRow[] | null;
}

/**
 * More than half of the cells that have respondents are hidden (a cell without respondents is
 * no hole a coarser table could fill).
 *
 * @example mostlyHidden([{ status: 'suppressed' }, { status: 'suppressed' }, { status: 'ok' }, { status: 'no_data' }]) → true
 */
export function mostlyHidden(rows: readonly { status: CellStatus }[]): boolean {
	const counted = rows.filter((r) => r.status !== 'no_data');
	return counted.length > 0 && counted.filter((r) => r.status === 'suppressed').length * 2 > counted.length;
}

const statusOf = (r: EstimateRow): CellStatus => (r.n === 0 ? 'no_data' : r.reliability);

/** The place's table by one variable (`borough`: its name; null for the whole city), or null when it is mostly hidden too. */
function coarser(db: Db, p: PreparedIndicator, request: { suppress: boolean }, borough: string | null, variable: DomainVariable): FallbackRow[] | null {
	const by: DomainVariable[] = borough ? ['borough', variable] : [variable];
	const rows = tabulate(db, p, { ci: 'kg', suppress: request.suppress, published: true, by }).rows
		.filter((r) => !borough || r.domain.borough === borough)
		.map((r) => ({ key: String(r.domain[variable as 'age_group' | 'gender']), estimate: r.estimate, ci: r.ci, n: r.n, status: statusOf(r), flags: r.flags }));
	return rows.length && !mostlyHidden(rows) ? rows : null;
}

/** What to show instead of a mostly hidden age group × gender table; null when the table is mostly shown. */
export function breakdownFallback(db: Db, p: PreparedIndicator, request: { suppress: boolean }, borough: string | null,
	cells: readonly { status: CellStatus }[]): BreakdownFallback | null {
	if (!mostlyHidden(cells)) return null;
	return { ages: coarser(db, p, request, borough, 'age_group'), genders: coarser(db, p, request, borough, 'gender') };
}
