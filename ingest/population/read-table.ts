/**
 * Published population tables, read without hand-editing: finds the header among title rows,
 * tells whether areas are columns (Montreal's census table by age: one row per age band) or rows
 * (ONS mid-year estimates: one column per single year of age), and reads every count, quoted
 * thousands ("2,004,265") included. Which rows and columns are areas is the loader's business.
 */
import type { CsvRecord } from '../csv';
import { parseAgeLabel, type AgeRange } from './age-bands';

/** One count of the table: an age (or all ages) of one source area, with where it is in the file. */
export interface TableCount {
	line: number;
	/** The age label as written ("0 à 4 ans", "12", "ALL AGES"). */
	label: string;
	range: AgeRange | 'total';
	/** The cell as written; `value` is undefined when it is not a count. */
	raw: string;
	value: number | undefined;
}

/** A source area: a column (areas as columns) or a row (areas as rows) of the table. */
export interface TableArea {
	/** The area as the table names it ("Arrondissement d'Anjou", "Basildon"). */
	name: string;
	/** Its code when the table has a code column (ONS: E07000066). */
	code?: string;
	/** The header's column label, or the row's line. */
	where: { column: string } | { line: number };
	counts: TableCount[];
}

export interface WideTable {
	layout: 'areas_as_columns' | 'areas_as_rows';
	/** Text of the rows above the header (titles): where the year and the sex are written. */
	titles: string[];
	headerLine: number;
	areas: TableArea[];
	/** Rows (areas as columns) or columns (areas as rows) that are not an age: left out, with their label. */
	notAges: { line: number | null; label: string }[];
}

/**
 * A count as published: digits with optional thousands separators (`,` `space` or no-break
 * space) and nothing else. `2,004,265` → 2004265; `950` → 950; `41.0`, `x`, `` → undefined.
 */
export function parseCount(s: string): number | undefined {
	const t = s.trim();
	if (/^\d+$/.test(t)) return Number(t);
	if (/^\d{1,3}([,\u00a0\u202f ]\d{3})+$/.test(t)) return Number(t.replace(/[^\d]/g, ''));
	return undefined;
}

const nonEmpty = (cells: string[]) => cells.filter((c) => c.trim() !== '').length;

/**
 * Finds the layout of a wide table, or undefined when the records are not one. Areas as columns:
 * a header row followed by rows whose first cell is an age label. Areas as rows: a header row
 * with at least three age labels among its cells. Rows before the header are titles; blank rows
 * (only delimiters) anywhere are ignored.
 */
export function readWideTable(records: readonly CsvRecord[]): WideTable | undefined {
	const rows = records.filter((r) => nonEmpty(r.cells) > 0);
	for (let h = 0; h < Math.min(rows.length, 30); h++) {
		const header = rows[h]!;
		const titles = rows.slice(0, h).map((r) => r.cells.filter((c) => c.trim() !== '').join(' '));
		const below = rows.slice(h + 1);
		const ageRows = below.filter((r) => parseAgeLabel(r.cells[0] ?? '') !== undefined).length;
		if (ageRows >= 3 && ageRows >= below.length / 2) return areasAsColumns(header, below, titles);
		const ageColumns = header.cells.filter((c) => { const a = parseAgeLabel(c); return a !== undefined && a !== 'total'; }).length;
		if (ageColumns >= 3) return areasAsRows(header, below, titles);
	}
	return undefined;
}

function areasAsColumns(header: CsvRecord, below: CsvRecord[], titles: string[]): WideTable {
	const areas: TableArea[] = header.cells.slice(1).map((name) => ({ name: name.trim(), where: { column: name.trim() }, counts: [] }));
	const notAges: WideTable['notAges'] = [];
	for (const r of below) {
		const label = (r.cells[0] ?? '').trim();
		const range = parseAgeLabel(label);
		if (!range) {
			notAges.push({ line: r.line, label });
			continue;
		}
		areas.forEach((a, k) => {
			const raw = r.cells[k + 1] ?? '';
			a.counts.push({ line: r.line, label, range, raw, value: parseCount(raw) });
		});
	}
	return { layout: 'areas_as_columns', titles, headerLine: header.line, areas: areas.filter((a) => a.name !== ''), notAges };
}

const NAME_HEADERS = /^(name|nom|area|zone|territoire|geography|geographie|borough|district|lad\d*nm)$/i;
const CODE_HEADERS = /^(code|id|geo_?code|lad\d*cd|codeid)$/i;

function areasAsRows(header: CsvRecord, below: CsvRecord[], titles: string[]): WideTable {
	const labels = header.cells.map((c) => c.trim());
	const ranges = labels.map(parseAgeLabel);
	const nameAt = labels.findIndex((l) => NAME_HEADERS.test(l.replace(/\s+/g, '_')));
	const codeAt = labels.findIndex((l) => CODE_HEADERS.test(l.replace(/\s+/g, '_')));
	// Without a name header, the first column that is neither a code nor an age names the areas.
	const nameColumn = nameAt >= 0 ? nameAt : labels.findIndex((_, i) => i !== codeAt && ranges[i] === undefined);
	const notAges = labels
		.map((label, i) => ({ label, i }))
		.filter(({ label, i }) => ranges[i] === undefined && i !== nameColumn && i !== codeAt && label !== '')
		.map(({ label }) => ({ line: null, label }));
	const areas: TableArea[] = below.map((r) => ({
		name: (r.cells[nameColumn] ?? '').trim(),
		...(codeAt >= 0 ? { code: (r.cells[codeAt] ?? '').trim() } : {}),
		where: { line: r.line },
		counts: labels.flatMap((label, i) => {
			const range = ranges[i];
			if (!range) return [];
			const raw = r.cells[i] ?? '';
			return [{ line: r.line, label, range, raw, value: parseCount(raw) }];
		})
	}));
	return { layout: 'areas_as_rows', titles, headerLine: header.line, areas: areas.filter((a) => a.name !== '' || a.code), notAges };
}

/** The year in a table's titles ("… mid-2014" → 2014), when there is exactly one. */
export function yearOfTitles(titles: readonly string[]): string | undefined {
	const years = new Set(titles.flatMap((t) => t.match(/\b(19|20)\d{2}\b/g) ?? []));
	return years.size === 1 ? [...years][0] : undefined;
}

/** The sex a table counts, from its titles ("MALES" → man, "FEMALES" → woman); `all` otherwise. */
export function genderOfTitles(titles: readonly string[]): 'woman' | 'man' | 'all' {
	const text = titles.join(' ').toLowerCase();
	if (/\b(females?|femmes?|women)\b/.test(text)) return 'woman';
	if (/\b(males?|hommes?|men)\b/.test(text)) return 'man';
	return 'all';
}
