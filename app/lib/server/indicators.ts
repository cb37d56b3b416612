import type { Db } from '../../../db/connection';
import { findSurveyDataset, type DatasetRecord } from '../../../db/datasets';
import { Catalog, itemsOf, type IndicatorDefinition } from '../engine/catalog';
import { autoDesign, estimateDomains, type DomainResult } from '../engine/estimate';
import { recodeIndicator } from '../engine/recode';
import type { CiMethod, Design, DomainVariable, EstimateRow, EstimateTable } from '../engine/types';
import defaultCatalog from '../catalog/default-catalog.json';
import { surveyFrame, surveyItems } from './survey-frame';

/** The default catalog of PRODUCT.md §4, validated at start-up like any analyst's catalog. */
export const catalog: Catalog = Catalog.parse(defaultCatalog);

export function findIndicator(id: string): IndicatorDefinition | undefined {
	return catalog.indicators.find((d) => d.id === id);
}

export const DOMAIN_VARIABLES: readonly DomainVariable[] = ['borough', 'age_group', 'gender'];

export interface IndicatorRequest {
	indicator: string;
	wave: string;
	by: DomainVariable[];
	design: Design | 'auto';
	ci: CiMethod;
	/** Viewers get suppressed values removed; only analysts may ask for them (PRODUCT.md §6). */
	suppress: boolean;
}

export class RequestError extends Error {
	constructor(readonly code: 'unknown_indicator' | 'unknown_wave' | 'design_unavailable' | 'missing_item', readonly params: Record<string, string>) {
		super(`${code}: ${JSON.stringify(params)}`);
	}
}

/** A suppressed row as it may leave the server: no value, no interval, no effective n. */
export function redact(row: EstimateRow): EstimateRow {
	return row.reliability === 'suppressed' ? { ...row, estimate: null, se: null, ci: null, n_eff: null } : row;
}

function publicRow(r: DomainResult): EstimateRow {
	const { domain, n, weighted_n, estimate, se, ci, df, n_eff, reliability, flags } = r;
	return { domain, n, weighted_n, estimate, se, ci, df, n_eff, reliability, flags };
}

/** Computes one indicator's domain table for a wave (PRODUCT.md §7 shape). */
export function computeIndicator(db: Db, req: IndicatorRequest): EstimateTable & { dataset: DatasetRecord } {
	const def = findIndicator(req.indicator);
	if (!def) throw new RequestError('unknown_indicator', { indicator: req.indicator });
	const ds = findSurveyDataset(db, req.wave);
	if (!ds) throw new RequestError('unknown_wave', { wave: req.wave });
	const wantsReplicates = req.design === 'replicate' || (req.design === 'auto' && ds.design.replicate !== null);
	const frame = surveyFrame(db, ds, { replicates: wantsReplicates });
	const design = req.design === 'auto' ? autoDesign(frame) : req.design;
	if ((design === 'strata_psu' && !frame.strata) || (design === 'replicate' && !frame.replicates))
		throw new RequestError('design_unavailable', { design });
	const needed = itemsOf(catalog, def.id);
	const items = surveyItems(db, ds, needed);
	const missing = needed.find((n) => !items.has(n));
	if (missing) throw new RequestError('missing_item', { indicator: def.id, item: missing });
	const y = recodeIndicator(catalog, def, items, frame.rows);
	const rows = estimateDomains(frame, y, { kind: def.type, by: req.by, design, ciMethod: req.ci }).map(publicRow);
	return {
		indicator: def.id, wave: ds.wave, design, ci_method: req.ci, level: 0.95,
		rows: req.suppress ? rows.map(redact) : rows,
		dataset: ds
	};
}
