import { basename } from 'node:path';
import type { Db } from '../../db/connection';
import { insertHiddenDataset, loadCheckpoints, publishDataset, purgeAbandoned, purgeDataset } from '../../db/hidden-datasets';
import { areaColumn, incidentWriter } from '../../db/incidents';
import { CHUNK_ROWS } from '../../db/survey';
import { streamCsv, type CsvRecord } from '../csv';
import { IssueCollector, MAX_REPORTED, type IngestIssue } from '../report';
import { alreadyLoaded } from '../diagnostic-file';
import { csvIssueReporter, nonBlank, type DiagnosticIngestResult, type DiagnosticLoadOptions } from '../diagnostic-load';
import { CodeColumn, NumberColumn } from '../survey/columns';
import { DEFAULT_GEOGRAPHY, DEFAULT_AGE_BANDS, GENDERS, type AgeBand } from '../../domain/words';
import { TIMES_OF_DAY } from '../cells';
import { geographyPlacer, OUTSIDE, type GeographyPlacer } from '../geo/placer';
import { resolveIncidentHeader, type IncidentHeader } from './header';
import { readIncident, type IncidentRow } from './read-incident';

export interface IncidentIngestOptions extends DiagnosticLoadOptions {
	/** Geographies to place the incidents in; the first resolves area names. Default: `geography`, else `montreal`. */
	geographies?: string[];
	ageBands?: AgeBand[];
}

interface Placement {
	placer: GeographyPlacer;
	column: NumberColumn | null;
	assigned: number;
	outside: number;
	no_coordinates: number;
}

/** The chunked columns of one incident dataset, created with the hidden dataset once the header is known. */
function openColumns(db: Db, datasetId: number, h: IncidentHeader, bands: readonly AgeBand[], placements: Placement[]) {
	const w = incidentWriter(db, datasetId);
	let pos = 0;
	const has = (...roles: (keyof IncidentHeader['roles'])[]) => roles.some((r) => h.roles[r] !== undefined);
	const cols = {
		writer: w,
		line: new NumberColumn(w, 'line', pos++, 'item'),
		month: new CodeColumn(w, 'month', pos++, 'domain'),
		date: has('date') ? new CodeColumn(w, 'date', pos++, 'item') : null,
		category: new CodeColumn(w, 'category', pos++, 'domain'),
		timeOfDay: has('time_of_day', 'time') ? new CodeColumn(w, 'time_of_day', pos++, 'domain', TIMES_OF_DAY) : null,
		age: has('age') ? new NumberColumn(w, 'victim_age', pos++, 'item') : null,
		ageGroup: has('age', 'age_group') ? new CodeColumn(w, 'age_group', pos++, 'domain', bands.map((b) => b.label)) : null,
		gender: has('gender') ? new CodeColumn(w, 'gender', pos++, 'domain', GENDERS) : null,
		district: has('police_district') ? new CodeColumn(w, 'police_district', pos++, 'item') : null,
		lon: new NumberColumn(w, 'lon', pos++, 'item'),
		lat: new NumberColumn(w, 'lat', pos++, 'item')
	};
	for (const p of placements) p.column = new NumberColumn(w, areaColumn(p.placer.geography), pos++, 'domain');
	return cols;
}

/**
 * Loads an incident file (canonical, police.uk street-level, or SPVM open data),
 * all or nothing as readers see it, and places every incident in each geography asked for: by
 * point in polygon when it has coordinates, else by its area name. The file is read once (hashed
 * on the way: a file already loaded is refused at the end); the rows go into a hidden dataset a
 * chunk per transaction, published at the end or removed (db/hidden-datasets.ts). Incidents
 * outside every area or without any location are stored, counted per geography and reported as
 * warnings (file line, coordinates): never dropped silently. `db` must not be used by anything
 * else during the load.
 */
export async function loadIncidents(db: Db, path: string, opts: IncidentIngestOptions = {}): Promise<DiagnosticIngestResult> {
	const issues = new IssueCollector();
	const fail = (): DiagnosticIngestResult => ({ ok: false, error_count: issues.errorCount, errors: issues.errors, warnings: issues.warnings });
	const geographies = opts.geographies ?? [opts.geography ?? DEFAULT_GEOGRAPHY];
	const placements: Placement[] = [];
	for (const g of geographies) {
		const placer = geographyPlacer(db, g);
		if (!placer) issues.error({ line: null, column: null, value: g, code: 'unknown_geography', params: { geography: g } });
		else placements.push({ placer, column: null, assigned: 0, outside: 0, no_coordinates: 0 });
	}
	if (issues.errorCount > 0) return fail();
	const primary = placements[0]!;
	const bands = opts.ageBands ?? DEFAULT_AGE_BANDS;

	let header: IncidentHeader | null = null;
	let cols: ReturnType<typeof openColumns> | null = null;
	let datasetId = -1;
	let rows = 0, written = 0;
	let failed = false, headerFailed = false;
	let endCheckpoints = () => {};
	const begin = (h: IncidentHeader) => {
		purgeAbandoned(db); // what a load that died left behind goes first
		endCheckpoints = loadCheckpoints(db);
		db.transaction(() => {
			datasetId = insertHiddenDataset(db, {
				kind: 'incidents', wave: opts.wave ?? '', title: opts.title ?? basename(path), file_name: opts.fileName ?? basename(path),
				sha256: `pending:${process.pid}:${Date.now()}:${Math.random()}`, created_by: opts.createdBy ?? 'cli', created_at: new Date().toISOString(),
				mapping: { shape: h.shape, columns: h.mapping, geographies }, design: { strata: false, psu: false, replicate: null },
				synthetic: opts.synthetic ?? false
			});
			cols = openColumns(db, datasetId, h, bands, placements);
		}).immediate();
	};
	const discard = () => {
		if (datasetId > 0) purgeDataset(db, datasetId);
	};
	const months = new Set<string>();
	const categories = new Map<string, number>();

	/** Where the row goes in each geography; warnings for rows placed nowhere. */
	const place = (rec: CsvRecord, row: IncidentRow): number[] | null => {
		const ids: number[] = [];
		const hasPoint = !Number.isNaN(row.lon);
		let nameId: number | undefined;
		if (row.borough !== undefined) {
			const m = primary.placer.areaOfName(row.borough);
			if (m.id === undefined) {
				issues.error({ line: rec.line, column: header!.headers.borough ?? 'borough', value: row.borough, code: 'unknown_area',
					...(m.suggestions.length ? { suggestion: m.suggestions[0] } : {}) });
				return null;
			}
			nameId = m.id;
		}
		if (!hasPoint && nameId === undefined && issues.warnings.length < MAX_REPORTED) {
			issues.warn({ line: rec.line, column: null, value: null, code: 'no_location' });
		}
		for (const p of placements) {
			let id = OUTSIDE;
			if (hasPoint) {
				id = p.placer.areaOfPoint(row.lon, row.lat);
				if (id === OUTSIDE) {
					p.outside++;
					// Counted always; listed up to the report's limit (a million rows outside would be a million objects).
					if (issues.warnings.length < MAX_REPORTED) issues.warn({ line: rec.line, column: header!.headers.longitude ?? header!.headers.x ?? null, value: `${row.lon}, ${row.lat}`,
						code: 'point_outside', params: { geography: p.placer.geography } });
				}
			} else if (p === primary && nameId !== undefined) id = nameId;
			else p.no_coordinates++;
			if (id !== OUTSIDE) p.assigned++;
			ids.push(id);
		}
		return ids;
	};

	const onRecord = (rec: CsvRecord) => {
		if (!header) {
			header = resolveIncidentHeader(rec.cells, issues, opts.columns);
			if (issues.errorCount > 0) failed = headerFailed = true;
			return;
		}
		if (headerFailed) return;
		if (rec.cells.length !== header.width) {
			issues.error({ line: rec.line, column: null, value: null, code: 'field_count', params: { expected: header.width, found: rec.cells.length } });
			failed = true;
			return;
		}
		const row = readIncident(rec, { header, bands, issues });
		const ids = row && place(rec, row);
		if (!row || !ids) { failed = true; return; }
		months.add(row.month);
		categories.set(row.category, (categories.get(row.category) ?? 0) + 1);
		rows++;
		if (failed || opts.dryRun) return;
		if (datasetId < 0) begin(header);
		const c = cols!;
		c.line.push(rec.line);
		c.month.push(row.month);
		c.date?.push(row.date);
		c.category.push(row.category);
		c.timeOfDay?.push(row.time_of_day);
		c.age?.push(row.age);
		c.ageGroup?.push(row.age_group);
		c.gender?.push(row.gender);
		c.district?.push(row.police_district);
		c.lon.push(row.lon);
		c.lat.push(row.lat);
		placements.forEach((p, k) => p.column!.push(ids[k]!));
		// Every column has just handed a full chunk to the writer: one short transaction.
		if (++written % CHUNK_ROWS === 0) c.writer.commit();
	};

	try {
		const read = await streamCsv(path, nonBlank(onRecord), csvIssueReporter(issues, () => (failed = true)), opts.csv);
		if (!header) issues.error({ line: null, column: null, value: null, code: 'empty_file' });
		else if (rows === 0 && !failed) issues.error({ line: null, column: null, value: null, code: 'no_rows' });
		if (issues.errorCount === 0 && !failed && read.sha256) {
			// The file is already in: that is the one thing to say about it.
			const only = new IssueCollector();
			if (alreadyLoaded(db, read.sha256, only)) {
				discard();
				return { ok: false, error_count: 1, errors: only.errors, warnings: [] };
			}
		}
		if (issues.errorCount > 0 || failed) {
			discard();
			return fail();
		}
		const sorted = [...months].sort();
		const wave = opts.wave ?? (sorted.length === 1 ? sorted[0]! : `${sorted[0]}..${sorted.at(-1)}`);
		const summary = {
			shape: header!.shape,
			months: sorted,
			categories: Object.fromEntries([...categories].sort((a, b) => b[1] - a[1])),
			placement: placements.map((p) => ({ geography: p.placer.geography, assigned: p.assigned, outside: p.outside,
				no_coordinates: p.no_coordinates }))
		};
		if (opts.dryRun) return { ok: true, kind: 'incidents', dataset_id: null, wave, rows, dry_run: true, warnings: issues.warnings, summary };
		const c = cols!;
		for (const col of [c.line, c.month, c.date, c.category, c.timeOfDay, c.age, c.ageGroup, c.gender, c.district, c.lon, c.lat, ...placements.map((p) => p.column)]) col?.finish();
		for (const p of placements) {
			const columnId = db.prepare('SELECT id FROM incident_columns WHERE dataset_id = ? AND name = ?').pluck().get(datasetId, areaColumn(p.placer.geography)) as number;
			c.writer.addGeography({ geography: p.placer.geography, columnId, areas_dataset_id: p.placer.areasDatasetId, assigned: p.assigned,
				outside: p.outside, no_coordinates: p.no_coordinates });
		}
		c.writer.commit();
		publishDataset(db, datasetId, { rows, wave, sha256: read.sha256 });
		return { ok: true, kind: 'incidents', dataset_id: datasetId, wave, rows, dry_run: false, warnings: issues.warnings, summary };
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

export type { IngestIssue };
