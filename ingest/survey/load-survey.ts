import { basename } from 'node:path';
import type { Db } from '../../db/connection';
import { findDatasetBySha, insertDataset, finishDataset, type SurveyDesignInfo } from '../../db/datasets';
import { surveyWriter } from '../../db/survey';
import { areaNameIndex } from '../../db/areas';
import { matchName, nameKey } from '../names';
import { sha256File, streamCsv, type CsvRecord } from '../csv';
import { IssueCollector, type IngestResult, type PreviewRow } from '../report';
import { resolveHeader, type ResolvedHeader } from './header';
import { validateRecord, type AreaRef } from './validate-row';
import { CodeColumn, NumberColumn } from './columns';
import { DEFAULT_AGE_BANDS, GENDERS, type AgeBand } from './schema';

export interface SurveyIngestOptions {
	wave?: string;
	title?: string;
	fileName?: string;
	createdBy?: string;
	geography?: string;
	synthetic?: boolean;
	dryRun?: boolean;
	replicatePrefix?: string;
	ageBands?: AgeBand[];
}

const PREVIEW_ROWS = 5;

/** Column writers for one dataset; created once the header is known and the transaction open. */
function openColumns(db: Db, datasetId: number, h: ResolvedHeader, bands: AgeBand[]) {
	const w = surveyWriter(db, datasetId);
	let pos = 0;
	return {
		writer: w,
		area: new NumberColumn(w, 'area_id', pos++, 'domain'),
		ageGroup: new CodeColumn(w, 'age_group', pos++, 'domain', bands.map((b) => b.label)),
		gender: new CodeColumn(w, 'gender', pos++, 'domain', GENDERS),
		stratum: h.roles.stratum !== undefined ? new CodeColumn(w, 'stratum', pos++, 'design') : null,
		psu: h.roles.psu !== undefined ? new CodeColumn(w, 'psu', pos++, 'design') : null,
		weight: new NumberColumn(w, 'weight', pos++, 'weight'),
		replicates: h.replicates.map((r) => new NumberColumn(w, r.name, pos++, 'replicate')),
		items: h.items.map((it) => new CodeColumn(w, it.name, pos++, 'item'))
	};
}

/**
 * Loads a survey CSV in the canonical shape of PRODUCT.md §3, all or nothing: the file is
 * streamed, every row validated, and the rows written inside one transaction that is rolled back
 * if any row is invalid (or on a dry run). `db` must be a connection used by nothing else during
 * the load, since the transaction spans the stream's asynchronous reads.
 */
export async function loadSurvey(db: Db, path: string, opts: SurveyIngestOptions = {}): Promise<IngestResult> {
	const issues = new IssueCollector();
	const sha256 = await sha256File(path);
	const existing = findDatasetBySha(db, sha256);
	if (existing) {
		issues.error({ line: null, column: null, value: null, code: 'duplicate_file',
			params: { id: existing.id, title: existing.title, wave: existing.wave } });
		return { ok: false, error_count: issues.errorCount, errors: issues.errors };
	}
	const bands = opts.ageBands ?? DEFAULT_AGE_BANDS;
	const areas: AreaRef[] = areaNameIndex(db, opts.geography ?? 'montreal');
	const areaByKey = new Map(areas.map((a) => [a.key, a]));
	// A file spells a few dozen borough names at most: resolve each spelling once.
	const areaMemo = new Map<string, { area: AreaRef | undefined; suggestions: string[] }>();
	const matchArea = (value: string) => {
		let m = areaMemo.get(value);
		if (!m) {
			const hit = areaByKey.get(nameKey(value));
			m = hit ? { area: hit, suggestions: [] } : { area: undefined, suggestions: matchName(value, areas).suggestions };
			areaMemo.set(value, m);
		}
		return m;
	};

	let header: ResolvedHeader | null = null;
	let cols: ReturnType<typeof openColumns> | null = null;
	let datasetId = -1;
	let rows = 0;
	let wave = opts.wave;
	const preview: PreviewRow[] = [];
	const seen = new Set<string>();
	let failed = false;
	let headerFailed = false;
	let began = false;

	const onRecord = (rec: CsvRecord) => {
		if (!header) {
			header = resolveHeader(rec.cells, opts.replicatePrefix ?? 'bw_', issues);
			if (issues.errorCount > 0) failed = headerFailed = true;
			return;
		}
		// Rows cannot be judged against a header that is wrong: report the header alone.
		if (headerFailed) return;
		if (rec.cells.length !== header.width) {
			issues.error({ line: rec.line, column: null, value: null, code: 'field_count',
				params: { expected: header.width, found: rec.cells.length } });
			failed = true;
			return;
		}
		const row = validateRecord(rec, header, { bands, matchArea, seen, wave, issues });
		if (!row) { failed = true; return; }
		wave ??= row.wave;
		if (failed) return;
		if (opts.dryRun) {
			if (preview.length < PREVIEW_ROWS) preview.push(previewOf(rec.line, row, header));
			rows++;
			return;
		}
		if (!began) {
			db.exec('BEGIN IMMEDIATE');
			began = true;
			datasetId = insertDataset(db, {
				kind: 'survey', wave: wave ?? '', title: opts.title ?? basename(path), file_name: opts.fileName ?? basename(path),
				sha256, created_by: opts.createdBy ?? 'cli', created_at: new Date().toISOString(),
				mapping: header.mapping, design: designOf(header, opts.replicatePrefix ?? 'bw_'), synthetic: opts.synthetic ?? false
			});
			cols = openColumns(db, datasetId, header, bands);
		}
		const c = cols!;
		c.writer.addRespondent({ row_index: rows, line: rec.line, respondent_id: row.respondent_id, area_id: row.area.id,
			age: row.age, age_group: row.age_group, gender: row.gender, weight: row.weight, stratum: row.stratum, psu: row.psu });
		c.area.push(row.area.id);
		c.ageGroup.push(row.age_group);
		c.gender.push(row.gender);
		c.stratum?.push(row.stratum ?? undefined);
		c.psu?.push(row.psu === null ? undefined : `${row.stratum ?? ''}\u0000${row.psu}`);
		c.weight.push(row.weight);
		row.replicates.forEach((v, i) => c.replicates[i]!.push(v));
		row.items.forEach((v, i) => c.items[i]!.push(v));
		if (preview.length < PREVIEW_ROWS) preview.push(previewOf(rec.line, row, header));
		rows++;
	};

	try {
		const detected = await streamCsv(path, onRecord, (e) => {
			issues.error({ line: e.line, column: null, value: null, code: 'csv_syntax', params: { detail: e.message } });
			failed = true;
		});
		if (!header) issues.error({ line: null, column: null, value: null, code: 'empty_file' });
		else if (rows === 0 && !failed) issues.error({ line: null, column: null, value: null, code: 'no_rows' });
		if (wave === undefined && rows > 0) issues.error({ line: null, column: 'wave', value: null, code: 'wave_missing' });
		if (issues.errorCount > 0) failed = true;
		if (failed || opts.dryRun) {
			if (began) db.exec('ROLLBACK');
			return failed
				? { ok: false, error_count: issues.errorCount, errors: issues.errors }
				: { ok: true, dataset_id: null, wave: wave ?? '', rows, dry_run: true, warnings: issues.warnings, preview, detected };
		}
		const c = cols!;
		c.writer.flush();
		for (const col of [c.area, c.ageGroup, c.gender, c.stratum, c.psu, c.weight, ...c.replicates, ...c.items]) col?.finish();
		finishDataset(db, datasetId, { rows, wave: wave! });
		db.exec('COMMIT');
		return { ok: true, dataset_id: datasetId, wave: wave!, rows, dry_run: false, warnings: issues.warnings, preview, detected };
	} catch (err) {
		if (db.inTransaction) db.exec('ROLLBACK');
		throw err;
	}
}

function designOf(h: ResolvedHeader, prefix: string): SurveyDesignInfo {
	const B = h.replicates.length;
	return {
		strata: h.roles.stratum !== undefined,
		psu: h.roles.psu !== undefined,
		replicate: B > 0 ? { prefix, count: B, method: 'bootstrap', scale: 1 / B } : null
	};
}

function previewOf(line: number, row: NonNullable<ReturnType<typeof validateRecord>>, h: ResolvedHeader): PreviewRow {
	const items: Record<string, string> = {};
	h.items.forEach((it, i) => (items[it.name] = row.items[i] ?? ''));
	return { line, respondent_id: row.respondent_id, borough: row.area.name, age: row.age, age_group: row.age_group,
		gender: row.gender, weight: row.weight, stratum: row.stratum, psu: row.psu, items };
}
