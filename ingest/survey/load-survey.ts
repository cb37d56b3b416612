import { basename } from 'node:path';
import type { Db } from '../../db/connection';
import { findDatasetBySha, findSurveyDataset, respondentsAtRows, type SurveyDesignInfo } from '../../db/datasets';
import { insertHiddenDataset, loadCheckpoints, publishDataset, purgeAbandoned, purgeDataset } from '../../db/hidden-datasets';
import { CHUNK_ROWS, surveyWriter } from '../../db/survey';
import { streamCsv, type CsvRecord, type Encoding, type Delimiter, type Decimal, type NumericLane, type StreamLimits } from '../csv';
import { parseMapping, type SurveyMapping } from '../column-mapping';
import { IssueCollector, type IngestIssue, type IngestResult, type PreviewRow } from '../report';
import { resolveHeader, type ResolvedHeader } from './header';
import { RespondentIds } from './ids';
import { NOT_COLLECTED, validateRecord, type RowContext, type ValidRow } from './validate-row';
import { CodeColumn, NumberColumn, NumberColumns } from './columns';
import { DEFAULT_AGE_BANDS, GENDERS, type AgeBand } from '../../domain/words';
import { SurveyChecks } from './checks';
import { areaMatcher } from './area-matcher';
import { designOf, previewOf, reportDuplicates, warningsOf } from './load-findings';
import type { ItemDomain } from './item-check';
import { checkDesign, FPC_COLUMN } from './design';

/** What a load has done so far, for a progress display. */
export interface LoadCounts {
	/** Data rows read and checked (valid or not). */
	rows: number;
	/** Problems found so far (with --skip-invalid: the problems of the rows left out). */
	errors: number;
}

export interface SurveyIngestOptions {
	wave?: string;
	title?: string;
	fileName?: string;
	createdBy?: string;
	synthetic?: boolean;
	/** Validate everything and roll back: nothing is stored. */
	dryRun?: boolean;
	/** How the file's columns and codes become the dataset (default: canonical names and aliases). */
	mapping?: SurveyMapping;
	/** Dialect overrides, over the mapping's `csv` and over detection. */
	encoding?: Encoding;
	delimiter?: Delimiter;
	decimal?: Decimal;
	/** Store the valid rows and record the invalid ones with the dataset, instead of storing nothing. */
	skipInvalid?: boolean;
	/** Replace the survey dataset of the same wave, in the same transaction. */
	replace?: boolean;
	/** Items some indicator uses: other items get an "unused column" warning. */
	knownItems?: ReadonlySet<string>;
	/** What the catalog accepts for each item it describes: other answers are row errors. */
	itemDomains?: Record<string, ItemDomain>;
	ageBands?: AgeBand[];
	limits?: Partial<StreamLimits>;
	/** Called after each piece of the file read: bytes read, the file's size, rows checked and problems found. */
	onProgress?: (bytes: number, total: number, counts: LoadCounts) => void;
	/** Stops the load (it then throws the signal's reason, having removed what it wrote). */
	signal?: AbortSignal;
	/**
	 * Where to look for datasets already loaded (same file, same wave) when `db` is a scratch copy
	 * for a dry run (see `scratchFor`): a dry run then never takes the real database's write lock.
	 */
	lookup?: Db;
}

const PREVIEW_ROWS = 5;
/**
 * Rows per transaction: a few milliseconds of writing, so another writer (a sign-in) waits that
 * long at most, and the respondents kept for it are let go young (cheap to collect). A divisor of
 * CHUNK_ROWS: the columns' chunks go with every fourth.
 */
const COMMIT_ROWS = CHUNK_ROWS / 4;

/** Column writers for one dataset; created once the header is known and the transaction open. */
function openColumns(db: Db, datasetId: number, h: ResolvedHeader, bands: AgeBand[]) {
	const w = surveyWriter(db, datasetId);
	let pos = 0;
	return {
		writer: w,
		area: new NumberColumn(w, 'area_id', pos++, 'domain'),
		ageGroup: new CodeColumn(w, 'age_group', pos++, 'domain', h.absent.has('age') ? [NOT_COLLECTED] : bands.map((b) => b.label)),
		gender: new CodeColumn(w, 'gender', pos++, 'domain', h.absent.has('gender') ? [NOT_COLLECTED] : GENDERS),
		stratum: h.roles.stratum !== undefined ? new CodeColumn(w, 'stratum', pos++, 'design') : null,
		psu: h.roles.psu !== undefined ? new CodeColumn(w, 'psu', pos++, 'design') : null,
		fpc: h.roles.fpc !== undefined ? new NumberColumn(w, FPC_COLUMN, pos++, 'design') : null,
		weight: new NumberColumn(w, 'weight', pos++, 'weight'),
		// Positions pos … pos + B - 1, then the items after them.
		replicates: new NumberColumns(w, h.replicates.map((r) => r.name), pos, 'replicate'),
		items: h.items.map((it, k) => new CodeColumn(w, it.name, pos + h.replicates.length + k, 'item'))
	};
}

/**
 * Loads a survey CSV, all or nothing as readers see it: the file is streamed once (hashed,
 * decoded, parsed) and every row validated through the mapping; the rows go into a hidden
 * dataset, committed a chunk at a time so that other writers never wait for more than a chunk,
 * and the dataset is published in one short transaction at the end, or removed if anything is
 * wrong (or on a dry run, or when the load is stopped). A process killed meanwhile leaves a hidden
 * dataset that the next opening or ingestion removes (db/hidden-datasets.ts). With `skipInvalid`,
 * invalid rows are left out and recorded with the dataset instead. `db` must be a connection
 * used by nothing else during the load.
 */
export async function loadSurvey(db: Db, path: string, opts: SurveyIngestOptions = {}): Promise<IngestResult> {
	const issues = new IssueCollector();
	const mapping = opts.mapping ?? parseMapping({});
	const bands = opts.ageBands ?? DEFAULT_AGE_BANDS;
	let header: ResolvedHeader | null = null;
	let cols: ReturnType<typeof openColumns> | null = null;
	let datasetId = -1;
	let rows = 0;
	let checked = 0;
	let skipped = 0;
	let skippedIssues = 0;
	let blankLines = 0;
	let wave = opts.wave;
	const preview: PreviewRow[] = [];
	const ids = new RespondentIds();
	let failed = false;
	let headerFailed = false;
	let design: SurveyDesignInfo | undefined;
	const areas = areaMatcher(db, mapping, () => datasetId);
	const checks = new SurveyChecks({ itemDomains: opts.itemDomains, mapping, existingAreas: areas.existing });
	let decimal: Decimal = '.';
	/** The header once read (a function, so that TypeScript does not narrow it across the stream's callbacks). */
	const headerNow = (): ResolvedHeader | null => header;

	let endCheckpoints = () => {};
	const begin = () => {
		// What a load that died left behind goes first: the next ingestion cleans up.
		if (!opts.lookup) purgeAbandoned(db);
		if (!opts.lookup) endCheckpoints = loadCheckpoints(db);
		db.transaction(() => {
			datasetId = insertHiddenDataset(db, {
				kind: 'survey', wave: wave ?? '', title: opts.title ?? basename(path), file_name: opts.fileName ?? basename(path),
				sha256: `pending:${process.pid}:${Date.now()}:${Math.random()}`, created_by: opts.createdBy ?? 'cli',
				created_at: new Date().toISOString(), mapping: { ...mapping, resolved: header!.mapping },
				design: designOf(header!, mapping), synthetic: opts.synthetic ?? false
			});
			cols = openColumns(db, datasetId, header!, bands);
		}).immediate();
	};
	/** Removes what this load wrote; a scratch database for a dry run is thrown away whole by its owner. */
	const discard = () => {
		if (datasetId > 0 && !opts.lookup) purgeDataset(db, datasetId);
	};

	// A PSU is coded within its stratum: the joined key made once per pair, not once per row.
	const psuKeys = new Map<string, Map<string, string>>();
	const psuKey = (stratum: string, psu: string): string => {
		let inStratum = psuKeys.get(stratum);
		if (!inStratum) psuKeys.set(stratum, (inStratum = new Map()));
		let key = inStratum.get(psu);
		if (key === undefined) inStratum.set(psu, (key = `${stratum}\u0000${psu}`));
		return key;
	};

	const write = (rec: CsvRecord, row: ValidRow) => {
		const c = cols!;
		areas.ensure(row.area);
		c.writer.addRespondent({ row_index: rows, line: rec.line, respondent_id: row.respondent_id, area_id: row.area.id,
			age: row.age, age_group: row.age_group, gender: row.gender, weight: row.weight, stratum: row.stratum, psu: row.psu });
		c.area.push(row.area.id);
		c.ageGroup.push(row.age_group);
		c.gender.push(row.gender);
		c.stratum?.push(row.stratum ?? undefined);
		c.psu?.push(row.psu === null ? undefined : psuKey(row.stratum ?? '', row.psu));
		c.fpc?.push(row.fpc ?? undefined);
		c.weight.push(row.weight);
		c.replicates.pushRow(row.replicates);
		for (let i = 0; i < row.items.length; i++) c.items[i]!.push(row.items[i]);
		ids.add(row.respondent_id);
		checks.add(row);
		if (preview.length < PREVIEW_ROWS) preview.push(previewOf(rec.line, row, header!));
		// One short transaction every COMMIT_ROWS rows; every CHUNK_ROWS, the columns' full chunks go with it.
		if (++rows % COMMIT_ROWS === 0) c.writer.commit();
	};

	// Made once, not for every row: a row's problems go to the report, or (skipping invalid rows) to a list for the row.
	const numeric: { lane: NumericLane | null } = { lane: null };
	let rowIssues: IngestIssue[] = [];
	const rowContext: RowContext = { bands, matchArea: areas.match, wave, decimal, mapping, issues, checks,
		report: opts.skipInvalid ? (i) => rowIssues.push(i) : (i) => issues.error(i) };

	const onRecord = (rec: CsvRecord) => {
		if (rec.blank) { if (header) blankLines++; return; }
		if (!header) {
			header = resolveHeader(rec.cells, mapping, issues);
			if (issues.errorCount > 0) failed = headerFailed = true;
			else {
				checks.setHeader(header);
				begin();
				// Replicate weights are read as numbers by the parser, never made into strings.
				const columns: boolean[] = new Array(header.width).fill(false);
				for (const r of header.replicates) columns[r.index] = true;
				numeric.lane = { columns, mark: decimal === ',' ? 44 : 46 };
			}
			return;
		}
		// Rows cannot be judged against a header that is wrong: report the header alone.
		if (headerFailed) return;
		checked++;
		if (rowIssues.length) rowIssues = [];
		let row: ValidRow | null = null;
		if (rec.cells.length !== header.width) {
			rowContext.report({ line: rec.line, column: null, value: null, code: 'field_count', params: { expected: header.width, found: rec.cells.length } });
		} else {
			rowContext.wave = wave;
			rowContext.decimal = decimal;
			row = validateRecord(rec, header, rowContext);
		}
		if (!row) {
			if (opts.skipInvalid) {
				skipped++;
				skippedIssues += rowIssues.length;
				const w = cols!.writer;
				for (const i of rowIssues) w.addSkipped({ line: i.line!, column: i.column, value: i.value, code: i.code, params: i.params });
				if (w.skipsKept >= CHUNK_ROWS) w.commit();
			} else failed = true;
			return;
		}
		wave ??= row.wave;
		if (!failed) write(rec, row);
	};

	try {
		const result = await streamCsv(path, onRecord, (e) => {
			// Syntax problems are errors even with --skip-invalid: the rows around them cannot be trusted.
			const hh = headerNow();
			issues.error({ line: e.line, column: e.field === null ? null : (hh?.columns[e.field - 1] ?? `#${e.field}`),
				value: null, code: e.code, params: e.params });
			failed = true;
		}, {
			encoding: opts.encoding ?? mapping.csv.encoding, delimiter: opts.delimiter ?? mapping.csv.delimiter,
			decimal: opts.decimal ?? mapping.csv.decimal, limits: opts.limits, signal: opts.signal, numeric,
			onProgress: opts.onProgress && ((bytes, total) => opts.onProgress!(bytes, total, { rows: checked, errors: issues.errorCount + skippedIssues })),
			onDetected: (d) => { decimal = d.decimal; }
		});
		const detected = result.detected;
		const h = headerNow();
		if (detected && !h && !result.stopped) issues.error({ line: null, column: null, value: null, code: 'empty_file' });
		else if (h && !headerFailed && rows === 0 && !failed) issues.error({ line: null, column: null, value: null, code: 'no_rows' });
		if (h && !headerFailed && wave === undefined && rows > 0) issues.error({ line: null, column: 'wave', value: null, code: 'wave_missing' });
		if (h && !headerFailed) for (const e of checks.fileErrors(mapping.geography)) issues.errorFirst(e);
		if (datasetId > 0 && !failed && issues.errorCount === 0) {
			// Every row and column chunk is written (and the column buffers let go) before the
			// whole-file checks, which need memory of their own.
			const c = cols as ReturnType<typeof openColumns> | null;
			if (c) {
				for (const col of [c.area, c.ageGroup, c.gender, c.stratum, c.psu, c.fpc, c.weight, c.replicates, ...c.items]) col?.finish();
				c.writer.commit();
				cols = null;
			}
			reportDuplicates(db, datasetId, ids, issues, h!);
			design = checkDesign(db, datasetId, h!, mapping, rows, issues);
		}
		const existing = result.sha256 ? findDatasetBySha(opts.lookup ?? db, result.sha256) : undefined;
		// A dry run checks a file already loaded all the same, and says it is.
		if (existing && opts.dryRun) issues.warn({ line: null, column: null, value: null, code: 'already_loaded', params: { id: existing.id, title: existing.title, wave: existing.wave } });
		else if (existing) {
			// The file is already in: that is the one thing to say about it.
			discard();
			const only = new IssueCollector();
			only.error({ line: null, column: null, value: null, code: 'duplicate_file', params: { id: existing.id, title: existing.title, wave: existing.wave } });
			return { ok: false, error_count: 1, errors: only.errors, warnings: [], detected, preview: [], mapping: h?.mapping ?? null };
		}
		let replaced: number | null = null;
		const sameWave = wave !== undefined && issues.errorCount === 0 ? findSurveyDataset(opts.lookup ?? db, wave, opts.lookup ? -1 : datasetId) : undefined;
		if (sameWave && sameWave.id !== existing?.id) {
			const info = { line: null, column: null, value: wave!, code: 'wave_exists' as const, params: { id: sameWave.id, title: sameWave.title, wave: wave! } };
			if (opts.replace) replaced = sameWave.id;
			else if (opts.dryRun) issues.warn(info); // the preview says so; the load itself needs --replace
			else issues.error(info);
		}
		if (issues.errorCount > 0) failed = true;
		const lineOf = (r: number) => respondentsAtRows(db, datasetId, [r])[0]!.line;
		const warnings = failed ? [] : warningsOf(checks, h!, detected!, opts.knownItems, areas.created, blankLines, skipped, rows, lineOf);
		for (const w of warnings) issues.warn(w);
		const mappingOut = h ? h.mapping : null;
		if (failed || opts.dryRun) {
			discard();
			return failed
				? { ok: false, error_count: issues.errorCount, errors: issues.errors, warnings: issues.warnings, detected, preview, mapping: mappingOut }
				: { ok: true, dataset_id: null, wave: wave ?? '', rows, dry_run: true, warnings: issues.warnings, preview, detected: detected!,
					skipped, replaced, mapping: mappingOut! };
		}
		publishDataset(db, datasetId, { rows, wave: wave!, sha256: result.sha256, design, detected: { ...detected!, bytes: result.bytes },
			warnings: issues.warnings, skipped }, replaced);
		return { ok: true, dataset_id: datasetId, wave: wave!, rows, dry_run: false, warnings: issues.warnings, preview, detected: detected!,
			skipped, replaced, mapping: mappingOut! };
	} catch (err) {
		try {
			discard();
		} catch {
			// Left hidden: the next opening or ingestion removes it. The first error is the one to tell.
		}
		throw err;
	} finally {
		endCheckpoints();
	}
}
