/**
 * The one rule every CSV file Vigie writes follows for its text cells (chart exports, the API's
 * tables, the partners directory): a cell a spreadsheet would read as a formula, one starting with
 * `=`, `+`, `-`, `@`, a tab or a carriage return, gets a leading apostrophe, so that Excel or
 * LibreOffice shows it as text and never runs it. Numbers are written as numbers and never pass here.
 */
export function neutralise(text: string): string {
	return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}
