import type { DiagnosticTable, EstimateTable } from '../../engine/types';
import { neutralise } from '../../exports/spreadsheet-text';

/** A cell safe for spreadsheets: quoted when needed, a formula neutralised (numbers are written as numbers). */
export function csvCell(v: string | number | null | undefined): string {
	if (v === null || v === undefined) return '';
	if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
	const s = neutralise(v);
	return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * The estimate table as CSV, one row per domain, the domain variables first. An analyst's table
 * with suppressed values (`notForPublication`) says so on each such row, in a last column.
 */
export function estimateCsv(table: EstimateTable, domainVars: readonly string[], opts: { notForPublication?: boolean } = {}): string {
	// A distribution's rows carry their category as one more domain variable.
	const by = table.rows.some((r) => r.domain.category !== undefined) ? [...domainVars, 'category'] : domainVars;
	const rest = table.rows.some((r) => r.comparisons?.rest !== undefined);
	const prev = table.rows.some((r) => r.comparisons?.previous_wave !== undefined);
	const head = [...by, 'n', 'weighted_n', 'estimate', 'se', 'ci_lo', 'ci_hi', 'df', 'n_eff', 'reliability', 'flags',
		...(rest ? ['rest_estimate', 'rest_difference', 'rest_p', 'rest_verdict'] : []),
		...(prev ? ['previous_wave', 'previous_estimate', 'previous_difference', 'previous_p', 'previous_verdict'] : []),
		...(opts.notForPublication ? ['publication'] : [])];
	const lines = [head.join(',')];
	for (const r of table.rows) {
		const d = r.domain as Record<string, string | undefined>;
		const c = r.comparisons?.rest, w = r.comparisons?.previous_wave;
		lines.push([
			...by.map((v) => csvCell(d[v])), csvCell(r.n), csvCell(r.weighted_n), csvCell(r.estimate), csvCell(r.se),
			csvCell(r.ci?.[0]), csvCell(r.ci?.[1]), csvCell(r.df), csvCell(r.n_eff), csvCell(r.reliability), csvCell(r.flags.join(' ')),
			...(rest ? [csvCell(c?.other), csvCell(c?.difference), csvCell(c?.p), csvCell(c?.verdict)] : []),
			...(prev ? [csvCell(w?.wave), csvCell(w?.other), csvCell(w?.difference), csvCell(w?.p), csvCell(w?.verdict)] : []),
			...(opts.notForPublication ? [r.reliability === 'suppressed' || r.flags.includes('not_published') ? 'not_for_publication' : ''] : [])
		].join(','));
	}
	return lines.join('\r\n') + '\r\n';
}

/** Rows of plain objects as CSV with the given columns. */
export function rowsCsv(columns: string[], rows: Record<string, unknown>[]): string {
	const cell = (v: unknown) => csvCell(typeof v === 'number' || typeof v === 'string' || v == null ? (v as string | number | null) : JSON.stringify(v));
	return [columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))].join('\r\n') + '\r\n';
}

/** A diagnostic table as CSV: the breakdown, then the count, value, interval, denominator and rate ratio. */
export function diagnosticCsv(table: DiagnosticTable, domainVars: readonly string[]): string {
	const by = table.rows.some((r) => r.domain.criterion !== undefined) && !domainVars.includes('criterion') ? [...domainVars, 'criterion'] : domainVars;
	const rates = table.rows.some((r) => r.population !== undefined);
	const head = [...by, 'n', 'estimate', 'se', 'ci_lo', 'ci_hi', ...(rates ? ['population', 'rate_ratio', 'rate_ratio_lo', 'rate_ratio_hi'] : []), 'reliability', 'flags'];
	const lines = [head.join(',')];
	for (const r of table.rows) {
		const d = r.domain as Record<string, string | undefined>;
		lines.push([
			...by.map((v) => csvCell(d[v])), csvCell(r.n), csvCell(r.estimate), csvCell(r.se), csvCell(r.ci?.[0]), csvCell(r.ci?.[1]),
			...(rates ? [csvCell(r.population), csvCell(r.rate_ratio?.estimate), csvCell(r.rate_ratio?.ci[0]), csvCell(r.rate_ratio?.ci[1])] : []),
			csvCell(r.reliability), csvCell(r.flags.join(' '))
		].join(','));
	}
	return lines.join('\r\n') + '\r\n';
}
