/**
 * Ingestion as the interfaces use it (command line and upload pages): the catalog's items for
 * "unused column" warnings, the mapping saved with a dataset for the next wave, and deletion.
 */
import { rmSync } from 'node:fs';
import { openDb, type Db } from '../../../db/connection';
import { copyAreaNames } from '../../../db/areas';
import { getDataset, type DatasetRecord } from '../../../db/datasets';
import { removeDatasetRows } from '../../../db/hidden-datasets';
import { loadSurvey, type SurveyIngestOptions } from '../../../ingest/survey/load-survey';
import { parseMapping, type SurveyMapping } from '../../../ingest/mapping';
import type { IngestResult } from '../../../ingest/report';
import { itemsOf } from '../engine/catalog';
import { loadCatalog } from './catalog';
import { clearFrameCache } from './survey-frame';

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

/** Loads a survey file with the catalog's items known; the frame cache forgets a replaced wave. */
export async function ingestSurvey(db: Db, path: string, opts: SurveyIngestOptions): Promise<IngestResult> {
	const result = await loadSurvey(db, path, { knownItems: catalogItems(opts.lookup ?? db), ...opts });
	if (result.ok && !result.dry_run) clearFrameCache();
	return result;
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
		copyAreaNames(db, scratch, opts.mapping?.geography ?? 'montreal');
		return await loadSurvey(scratch, path, { knownItems: catalogItems(db), ...opts, dryRun: true, lookup: db });
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
	clearFrameCache();
	return d;
}
