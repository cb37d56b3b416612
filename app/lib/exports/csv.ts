/**
 * The numbers behind a chart as CSV, for Excel and for scripts (README "Exports"):
 *
 * - UTF-8 with a byte-order mark, CRLF line ends (RFC 4180).
 * - Variant `en`: `,` between fields and `.` in numbers; `fr`: `;` and decimal commas (what a
 *   French Excel opens directly). The words follow the export's language either way.
 * - First, the words around the chart, one per line, as two fields: `#` and the text (title,
 *   subtitle, source, method, summary, each note). Excel shows them in column B above the table;
 *   a CSV reader skips them as comments (pandas `comment='#'`, R `comment.char='#'`, Papa Parse
 *   `comments: '#'`). Then the table: one header line, one line per value.
 * - Proportions are written in percent ("Estimate (%)", 62.4), means as they are.
 * - A suppressed value has empty estimate and interval cells, and its reliability cell says why;
 *   an analyst's unsuppressed export (suppress=0) keeps the value, says "not for publication" in
 *   that cell and in the notes.
 * - Charts whose values are compared (the portrait's: against the rest of the city, the previous
 *   wave) end with a verdict column, in the page's words.
 * - Text cells that a spreadsheet would read as a formula (starting with `=`, `+`, `-`, `@`, a
 *   tab or a carriage return) get a leading `'` (spreadsheet-text.ts).
 */
import { indicatorFormat } from '../format';
import type { MessageKey } from '../i18n';
import type { ChartExport, ExportCell } from './model';
import { neutralise } from './spreadsheet-text';

export type CsvVariant = 'en' | 'fr';
export const CSV_VARIANTS: readonly CsvVariant[] = ['en', 'fr'];

const BOM = '\uFEFF';


function quote(field: string, delimiter: string): string {
	return field.includes(delimiter) || /["\r\n]/.test(field) || field !== field.trim() ? `"${field.replace(/"/g, '""')}"` : field;
}

/** A number as written in the variant: at most `digits` decimals, no thousands separator, `.` or `,`. */
function number(v: number, digits: number, variant: CsvVariant): string {
	const s = String(Number(v.toFixed(digits)));
	return variant === 'fr' ? s.replace('.', ',') : s;
}

/** The reliability column: "Reliable", "Use with caution: …", "Suppressed: … · not for publication", "No data". */
export function reliabilityText(chart: ChartExport, c: ExportCell): string {
	const f = indicatorFormat(chart.locale, chart.measure.type === 'mean' ? 'mean' : 'proportion');
	if (c.status === 'no_data') return f.tr('chart.no_data');
	if (c.status === 'ok') return f.tr('reliability.ok');
	const s = f.tr('reliability.with_reason', { label: f.tr(`reliability.${c.status}` as MessageKey), reason: f.reasons(c.flags) });
	return c.status === 'suppressed' && c.estimate !== null ? `${s} · ${f.tr('reliability.not_for_publication')}` : s;
}

export function chartCsv(chart: ChartExport, variant: CsvVariant = chart.locale): string {
	const d = variant === 'fr' ? ';' : ',';
	const f = indicatorFormat(chart.locale, 'proportion');
	const percent = chart.measure.type === 'proportion';
	const unit = percent ? ' (%)' : '';
	const scale = (v: number) => (percent ? v * 100 : v);
	const digits = 4;
	const line = (fields: string[]) => fields.map((x) => quote(x, d)).join(d);
	const text = (s: string) => neutralise(s);
	const meta = [chart.title, chart.subtitle, chart.source, chart.method, `${f.tr('export.csv_measure')} ${chart.measure.label}`, chart.summary, ...chart.notes]
		.filter(Boolean).map((s) => line(['#', text(s)]));
	const verdicts = chart.cells.some((c) => c.verdict !== undefined);
	const header = line([f.tr('export.col_category'), f.tr('export.col_series'), `${f.tr('col.estimate')}${unit}`, `${f.tr('export.col_ci_low')}${unit}`,
		`${f.tr('export.col_ci_high')}${unit}`, 'n', f.tr('col.reliability'), f.tr('export.col_flags'), ...(verdicts ? [f.tr('export.col_verdict')] : [])].map(text));
	const rows = chart.cells.map((c) => {
		// A viewer's suppressed cell has no estimate (the builders remove it); an analyst's unsuppressed one keeps it on purpose.
		const shown = c.estimate !== null;
		return line([text(c.category), text(c.series ?? ''),
			shown ? number(scale(c.estimate!), digits, variant) : '',
			shown && c.ci ? number(scale(c.ci[0]), digits, variant) : '',
			shown && c.ci ? number(scale(c.ci[1]), digits, variant) : '',
			c.n === null ? '' : String(c.n), text(reliabilityText(chart, c)), text(c.flags.join(' ')), ...(verdicts ? [text(c.verdict ?? '')] : [])]);
	});
	return BOM + [...meta, header, ...rows].join('\r\n') + '\r\n';
}
