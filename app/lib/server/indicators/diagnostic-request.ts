/**
 * A request for a diagnostic indicator, its errors and the datasets it reads: what diagnostics.ts
 * (which dispatches a request) and the tables of each source (incidents.ts,
 * points.ts, which diagnostics.ts calls) share, kept below all three so that none of
 * them imports another that imports it back.
 */
import type { Db } from '../../../../db/connection';
import { listDatasets, type DatasetKind, type DatasetRecord } from '../../../../db/datasets';
import { latestWave } from '../../../../db/waves';
import type { DiagnosticTable, DiagnosticVariable } from '../../engine/types';

export type DiagnosticErrorCode =
	| 'unknown_indicator' | 'no_data_for_wave' | 'geography_unavailable' | 'population_unavailable' | 'variable_unavailable' | 'combination_unpublished';

/** What the caller asked wrongly; rendered from `api.<code>` in the reader's language. */
export class DiagnosticRequestError extends Error {
	constructor(readonly code: DiagnosticErrorCode, readonly params: Record<string, string>) {
		super(`${code}: ${JSON.stringify(params)}`);
	}
}

export interface DiagnosticRequest {
	indicator: string;
	/** The period: the `wave` given at ingestion (several incident files may share one). Default: the latest. */
	wave?: string;
	by: DiagnosticVariable[];
	/** The geography to tabulate in; default: the datasets' own (incidents: the first they were placed in). */
	geography?: string;
	/** The population year for rates; default: the latest loaded for the geography. */
	populationYear?: string;
	/** Viewers: suppressed values removed. Analysts may ask for them. */
	suppress: boolean;
}

export type DiagnosticResult = DiagnosticTable & Record<string, unknown>;

/** The datasets of a kind for a wave (when none is given, the most recent in time: waves.ts). */
export function datasetsOfWave(db: Db, kind: DatasetKind, wave: string | undefined): { wave: string; datasets: DatasetRecord[] } {
	const all = listDatasets(db, kind);
	const w = wave ?? latestWave(db, kind);
	const datasets = all.filter((d) => d.wave === w);
	if (w === undefined || datasets.length === 0) throw new DiagnosticRequestError('no_data_for_wave', { wave: wave ?? '', kind });
	return { wave: w, datasets };
}
