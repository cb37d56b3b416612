import Papa from 'papaparse';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** One parsed record: its cells (always strings) and the file line it starts on (1-based). */
export interface CsvRecord {
	cells: string[];
	line: number;
}

export interface CsvParseIssue {
	line: number;
	code: string;
	message: string;
}

/** SHA-256 of a file's bytes, read as a stream (a 1 GB file never sits in memory). */
export function sha256File(path: string): Promise<string> {
	return new Promise((resolve, reject) => {
		const hash = createHash('sha256');
		createReadStream(path)
			.on('data', (chunk) => hash.update(chunk))
			.on('error', reject)
			.on('end', () => resolve(hash.digest('hex')));
	});
}

/** Counts line breaks (CRLF, LF or lone CR) inside a cell, so records spanning lines keep true line numbers. */
function countBreaks(cell: string): number {
	let n = 0;
	for (let i = 0; i < cell.length; i++) {
		const c = cell.charCodeAt(i);
		if (c === 10) n++;
		else if (c === 13) {
			n++;
			if (cell.charCodeAt(i + 1) === 10) i++;
		}
	}
	return n;
}

/**
 * Streams a delimited text file through PapaParse and calls `onRecord` for each non-blank record
 * with its cells as strings (never typed: the zod schemas convert, where the rule is visible) and
 * the line it starts on. The first record is the header. A UTF-8 BOM is removed.
 */
export function streamCsv(
	path: string,
	onRecord: (record: CsvRecord) => void,
	onIssue: (issue: CsvParseIssue) => void
): Promise<{ delimiter: string; linebreak: string; records: number }> {
	return new Promise((resolve, reject) => {
		let line = 1;
		let records = 0;
		let first = true;
		let meta = { delimiter: ',', linebreak: '\n' };
		const input = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 });
		input.on('error', reject);
		Papa.parse<string[]>(input as unknown as File, {
			header: false,
			dynamicTyping: false,
			skipEmptyLines: false,
			delimitersToGuess: [',', ';', '\t', '|'],
			step(results) {
				const cells = results.data;
				if (first && cells.length > 0 && cells[0]!.charCodeAt(0) === 0xfeff) cells[0] = cells[0]!.slice(1);
				first = false;
				meta = { delimiter: results.meta.delimiter, linebreak: results.meta.linebreak };
				const start = line;
				line += 1;
				for (const cell of cells) line += countBreaks(cell);
				for (const e of results.errors) {
					onIssue({ line: start, code: e.code, message: e.message });
				}
				if (cells.length === 1 && cells[0]!.trim() === '') return; // blank line
				records++;
				onRecord({ cells, line: start });
			},
			complete() {
				resolve({ ...meta, records });
			},
			error(err: Error) {
				reject(err);
			}
		});
	});
}
