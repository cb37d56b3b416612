import type { Db } from '../../../../db/connection';
import { listAreas } from '../../../../db/areas';
import { readWalkAuditScores } from '../../../../db/walk-audit';
import { readParticipatoryPoints, type ParticipatoryPointRow } from '../../../../db/participatory-map';
import { protectCountCube, type Suppression } from '../../engine/count-protection';
import { cached } from '../cache/cache';
import type { DiagnosticDefinition } from '../../engine/catalog';
import { auditRows, mappingRows, type AuditScore } from '../../engine/point-tables';
import type { DiagnosticVariable, Domain } from '../../engine/types';
import { DEFAULT_GEOGRAPHY, GENDERS, DEFAULT_AGE_BANDS } from '../../../../domain/words';
import { TIMES_OF_DAY } from '../../../../ingest/cells';
import { datasetsOfWave, DiagnosticRequestError, type DiagnosticRequest, type DiagnosticResult } from './diagnostic-request';
import { loadRules } from '../settings/rules';

const frOrder = (a: string, b: string) => a.localeCompare(b, 'fr');

/** The one geography of a wave's datasets (audits and mapping are placed in one, at ingestion). */
function geographyOf(datasets: { mapping: Record<string, unknown> }[], asked: string | undefined): string {
	const g = (datasets[0]!.mapping.geography as string | undefined) ?? DEFAULT_GEOGRAPHY;
	if (asked !== undefined && asked !== g) throw new DiagnosticRequestError('geography_unavailable', { geography: asked, dataset: '' });
	return g;
}

/** Audit scores by criterion (and area, time of day): the mean score or the share of sites rated poor. */
export function auditTable(db: Db, def: DiagnosticDefinition, req: DiagnosticRequest): DiagnosticResult {
	const { wave, datasets } = datasetsOfWave(db, 'audit', req.wave);
	const geography = geographyOf(datasets, req.geography);
	const by: DiagnosticVariable[] = req.by.includes('criterion') ? req.by : [...req.by, 'criterion'];
	const scores: AuditScore[] = [];
	const unplaced = { outside: 0 };
	for (const ds of datasets) {
		const poorMax = (ds.mapping.scale as { poorMax: number } | undefined)?.poorMax ?? 2;
		for (const s of readWalkAuditScores(db, [ds.id])) {
			if (by.includes('borough') && s.area === null) { unplaced.outside++; continue; }
			if (by.includes('time_of_day') && s.time_of_day === null) continue;
			const domain: Domain = { criterion: s.criterion };
			if (by.includes('borough')) domain.borough = s.area!;
			if (by.includes('time_of_day')) domain.time_of_day = s.time_of_day!;
			scores.push({ domain, score: s.score, poor: s.score <= poorMax });
		}
	}
	const levels = by.map((v) => {
		if (v === 'borough') return listAreas(db, geography).map((a) => a.name);
		if (v === 'time_of_day') return [...TIMES_OF_DAY];
		return [...new Set(scores.map((s) => s.domain.criterion!))].sort();
	});
	const rows = auditRows({ by, levels, scores, measure: def.measure === 'audit_score' ? 'score' : 'poor_share' });
	return { indicator: def.id, wave, design: 'descriptive', ci_method: null, level: 0.95, geography, datasets: datasets.map((d) => d.id),
		excluded: by.includes('borough') ? { outside_or_unlocated: unplaced.outside } : {}, rows };
}

/** Participatory-mapping points per area (and category, participant's age group and gender), or the share marked unsafe. */
export function mappingTable(db: Db, def: DiagnosticDefinition, req: DiagnosticRequest): DiagnosticResult {
	const { wave, datasets } = datasetsOfWave(db, 'mapping', req.wave);
	const geography = geographyOf(datasets, req.geography);
	const points = readParticipatoryPoints(db, datasets.map((d) => d.id));
	const by = req.by;
	const levels = by.map((v) => {
		if (v === 'borough') return listAreas(db, geography).map((a) => a.name);
		if (v === 'age_group') return DEFAULT_AGE_BANDS.map((b) => b.label);
		if (v === 'gender') return [...GENDERS];
		return [...new Set(points.map((p) => p.category).filter((c): c is string => c !== null))].sort(frOrder);
	});
	const index = levels.map((l) => new Map(l.map((x, k) => [x, k])));
	const size = levels.reduce((n, l) => n * l.length, 1);
	const counts = new Float64Array(size), unsafe = new Float64Array(size);
	const excluded: Record<string, number> = {};
	for (const p of points) {
		let cell = 0, missing: string | null = null;
		for (let d = 0; d < by.length; d++) {
			const v = by[d]!;
			const value = v === 'borough' ? p.area : v === 'category' ? p.category : v === 'age_group' ? p.age_group : p.gender;
			const k = value === null ? undefined : index[d]!.get(value);
			if (k === undefined) { missing = v; break; }
			cell = cell * levels[d]!.length + k;
		}
		if (missing !== null) { excluded[`no_${missing}`] = (excluded[`no_${missing}`] ?? 0) + 1; continue; }
		counts[cell]!++;
		if (p.perception === 'unsafe') unsafe[cell]!++;
	}
	const suppression = pointSuppression(db, points, { datasets: datasets.map((d) => d.id), areas: listAreas(db, geography).map((a) => a.name), minPoints: loadRules(db).count.minPoints });
	const rows = mappingRows({ by, levels, points: counts, unsafe, measure: def.measure === 'mapping_points' ? 'points' : 'unsafe_share', suppression });
	return { indicator: def.id, wave, design: 'descriptive', ci_method: null, level: 0.95, geography, datasets: datasets.map((d) => d.id), excluded, rows };
}

/** The variables of every table of points a reader can get: the full cross and its margins. */
const POINT_VARIABLES = ['borough', 'category', 'age_group', 'gender'] as const;

/**
 * The suppression of every table of points (any breakdown by area, category, participant's age
 * group and gender): fewer than the minimum of points hidden, with complements chosen over all
 * of them at once. Kept while the database does not change (cache.ts), per rules and areas.
 */
function pointSuppression(db: Db, points: ParticipatoryPointRow[], opts: { datasets: number[]; areas: string[]; minPoints: number }): (domain: Domain) => Suppression {
	const params = [opts.datasets, opts.minPoints, opts.areas];
	return cached(db, { kind: 'point-suppression', params, locale: null, audience: 'public' }, () => computePointSuppression(points, opts));
}

function computePointSuppression(points: ParticipatoryPointRow[], opts: { areas: string[]; minPoints: number }): (domain: Domain) => Suppression {
	const levels: string[][] = [opts.areas, [...new Set(points.map((p) => p.category).filter((c): c is string => c !== null))].sort(frOrder),
		DEFAULT_AGE_BANDS.map((b) => b.label), [...GENDERS]];
	const index = levels.map((l) => new Map(l.map((x, k) => [x, k])));
	const sizes = levels.map((l) => l.length + 1);
	const counts = new Float64Array(sizes.reduce((a, b) => a * b, 1));
	for (const p of points) {
		const values = [p.area, p.category, p.age_group, p.gender];
		let cell = 0;
		// A point lacking a variable (no age given) sits in that variable's last, "missing" level.
		values.forEach((v, d) => (cell = cell * sizes[d]! + (v === null ? levels[d]!.length : index[d]!.get(v) ?? levels[d]!.length)));
		counts[cell]!++;
	}
	const lookup = protectCountCube({ variables: POINT_VARIABLES, levels, counts, minCount: opts.minPoints, appliesTo: () => true });
	return (d: Domain) => lookup(d as Record<string, string | undefined>);
}
