import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseCsvText } from './reader/parser';
import type { Db } from '../db/connection';
import { countAreas, insertAreas, listAreas } from '../db/areas';
import { findDatasetBySha, finishDataset, insertDataset } from '../db/datasets';
import type { IngestIssue } from './report';
import type { DiagnosticIngestResult, DiagnosticLoadOptions } from './diagnostic-load';
import { readAreas, type FeatureProperties, type OfficialName, type ReadAreasOptions } from './geo/read-areas';
import { DEFAULT_GEOGRAPHY } from '../domain/words';

export type { FeatureProperties, OfficialName };

export interface LoadAreasOptions {
	/** The geography the areas belong to, e.g. `montreal`. */
	geography: string;
	/** The text of a GeoJSON FeatureCollection (or a TopoJSON Topology) of Polygon / MultiPolygon features, WGS84. */
	geojsonText: string;
	/** The feature property holding the area name, e.g. `NOM`. */
	nameProperty: string;
	/** The feature property holding the area's unique code, e.g. `ABREV`. */
	codeProperty: string;
	/** The area type from a feature's properties; `area` when absent. */
	typeOf?: (props: FeatureProperties) => string;
	/** Official name and type by code; overrides the file's name and type, and must list every code. */
	officialNames?: Map<string, OfficialName>;
}

export interface LoadAreasResult {
	inserted: number;
}

/**
 * Thrown when a bundled or programmatic areas file cannot be loaded. `issues` are the codes the
 * interfaces render; `problems` is one plain line per issue (feature, code, parameters) for logs.
 */
export class AreasValidationError extends Error {
	readonly problems: string[];
	constructor(
		readonly source: string,
		readonly issues: IngestIssue[]
	) {
		const problems = issues.map((i) => {
			const { feature, ...rest } = i.params ?? {};
			const where = feature ?? (i.line !== null ? `line ${i.line}` : i.column ?? '');
			return `${where ? `${where}: ` : ''}${i.code}${Object.keys(rest).length ? ` ${JSON.stringify(rest)}` : ''}`;
		});
		const shown = problems.slice(0, 20);
		const more = problems.length > shown.length ? `\n  … and ${problems.length - shown.length} more` : '';
		super(`${source} cannot be loaded:\n  ${shown.join('\n  ')}${more}`);
		this.name = 'AreasValidationError';
		this.problems = problems;
	}
}

/**
 * Loads a GeoJSON FeatureCollection (or TopoJSON) of areas into one geography, atomically: every
 * feature is checked first (ingest/geo/read-areas.ts), rings are rewound for d3-geo, then all
 * areas are inserted in one transaction. If anything is wrong nothing is inserted and an
 * `AreasValidationError` lists every problem, naming the feature by its index.
 *
 * @example
 * loadAreasGeoJson(db, { geography: 'essex', geojsonText, nameProperty: 'LAD13NM', codeProperty: 'LAD13CD',
 *   typeOf: () => 'district' }) // { inserted: 14 }
 */
export function loadAreasGeoJson(db: Db, options: LoadAreasOptions): LoadAreasResult {
	return db.transaction(() => {
		const { areas, errors } = readAreas(options.geojsonText, options, listAreas(db, options.geography));
		if (errors.length > 0) throw new AreasValidationError(`Areas GeoJSON for "${options.geography}"`, errors);
		insertAreas(db, options.geography, areas);
		return { inserted: areas.length };
	})();
}

export interface AreasFileOptions extends DiagnosticLoadOptions, Omit<ReadAreasOptions, 'geography' | 'typeOf' | 'officialNames'> {
	geography: string;
	/** The type given to every area of the file (`district`, `police_district`, …); `area` when absent. */
	type?: string;
}

/**
 * `vigie ingest FILE --kind areas`: a GeoJSON or TopoJSON file of areas as a new geography (or new
 * areas of one), recorded as a dataset of kind `areas` (SHA-256, provenance) that owns its areas:
 * deleting the dataset deletes them, unless other data still points at them. All or nothing.
 */
export async function loadAreasFile(db: Db, path: string, opts: AreasFileOptions): Promise<DiagnosticIngestResult> {
	// Read once: hashed and decoded from the same bytes.
	const bytes = await readFile(path);
	const sha256 = createHash('sha256').update(bytes).digest('hex');
	const existing = findDatasetBySha(db, sha256);
	if (existing) {
		return { ok: false, error_count: 1, errors: [{ line: null, column: null, value: null, code: 'duplicate_file',
			params: { id: existing.id, title: existing.title, wave: existing.wave } }] };
	}
	const text = bytes.toString('utf8');
	const type = opts.type;
	return db.transaction((): DiagnosticIngestResult => {
		const read = readAreas(text, { ...opts, typeOf: type ? () => type : undefined }, listAreas(db, opts.geography));
		if (read.errors.length > 0) return { ok: false, error_count: read.errors.length, errors: read.errors, warnings: read.warnings };
		const summary = { geography: opts.geography, format: read.format, properties: read.properties, areas: read.areas.map((a) => ({ code: a.code, name: a.name })) };
		if (opts.dryRun) return { ok: true, kind: 'areas', dataset_id: null, wave: opts.wave ?? '', rows: read.areas.length, dry_run: true, warnings: read.warnings, summary };
		const datasetId = insertDataset(db, {
			kind: 'areas', wave: opts.wave ?? '', title: opts.title ?? basename(path), file_name: opts.fileName ?? basename(path), sha256,
			created_by: opts.createdBy ?? 'cli', created_at: new Date().toISOString(),
			mapping: { geography: opts.geography, format: read.format, object: opts.object ?? null, name_property: read.properties!.name,
				code_property: read.properties!.code, type: type ?? 'area' },
			design: { strata: false, psu: false, replicate: null }, synthetic: opts.synthetic ?? false
		});
		insertAreas(db, opts.geography, read.areas, datasetId);
		finishDataset(db, datasetId, { rows: read.areas.length, wave: opts.wave ?? '' });
		return { ok: true, kind: 'areas', dataset_id: datasetId, wave: opts.wave ?? '', rows: read.areas.length, dry_run: false, warnings: read.warnings, summary };
	}).immediate();
}

const MONTREAL_GEOJSON = new URL('../geography/montreal/limadmin.geojson', import.meta.url);
const MONTREAL_NAMES = new URL('../geography/montreal/areas.csv', import.meta.url);

/** Reads an official names CSV (`code,name,type`, every cell kept as a string). */
export function readOfficialNames(csvText: string, source = 'official names CSV'): Map<string, OfficialName> {
	const { records, issues } = parseCsvText(csvText.replace(/^\uFEFF/, ''));
	const problems = issues.map((e) => `line ${e.line}: ${e.code}`);
	const names = new Map<string, OfficialName>();
	const [head, ...rows] = records.filter((r) => !r.blank);
	const at = (h: string) => head?.cells.indexOf(h) ?? -1;
	rows.forEach(({ cells, line }) => {
		const row = { code: cells[at('code')], name: cells[at('name')], type: cells[at('type')] };
		const [code, name, type] = [row.code?.trim(), row.name?.trim(), row.type?.trim()];
		if (!code || !name || !type) problems.push(`line ${line}: expected code, name and type, found ${JSON.stringify(cells)}`);
		else if (names.has(code)) problems.push(`line ${line}: duplicate code ${JSON.stringify(code)}`);
		else names.set(code, { name, type });
	});
	if (problems.length > 0) {
		throw new AreasValidationError(source, problems.map((detail) => ({ line: null, column: null, value: null, code: 'file_unreadable', params: { detail } })));
	}
	return names;
}

/**
 * Loads Montreal's 34 agglomeration areas (19 boroughs, 15 related cities) from the bundled
 * Ville de Montréal file, under their official names (en dashes, see geography/montreal/README.md), as
 * geography `montreal`. Idempotent: does nothing when the geography already has areas. The check
 * and the insert share one immediate transaction, so two processes starting together load once.
 */
export function loadMontrealAreas(db: Db): LoadAreasResult {
	const geojsonText = readFileSync(MONTREAL_GEOJSON, 'utf8');
	const officialNames = readOfficialNames(readFileSync(MONTREAL_NAMES, 'utf8'), 'geography/montreal/areas.csv');
	return db
		.transaction((): LoadAreasResult => {
			if (countAreas(db, DEFAULT_GEOGRAPHY) > 0) return { inserted: 0 };
			return loadAreasGeoJson(db, {
				geography: DEFAULT_GEOGRAPHY,
				geojsonText,
				nameProperty: 'NOM',
				codeProperty: 'ABREV',
				typeOf: (props) => (props.TYPE === 'Arrondissement' ? 'borough' : 'related_city'),
				officialNames
			});
		})
		.immediate();
}
