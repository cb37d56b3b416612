/**
 * The first rows of a file as a mapping would store them, without loading anything: the header
 * resolved and each row validated as a load does (the catalog's checks included), for the live
 * preview of the upload page's mapping form. Areas are matched against the geography's names;
 * with `new_areas` on a geography without areas, every value is a new area.
 */
import type { Db } from '../../db/connection';
import { areaNameIndex } from '../../db/areas';
import type { SurveyMapping } from '../column-mapping';
import { matchName, nameKey } from '../names';
import { readHead } from '../reader/head';
import type { SniffOptions } from '../reader/detect';
import { IssueCollector, type IngestIssue, type PreviewRow } from '../report';
import { SurveyChecks } from './checks';
import { resolveHeader } from './header';
import type { ItemDomain } from './item-check';
import { previewOf } from './load-findings';
import { DEFAULT_AGE_BANDS } from '../../domain/words';
import { validateRecord, type AreaRef } from './validate-row';

export interface MappingPreview {
	rows: (PreviewRow | { line: number; problems: IngestIssue[] })[];
	/** Problems of the header (missing roles…): no row can be read until they are solved. */
	header: IngestIssue[];
}

export interface PreviewOptions extends SniffOptions {
	mapping: SurveyMapping;
	wave?: string;
	itemDomains?: Record<string, ItemDomain>;
	rows?: number;
}

function areaLookup(db: Db, mapping: SurveyMapping) {
	const areas = areaNameIndex(db, mapping.geography);
	const byKey = new Map(areas.map((a) => [a.key, a]));
	const create = mapping.new_areas && areas.length === 0;
	return (value: string): { area: AreaRef | undefined; suggestions: string[] } => {
		const key = nameKey(value);
		const hit = byKey.get(key);
		if (hit) return { area: hit, suggestions: [] };
		if (create && key !== '') return { area: { id: -1, name: value, key }, suggestions: [] };
		return { area: undefined, suggestions: matchName(value, areas).suggestions };
	};
}

export async function previewMapping(db: Db, path: string, opts: PreviewOptions): Promise<MappingPreview | { code: string; params?: Record<string, string | number> }> {
	const head = await readHead(path, { encoding: opts.encoding, delimiter: opts.delimiter, decimal: opts.decimal, maxBytes: 512 * 1024, maxRows: opts.rows ?? 8 });
	if ('code' in head) return head;
	const issues = new IssueCollector();
	const h = resolveHeader(head.header, opts.mapping, issues);
	if (issues.errorCount > 0) return { rows: [], header: issues.errors };
	const checks = new SurveyChecks({ mapping: opts.mapping, itemDomains: opts.itemDomains });
	checks.setHeader(h);
	const matchArea = areaLookup(db, opts.mapping);
	const rows: MappingPreview['rows'] = head.rows.map((rec) => {
		const problems: IngestIssue[] = [];
		if (rec.cells.length !== h.width)
			return { line: rec.line, problems: [{ line: rec.line, column: null, value: null, code: 'field_count', params: { expected: h.width, found: rec.cells.length } }] };
		const row = validateRecord({ ...rec, blank: false }, h, { bands: DEFAULT_AGE_BANDS, matchArea, wave: opts.wave, decimal: head.detected.decimal,
			mapping: opts.mapping, report: (i) => problems.push(i), issues, checks });
		return row ? previewOf(rec.line, row, h) : { line: rec.line, problems };
	});
	return { rows, header: [] };
}
