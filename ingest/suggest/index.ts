/**
 * `vigie ingest FILE --suggest-mapping` and the upload page's mapping form: the head of a file
 * read, each core role's candidate columns, and a complete draft mapping.
 */
import { basename } from 'node:path';
import type { SniffOptions } from '../reader/detect';
import { readHead, type FileHead, type HeadFailure } from '../reader/head';
import { draftMapping, type Draft } from './draft';
import { suggestRoles, type Geography, type MappingSuggestion } from './suggest';

export type { Geography, MappingSuggestion, Draft };
export { suggestRoles, draftMapping };

export interface FileSuggestion {
	head: FileHead;
	suggestion: MappingSuggestion;
	draft: Draft;
}

/** Rows read to propose a mapping: enough for the values to speak, few enough to answer at once. */
export const SUGGEST_ROWS = 5000;

export async function suggestForFile(path: string, opts: SniffOptions & { fileName?: string; geographies: Geography[]; house?: string }): Promise<FileSuggestion | HeadFailure> {
	const head = await readHead(path, { ...opts, maxRows: SUGGEST_ROWS });
	if ('code' in head) return head;
	const rows = head.rows.map((r) => r.cells);
	const suggestion = suggestRoles(head.header, rows, opts.geographies, head.detected.decimal);
	const { encoding, delimiter, decimal } = head.detected;
	const draft = draftMapping(suggestion, { fileName: opts.fileName ?? basename(path), geographies: opts.geographies, house: opts.house,
		dialect: { encoding, delimiter, decimal }, header: head.header });
	return { head, suggestion, draft };
}
