import type { Db } from '../../../../db/connection';
import type { DatasetRecord, ReplicateInfo } from '../../../../db/datasets';
import { readSurveyColumns, type StoredColumn } from '../../../../db/survey';
import { listAreas } from '../../../../db/areas';
import type { SurveyFrame } from '../../engine/frame';
import { denseCodes } from '../../engine/frame';
import { replicateClusters } from '../../engine/replicate-clusters';
import type { ItemColumn } from '../../engine/recode';
import { FPC_COLUMN } from '../../../../ingest/survey/design';
import { cachedFrame } from '../cache/cache';

const frFirst = (a: string, b: string) => a.localeCompare(b, 'fr');

/**
 * The engine's frame for a survey dataset, read from its stored columns once and kept while the
 * dataset exists (cache.ts); replicate weights, the bulk of the memory, are read only when asked for.
 */
export function surveyFrame(db: Db, ds: DatasetRecord, opts: { replicates: boolean }): SurveyFrame {
	return cachedFrame(db, ds, opts.replicates ? 'replicates' : 'weights', () => readFrame(db, ds, opts));
}

function readFrame(db: Db, ds: DatasetRecord, opts: { replicates: boolean }): SurveyFrame {
	const reps = opts.replicates && ds.design.replicate
		? Array.from({ length: ds.design.replicate.count }, (_, b) => `${ds.design.replicate!.prefix}${b + 1}`)
		: [];
	const design = ds.design.fpc ? [FPC_COLUMN] : [];
	const cols = readSurveyColumns(db, ds.id, ['area_id', 'age_group', 'gender', 'stratum', 'psu', 'weight', ...design, ...reps], ds.rows);
	const get = (n: string) => cols.get(n) as StoredColumn;
	const area = get('area_id').data as Float64Array;
	const names = new Map(listAreas(db).map((a) => [a.id, a.name]));
	const dense = denseCodes(area);
	const firstId = new Float64Array(dense.count);
	for (let i = area.length - 1; i >= 0; i--) firstId[dense.codes[i]!] = area[i]!;
	// Boroughs in French alphabetical order, so every table and chart lists them the same way.
	const order = [...firstId.keys()].sort((a, b) => frFirst(names.get(firstId[a]!) ?? '', names.get(firstId[b]!) ?? ''));
	const rank = new Int32Array(dense.count);
	order.forEach((d, r) => (rank[d] = r));
	const boroughCodes = dense.codes.map((d) => rank[d]!);
	const present = order.map((d) => firstId[d]!);
	const frame: SurveyFrame = {
		rows: ds.rows,
		weight: get('weight').data as Float64Array,
		factors: {
			borough: { codes: boroughCodes, levels: present.map((id) => names.get(id) ?? String(id)) },
			age_group: { codes: get('age_group').data, levels: get('age_group').levels! },
			gender: { codes: get('gender').data, levels: get('gender').levels! }
		}
	};
	addDesign(frame, ds, get);
	if (reps.length) {
		const weights = reps.map((r) => get(r).data as Float64Array);
		frame.replicates = { weights, ...replicateVariance(ds.design.replicate!) };
		if (!frame.psu) frame.replicates.clusters = replicateClusters(frame.weight, weights);
	}
	return frame;
}

/** Strata (with or without PSUs), the finite population correction and the single-PSU options the mapping chose. */
function addDesign(frame: SurveyFrame, ds: DatasetRecord, get: (name: string) => StoredColumn): void {
	const stratum = ds.design.strata ? get('stratum') : undefined;
	if (stratum) {
		const dense = denseCodes(stratum.data);
		frame.strata = dense.codes;
		const labels = new Array<string>(dense.count);
		for (let i = 0; i < stratum.data.length; i++) labels[dense.codes[i]!] ??= stratum.levels![stratum.data[i]!] ?? '';
		frame.strataLabels = labels;
		if (ds.design.psu) frame.psu = denseCodes(get('psu').data).codes;
	}
	if (ds.design.fpc) frame.fpc = { values: get(FPC_COLUMN).data as Float64Array, form: ds.design.fpc };
	frame.lonelyPsu = ds.design.lonely_psu ?? 'certainty';
	frame.adjustDomainLonely = ds.design.adjust_domain_lonely ?? false;
}

const TYPE_OF_METHOD = { bootstrap: 'bootstrap', jk1: 'JK1', brr: 'BRR', fay: 'Fay' } as const;

/** The stored replicate convention; datasets loaded before `type` existed name a `method` and centre on the estimate. */
function replicateVariance(r: ReplicateInfo): Pick<NonNullable<SurveyFrame['replicates']>, 'scale' | 'rscales' | 'mse' | 'type'> {
	return { scale: r.scale, ...(r.rscales ? { rscales: Float64Array.from(r.rscales) } : {}), mse: r.mse ?? true,
		type: r.type ?? TYPE_OF_METHOD[r.method ?? 'bootstrap'] };
}

/** The survey items an indicator reads, as stored (codes and their levels). */
export function surveyItems(db: Db, ds: DatasetRecord, names: string[]): Map<string, ItemColumn> {
	const out = new Map<string, ItemColumn>();
	for (const [name, c] of readSurveyColumns(db, ds.id, names, ds.rows)) {
		if (c.role === 'item') out.set(name, { codes: c.data as Int32Array, levels: c.levels ?? [] });
	}
	return out;
}
