import type { EstimateTable } from '../../engine/types';

/**
 * A cell safe for spreadsheets: quoted when needed, and a leading = + - @ neutralised with an
 * apostrophe so that Excel never runs it as a formula (numbers are written as numbers).
 */
export function csvCell(v: string | number | null | undefined): string {
	if (v === null || v === undefined) return '';
	if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
	const s = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
	return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The estimate table as CSV, one row per domain, the domain variables first. */
export function estimateCsv(table: EstimateTable, by: readonly string[]): string {
	const head = [...by, 'n', 'weighted_n', 'estimate', 'se', 'ci_lo', 'ci_hi', 'df', 'n_eff', 'reliability', 'flags'];
	const lines = [head.join(',')];
	for (const r of table.rows) {
		const d = r.domain as Record<string, string | undefined>;
		lines.push([
			...by.map((v) => csvCell(d[v])), csvCell(r.n), csvCell(r.weighted_n), csvCell(r.estimate), csvCell(r.se),
			csvCell(r.ci?.[0]), csvCell(r.ci?.[1]), csvCell(r.df), csvCell(r.n_eff), csvCell(r.reliability), csvCell(r.flags.join(' '))
		].join(','));
	}
	return lines.join('\r\n') + '\r\n';
}
