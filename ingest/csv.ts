/**
 * Reading delimited text files: detection of the dialect (reader/detect.ts), a strict streaming
 * parser (reader/parser.ts) and the file stream that ties them together (reader/stream.ts).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

export { streamCsv, defaultLimits, type CsvIssue, type CsvIssueCode, type StreamOptions, type StreamResult, type StreamLimits } from './reader/stream';
export { parseCsvText, type CsvRecord, type CsvLimits } from './reader/parser';
export { sniff, encodingOf, delimiterOf, type Detected, type Encoding, type Delimiter, type Decimal, type CsvDialect } from './reader/detect';

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
