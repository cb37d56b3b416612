/**
 * Loading the partners directory from the upload page: the same loader as
 * `vigie ingest --kind partners`, checked (a dry run) or loaded. A directory is small, so it is
 * read in the server process; loads still queue behind any other (`oneAtATime`).
 */
import type { Db } from '../../../../db/connection';
import { loadPartners } from '../../../../ingest/partners/load-partners';
import type { IngestIssue } from '../../../../ingest/report';
import type { Locale } from '../../i18n';
import { issueLine } from '../ingestion/issues';
import { oneAtATime, withUploadedFile } from '../ingestion/receive';
import { loadGeography } from '../settings/geography';

export interface PartnersUploadResult {
	ok: boolean;
	dryRun: boolean;
	rows: number;
	datasetId: number | null;
	errorCount: number;
	errors: string[];
	warnings: string[];
}

const lines = (locale: Locale, issues: readonly IngestIssue[]) => issues.slice(0, 200).map((i) => issueLine(locale, i));

export async function uploadPartners(db: Db, file: File, opts: { dryRun: boolean; fileName: string; createdBy: string; locale: Locale }): Promise<PartnersUploadResult> {
	return withUploadedFile(file.stream(), async (path) => {
		const run = () => loadPartners(db, path, { geography: loadGeography(db), dryRun: opts.dryRun, fileName: opts.fileName, title: opts.fileName, createdBy: opts.createdBy });
		const r = opts.dryRun ? await run() : await oneAtATime(run);
		if (!r.ok) return { ok: false, dryRun: opts.dryRun, rows: 0, datasetId: null, errorCount: r.error_count, errors: lines(opts.locale, r.errors), warnings: lines(opts.locale, r.warnings ?? []) };
		return { ok: true, dryRun: r.dry_run, rows: r.rows, datasetId: r.dataset_id, errorCount: 0, errors: [], warnings: lines(opts.locale, r.warnings) };
	});
}
