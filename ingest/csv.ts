/**
 * Reading delimited text files: detection of the dialect (reader/detect.ts), a strict streaming
 * parser (reader/parser.ts) and the file stream that ties them together (reader/stream.ts).
 */
export { streamCsv, defaultLimits, type CsvIssue, type CsvIssueCode, type StreamOptions, type StreamResult, type StreamLimits } from './reader/stream';
export { parseCsvText, type CsvRecord, type CsvLimits, type NumericLane } from './reader/parser';
export { sniff, encodingOf, delimiterOf, type Detected, type Encoding, type Delimiter, type Decimal, type CsvDialect } from './reader/detect';

