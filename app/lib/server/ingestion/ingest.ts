/**
 * Ingestion as the interfaces use it (command line and upload pages): the catalog's items for
 * "unused column" warnings, the mapping saved with a dataset for the next wave, and deletion.
 */
import { rmSync } from 'node:fs';
import { openDb, type Db } from '../../../../db/connection';
import { copyAreaNames } from '../../../../db/areas';
import { getDataset, type DatasetRecord } from '../../../../db/datasets';
import { removeDatasetRows } from '../../../../db/hidden-datasets';
import { loadSurvey, type SurveyIngestOptions } from '../../../../ingest/survey/load-survey';
import { parseMapping, type SurveyMapping } from '../../../../ingest/column-mapping';
import type { IngestResult } from '../../../../ingest/report';
import { itemsOf } from '../../engine/catalog';
import { loadCatalog } from '../settings/catalog';
import { itemDomains } from '../settings/item-domains';
import { needsSuggestion, suggestMapping, withCandidates } from './suggest';
import { prepareIndicator, RequestError, type PreparedIndicator } from '../indicators/survey';
import { storePublications } from '../indicators/publication';
import { loadGeography } from '../settings/geography';

/** Every item some indicator of the catalog in force reads. */
export function catalogItems(db: Db): Set<string> {
	const catalog = loadCatalog(db);
	return new Set(catalog.indicators.flatMap((d) => itemsOf(catalog, d.id)));
}

/** The mapping a dataset was loaded with, ready for the next wave (without what was resolved from that file). */
export function mappingOfDataset(d: DatasetRecord): SurveyMapping {
	const { resolved: _resolved, ...mapping } = d.mapping as Record<string, unknown>;
	return parseMapping(mapping);
}

/** What the catalog in force accepts for the items it reads (answers are checked against it). */
export function catalogItemDomains(db: Db) {
	return itemDomains(loadCatalog(db));
}

/**
 * Loads a survey file with the catalog's items known (answers checked against their codes); the
 * frame cache forgets a replaced wave, and the publication patterns of the new wave are computed
 * and stored with it. Missing roles come back with the columns that may play them.
 */
export async function ingestSurvey(db: Db, path: string, opts: SurveyIngestOptions): Promise<IngestResult> {
	const known = opts.lookup ?? db;
	const result = await loadSurvey(db, path, { knownItems: catalogItems(known), itemDomains: catalogItemDomains(known), ...opts,
		mapping: opts.mapping ?? parseMapping({}, loadGeography(known)) });
	if (result.ok && !result.dry_run) {
		if (result.dataset_id !== null) storeWavePublications(db, result.dataset_id);
	}
	return guided(known, path, result, opts);
}

/** A result whose missing roles come with the columns that may play them. */
async function guided(db: Db, path: string, result: IngestResult, opts: SurveyIngestOptions): Promise<IngestResult> {
	if (!needsSuggestion(result)) return result;
	const m = opts.mapping;
	const dialect = { encoding: opts.encoding ?? m?.csv.encoding, delimiter: opts.delimiter ?? m?.csv.delimiter, decimal: opts.decimal ?? m?.csv.decimal };
	return withCandidates(result, await suggestMapping(db, path, dialect));
}

/** Stores the publication pattern of every indicator of the catalog that a survey dataset can give. */
export function storeWavePublications(db: Db, datasetId: number): number {
	const dataset = getDataset(db, datasetId);
	if (!dataset || dataset.kind !== 'survey') return 0;
	const prepared: PreparedIndicator[] = [];
	for (const def of loadCatalog(db).indicators) {
		try {
			prepared.push(prepareIndicator(db, { indicator: def.id, wave: dataset.wave, design: 'auto' }));
		} catch (err) {
			if (!(err instanceof RequestError)) throw err; // an item this file lacks: the indicator is not published for it
		}
	}
	return storePublications(db, prepared);
}

/**
 * A dry run that never takes the database's write lock (an hour-long wait for a sign-in while a
 * 1 GB file is checked): the rows are written to a scratch database holding only the geography's
 * area names, beside `scratchPath`, and the checks against loaded datasets read the real one.
 */
export async function dryRunSurvey(db: Db, path: string, scratchPath: string, opts: SurveyIngestOptions): Promise<IngestResult> {
	rmSync(scratchPath, { force: true });
	const scratch = openDb(scratchPath);
	try {
		const mapping = opts.mapping ?? parseMapping({}, loadGeography(db));
		copyAreaNames(db, scratch, mapping.geography);
		const result = await loadSurvey(scratch, path, { knownItems: catalogItems(db), itemDomains: catalogItemDomains(db), ...opts, mapping, dryRun: true, lookup: db });
		return await guided(db, path, result, opts);
	} finally {
		scratch.close();
		for (const suffix of ['', '-wal', '-shm']) rmSync(scratchPath + suffix, { force: true });
	}
}

/**
 * Deletes a dataset and everything derived from it (rows, columns, skipped rows, areas it
 * created): hidden at once, then deleted in short transactions (db/hidden-datasets.ts).
 */
export function removeDataset(db: Db, id: number): DatasetRecord | undefined {
	const d = getDataset(db, id);
	if (!d) return undefined;
	removeDatasetRows(db, id);
	return d;
}
