import { basename } from 'node:path';
import type { Db } from '../../db/connection';
import { finishDataset, insertDataset } from '../../db/datasets';
import { insertParticipatoryPoints, type ParticipatoryPointInsert } from '../../db/participatory-map';
import type { DiagnosticIngestResult, DiagnosticLoadOptions } from '../diagnostic-load';
import { readDiagnosticHeader, readDiagnosticRow, startDiagnosticLoad } from '../diagnostic-file';
import { parseCoordinate, parseDate } from '../cells';
import { OUTSIDE } from '../geo/placer';
import { isLonLat } from '../geo/project';
import { canonicalGender, HEADER_ALIASES, headerKey } from '../survey/schema';
import { ageGroupOf, DEFAULT_AGE_BANDS, type AgeBand } from '../../domain/words';

type Role = 'latitude' | 'longitude' | 'perception' | 'category' | 'date' | 'comment' | 'age' | 'age_group' | 'gender';

const ALIASES: Record<Role, string[]> = {
	latitude: ['latitude', 'lat'],
	longitude: ['longitude', 'lon', 'long', 'lng'],
	perception: ['perception', 'feeling', 'sentiment', 'safety', 'securite', 'safe_unsafe'],
	category: ['category', 'categorie', 'type', 'theme'],
	date: ['date'],
	comment: ['comment', 'commentaire', 'comments', 'commentaires', 'remarque', 'texte', 'text'],
	age: ['age'],
	age_group: HEADER_ALIASES.age_group,
	gender: HEADER_ALIASES.gender
};

const PERCEPTIONS = new Map<string, 'safe' | 'unsafe'>([
	...['safe', 'secure', 'sur', 'sure', 'securitaire', 'en_securite', 'securise', 'positive', 'positif'].map((k) => [k, 'safe'] as const),
	...['unsafe', 'insecure', 'not_safe', 'insecuritaire', 'dangereux', 'dangerous', 'danger', 'negative', 'negatif', 'en_insecurite', 'peu_sur']
		.map((k) => [k, 'unsafe'] as const)
]);

export interface ParticipatoryMapIngestOptions extends DiagnosticLoadOptions {
	ageBands?: AgeBand[];
}

/**
 * Loads participatory-mapping points: coordinates, perception (safe / unsafe,
 * French or English), category, date, optional comment (kept for analysts only) and the
 * participant's age group and gender. All or nothing; points outside every area are kept,
 * counted and reported.
 */
export async function loadParticipatoryMap(db: Db, path: string, opts: ParticipatoryMapIngestOptions = {}): Promise<DiagnosticIngestResult> {
	const { issues, fail, geography, file } = await startDiagnosticLoad(db, path, opts);
	if (!file) return fail();
	const { sha256, placer } = file;
	const bands = opts.ageBands ?? DEFAULT_AGE_BANDS;
	const header = readDiagnosticHeader(file.records, ALIASES, opts.columns, issues, (h) => {
		for (const role of ['latitude', 'longitude', 'perception'] as const) {
			if (h.roles[role] === undefined) issues.error({ line: 1, column: role, value: null, code: 'missing_column', params: { role } });
		}
	});
	if (!header) return fail();
	const { h, rows } = header;
	const points: ParticipatoryPointInsert[] = [];
	let outside = 0;
	const dates: string[] = [];
	for (const rec of rows) {
		const row = readDiagnosticRow(h, rec, issues);
		if (!row) continue;
		const { get, err } = row;
		const before = issues.errorCount;
		const [lon, lat] = [parseCoordinate(get('longitude')), parseCoordinate(get('latitude'))];
		if (get('longitude') === '') err('longitude', 'required');
		else if (lon === undefined) err('longitude', 'coordinate_invalid');
		if (get('latitude') === '') err('latitude', 'required');
		else if (lat === undefined) err('latitude', 'coordinate_invalid');
		if (lon !== undefined && lat !== undefined && !isLonLat(lon, lat)) err('latitude', 'coordinate_invalid');
		const perception = PERCEPTIONS.get(headerKey(get('perception')));
		if (!perception) err('perception', get('perception') === '' ? 'required' : 'unknown_perception');
		const date = get('date') === '' ? undefined : parseDate(get('date'));
		if (get('date') !== '' && !date) err('date', 'date_invalid', { params: { expected: 'YYYY-MM-DD' } });
		let ageGroup: string | undefined;
		if (get('age') !== '') {
			if (!/^\d{1,3}$/.test(get('age'))) err('age', 'age_not_integer');
			else ageGroup = ageGroupOf(Number(get('age')), bands);
		} else if (get('age_group') !== '') {
			ageGroup = bands.find((b) => b.label === get('age_group').replace(/\s/g, ''))?.label;
			if (!ageGroup) err('age_group', 'unknown_age_group', { params: { expected: bands.map((b) => b.label).join(', ') } });
		}
		const gender = get('gender') === '' ? undefined : canonicalGender(get('gender'));
		if (get('gender') !== '' && !gender) err('gender', 'unknown_gender');
		if (issues.errorCount > before) continue;
		const id = placer.areaOfPoint(lon!, lat!);
		if (id === OUTSIDE) {
			outside++;
			issues.warn({ line: rec.line, column: h.headers.longitude ?? null, value: `${lon}, ${lat}`, code: 'point_outside', params: { geography } });
		}
		if (date) dates.push(date);
		const text = (r: Role) => (get(r) === '' ? null : get(r));
		points.push({ row_index: points.length, line: rec.line, lon: lon!, lat: lat!, area_id: id === OUTSIDE ? null : id, perception: perception!,
			category: text('category'), date: date ?? null, age_group: ageGroup ?? null, gender: gender ?? null, comment: text('comment') });
	}
	if (issues.errorCount > 0) return fail();
	dates.sort();
	const wave = opts.wave ?? (dates.length ? (dates[0]!.slice(0, 4) === dates.at(-1)!.slice(0, 4) ? dates[0]!.slice(0, 4) : `${dates[0]}..${dates.at(-1)}`) : '');
	if (wave === '') {
		issues.error({ line: null, column: 'wave', value: null, code: 'wave_missing' });
		return fail();
	}
	const summary = { geography, points: points.length, placed: points.length - outside, outside,
		unsafe: points.filter((p) => p.perception === 'unsafe').length, comments: points.filter((p) => p.comment !== null).length };
	if (opts.dryRun) return { ok: true, kind: 'mapping', dataset_id: null, wave, rows: points.length, dry_run: true, warnings: issues.warnings, summary };
	const datasetId = db.transaction(() => {
		const id = insertDataset(db, {
			kind: 'mapping', wave, title: opts.title ?? basename(path), file_name: opts.fileName ?? basename(path), sha256,
			created_by: opts.createdBy ?? 'cli', created_at: new Date().toISOString(), mapping: { geography, columns: h.mapping },
			design: { strata: false, psu: false, replicate: null }, synthetic: opts.synthetic ?? false
		});
		insertParticipatoryPoints(db, id, geography, points);
		finishDataset(db, id, { rows: points.length, wave });
		return id;
	}).immediate();
	return { ok: true, kind: 'mapping', dataset_id: datasetId, wave, rows: points.length, dry_run: false, warnings: issues.warnings, summary };
}
