import { basename } from 'node:path';
import type { Db } from '../../db/connection';
import { finishDataset, insertDataset } from '../../db/datasets';
import { insertWalkAuditSites, type WalkAuditSiteInsert } from '../../db/walk-audit';
import type { DiagnosticIngestResult, DiagnosticLoadOptions } from '../diagnostic-load';
import { readDiagnosticHeader, readDiagnosticRow, startDiagnosticLoad } from '../diagnostic-file';
import { parseCoordinate, parseDate, parseTimeOfDay, TIMES_OF_DAY } from '../cells';
import { OUTSIDE } from '../geo/placer';
import { isLonLat } from '../geo/project';
import { HEADER_ALIASES, parseNumber } from '../survey/schema';

type Role = 'site_id' | 'date' | 'time_of_day' | 'borough' | 'latitude' | 'longitude' | 'findings' | 'recommendations';

const ALIASES: Record<Role, string[]> = {
	site_id: ['site_id', 'site', 'id_site', 'lieu', 'location_id', 'point'],
	date: ['date', 'date_marche', 'walk_date'],
	time_of_day: ['time_of_day', 'moment', 'quart', 'periode', 'moment_journee'],
	borough: HEADER_ALIASES.borough,
	latitude: ['latitude', 'lat'],
	longitude: ['longitude', 'lon', 'long', 'lng'],
	findings: ['findings', 'constats', 'observations', 'finding', 'constat'],
	recommendations: ['recommendations', 'recommandations', 'recommendation', 'recommandation']
};

/**
 * The usual criteria of exploratory-walk grids (METRAC, Montreal's "marches exploratoires"),
 * French or English; any other column is a criterion under its own name.
 */
const CRITERIA: Record<string, string[]> = {
	lighting: ['lighting', 'eclairage'],
	visibility: ['visibility', 'visibilite', 'sightlines'],
	signage: ['signage', 'signalisation'],
	maintenance: ['maintenance', 'entretien', 'proprete'],
	isolation: ['isolation', 'isolement', 'sense_of_isolation', 'sentiment_isolement', 'sentiment_d_isolement'],
	possible_help: ['possible_help', 'aide_possible', 'help', 'acces_a_l_aide', 'access_to_help'],
	people_activity: ['people_activity', 'people_and_activity', 'achalandage', 'presence_activite', 'activity']
};
const CRITERION_OF = new Map(Object.entries(CRITERIA).flatMap(([c, ks]) => ks.map((k) => [k, c] as const)));

export interface WalkAuditIngestOptions extends DiagnosticLoadOptions {
	/** The scores' scale, 1 (very poor) to 5 (very good) by default; a site is "poor" on a criterion at `poorMax` or below. */
	scale?: { min: number; max: number; poorMax: number };
}

export const DEFAULT_AUDIT_SCALE = { min: 1, max: 5, poorMax: 2 };

/**
 * Loads an exploratory-walk (safety audit) file: one row per site and walk with
 * `site_id`, `date`, `time_of_day`, `borough` or coordinates, a score per criterion and the free
 * text findings and recommendations (stored for analysts only). All or nothing; sites outside
 * every area are kept, counted and reported.
 */
export async function loadWalkAudit(db: Db, path: string, opts: WalkAuditIngestOptions = {}): Promise<DiagnosticIngestResult> {
	const { issues, fail, geography, file } = await startDiagnosticLoad(db, path, opts);
	if (!file) return fail();
	const { sha256, placer } = file;
	const scale = opts.scale ?? DEFAULT_AUDIT_SCALE;
	// Every column that is no role is a criterion.
	const header = readDiagnosticHeader(file.records, ALIASES, opts.columns, issues, (h) => {
		if (h.roles.site_id === undefined) issues.error({ line: 1, column: 'site_id', value: null, code: 'missing_column', params: { role: 'site_id' } });
		if (h.roles.borough === undefined && (h.roles.latitude === undefined || h.roles.longitude === undefined))
			issues.error({ line: 1, column: 'borough', value: null, code: 'missing_column', params: { role: 'borough' } });
		if (h.others.length === 0) issues.error({ line: 1, column: null, value: null, code: 'no_criteria' });
	});
	if (!header) return fail();
	const { h, rows } = header;
	const criteria = h.others.map((o) => ({ ...o, criterion: CRITERION_OF.get(o.key) ?? o.key }));

	const sites: WalkAuditSiteInsert[] = [];
	const seen = new Set<string>();
	let outside = 0;
	const dates: string[] = [];
	for (const rec of rows) {
		const row = readDiagnosticRow(h, rec, issues);
		if (!row) continue;
		const { get, err } = row;
		const before = issues.errorCount;
		const siteId = get('site_id');
		if (siteId === '') err('site_id', 'required');
		const date = get('date') === '' ? undefined : parseDate(get('date'));
		if (get('date') !== '' && !date) err('date', 'date_invalid', { params: { expected: 'YYYY-MM-DD' } });
		const tod = get('time_of_day') === '' ? undefined : parseTimeOfDay(get('time_of_day'));
		if (get('time_of_day') !== '' && !tod) err('time_of_day', 'unknown_time_of_day', { params: { expected: TIMES_OF_DAY.join(', ') } });
		const key = `${siteId}|${date ?? ''}|${tod ?? ''}`;
		if (siteId !== '' && seen.has(key)) err('site_id', 'duplicate_site');
		seen.add(key);

		let lon: number | null = null, lat: number | null = null, areaId: number | null = null;
		if (get('latitude') !== '' || get('longitude') !== '') {
			const [x, y] = [parseCoordinate(get('longitude')), parseCoordinate(get('latitude'))];
			if (x === undefined || y === undefined || !isLonLat(x, y)) err(x === undefined ? 'longitude' : 'latitude', 'coordinate_invalid');
			else [lon, lat] = [x, y];
		}
		if (get('borough') !== '') {
			const m = placer.areaOfName(get('borough'));
			if (m.id === undefined) err('borough', 'unknown_area', m.suggestions.length ? { suggestion: m.suggestions[0] } : {});
			areaId = m.id ?? null;
		} else if (lon !== null && lat !== null) {
			const id = placer.areaOfPoint(lon, lat);
			if (id === OUTSIDE) {
				outside++;
				issues.warn({ line: rec.line, column: h.headers.longitude ?? null, value: `${lon}, ${lat}`, code: 'point_outside', params: { geography } });
			} else areaId = id;
		} else if (issues.errorCount === before) err('borough', 'required');

		const scores: Record<string, number> = {};
		for (const c of criteria) {
			const raw = (rec.cells[c.index] ?? '').trim();
			if (raw === '') continue;
			const v = parseNumber(raw.replace(/^(\d+),(\d+)$/, '$1.$2'));
			if (v === undefined) issues.error({ line: rec.line, column: c.name, value: raw, code: 'not_a_number' });
			else if (v < scale.min || v > scale.max) issues.error({ line: rec.line, column: c.name, value: raw, code: 'score_out_of_range', params: { min: scale.min, max: scale.max } });
			else scores[c.criterion] = v;
		}
		if (issues.errorCount > before) continue;
		if (date) dates.push(date);
		const text = (r: Role) => (get(r) === '' ? null : get(r));
		sites.push({ row_index: sites.length, line: rec.line, site_id: siteId, date: date ?? null, time_of_day: tod ?? null, area_id: areaId,
			lon, lat, findings: text('findings'), recommendations: text('recommendations'), scores });
	}
	if (issues.errorCount > 0) return fail();
	dates.sort();
	const wave = opts.wave ?? (dates.length ? (dates[0]!.slice(0, 4) === dates.at(-1)!.slice(0, 4) ? dates[0]!.slice(0, 4) : `${dates[0]}..${dates.at(-1)}`) : '');
	if (wave === '') {
		issues.error({ line: null, column: 'wave', value: null, code: 'wave_missing' });
		return fail();
	}
	const summary = { geography, scale, criteria: [...new Set(criteria.map((c) => c.criterion))], sites: sites.length, outside,
		placed: sites.filter((s) => s.area_id !== null).length };
	if (opts.dryRun) return { ok: true, kind: 'audit', dataset_id: null, wave, rows: sites.length, dry_run: true, warnings: issues.warnings, summary };
	const id = db.transaction(() => {
		const datasetId = insertDataset(db, {
			kind: 'audit', wave, title: opts.title ?? basename(path), file_name: opts.fileName ?? basename(path), sha256,
			created_by: opts.createdBy ?? 'cli', created_at: new Date().toISOString(),
			mapping: { geography, scale, columns: { ...h.mapping, ...Object.fromEntries(criteria.map((c) => [c.name, `criterion:${c.criterion}`])) } },
			design: { strata: false, psu: false, replicate: null }, synthetic: opts.synthetic ?? false
		});
		insertWalkAuditSites(db, datasetId, geography, sites);
		finishDataset(db, datasetId, { rows: sites.length, wave });
		return datasetId;
	}).immediate();
	return { ok: true, kind: 'audit', dataset_id: id, wave, rows: sites.length, dry_run: false, warnings: issues.warnings, summary };
}
