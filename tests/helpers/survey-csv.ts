/**
 * Survey files for ingestion tests, built from the reference file (fixtures/reference): its
 * header, its rows (patched cell by cell), CSV text in any dialect, and the row counts of every
 * table that ingestion writes, to prove that a refused file changed nothing.
 */
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import type { Db } from '../../db/connection';
import type { IngestResult } from '../../ingest/report';

export const REF = 'fixtures/reference/survey_public.csv';
const refText = readFileSync(REF, 'utf8');
export const refLines = refText.split('\n').filter((l) => l !== '');
/** The reference header, cell by cell (the file has no quoted cell: splitting on commas is exact). */
export const HEADER = refLines[0]!.split(',');
export const DATA = refLines.slice(1).map((l) => l.split(','));
export const ITEMS = HEADER.slice(HEADER.indexOf('bw_50') + 1);

export function colIndex(name: string): number {
	const i = HEADER.indexOf(name);
	if (i < 0) throw new Error(`no column ${name} in the reference header`);
	return i;
}

/** Reference data row `i` (0-based) with some cells replaced; values are written to the file as given (quote them yourself). */
export function row(i: number, patch: Record<string, string> = {}): string[] {
	const cells = [...DATA[i]!];
	for (const [k, v] of Object.entries(patch)) cells[colIndex(k)] = v;
	return cells;
}
export const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
export const csv = (header: string[], rows: string[][], eol = '\n', delim = ',') =>
	[header, ...rows].map((r) => r.join(delim)).join(eol) + eol;
export const GOOD = () => [row(0), row(1), row(2)];

export type Counts = Record<'datasets' | 'respondents' | 'survey_columns' | 'survey_chunks' | 'areas' | 'dataset_skipped_rows', number>;
export function counts(db: Db): Counts {
	const c = (t: string) => db.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number;
	return { datasets: c('datasets'), respondents: c('respondents'), survey_columns: c('survey_columns'),
		survey_chunks: c('survey_chunks'), areas: c('areas'), dataset_skipped_rows: c('dataset_skipped_rows') };
}

export function failure(res: IngestResult) {
	if (res.ok) throw new Error(`expected the ingestion to fail, got ${JSON.stringify(res).slice(0, 300)}`);
	return res;
}
export function success(res: IngestResult) {
	if (!res.ok) throw new Error(`expected the ingestion to succeed, got ${JSON.stringify(res.errors.slice(0, 5))}`);
	return res;
}

/**
 * A large survey file for a wave: the reference rows over and over with new ids (`BIG0`, `BIG1`…),
 * written 10,000 rows at a time (300,000 rows are about 120 MB).
 */
export function writeBigSurvey(path: string, rows: number, wave: string): void {
	const fd = openSync(path, 'w');
	try {
		writeSync(fd, refLines[0]! + '\n');
		const ID = colIndex('respondent_id'), WAVE = colIndex('wave');
		for (let start = 0; start < rows; start += 10_000) {
			const lines: string[] = [];
			for (let i = start; i < Math.min(rows, start + 10_000); i++) {
				const cells = [...DATA[i % DATA.length]!];
				cells[ID] = `BIG${i}`;
				cells[WAVE] = wave;
				lines.push(cells.join(','));
			}
			writeSync(fd, lines.join('\n') + '\n');
		}
	} finally {
		closeSync(fd);
	}
}
