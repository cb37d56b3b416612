/**
 * One incident record, checked and made canonical: its date or month, category, time of day,
 * victim age group and gender when given, and its location (WGS84 longitude/latitude, from the
 * file's latitude/longitude or, for the SPVM, from MTM zone 8 X/Y; or an area name).
 */
import type { CsvRecord } from '../csv';
import type { IngestIssue, IssueCollector } from '../report';
import { parseCoordinate, parseDate, parseMonth, parseTimeOfDay, timeToTimeOfDay, TIMES_OF_DAY, type TimeOfDay } from '../cells';
import { mtm8ToLonLat, isLonLat } from '../geo/project';
import { canonicalGender } from '../survey/schema';
import { ageGroupOf, type AgeBand, type Gender } from '../../domain/words';
import type { IncidentHeader, IncidentRole } from './header';

export interface IncidentRow {
	date: string | undefined;
	month: string;
	category: string;
	time_of_day: TimeOfDay | undefined;
	age: number | undefined;
	age_group: string | undefined;
	gender: Gender | undefined;
	police_district: string | undefined;
	/** WGS84 degrees, or NaN when the row has no coordinates. */
	lon: number;
	lat: number;
	/** The area name given in the file, when there is one. */
	borough: string | undefined;
}

/** Victim genders that mean "not recorded" rather than a mistake. */
const UNKNOWN_GENDER = new Set(['unknown', 'inconnu', 'inconnue', 'u', 'nd', 'na', 'n/a', 'non precise', 'x?']);

export interface ReadContext {
	header: IncidentHeader;
	bands: readonly AgeBand[];
	issues: IssueCollector;
}

function cell(rec: CsvRecord, h: IncidentHeader, role: IncidentRole): string {
	const i = h.roles[role];
	return i === undefined ? '' : (rec.cells[i] ?? '').trim();
}

/**
 * Validates one data record; reports every problem it has (file line, column, value, code) and
 * returns the canonical row, or null. A row without any location is valid (police.uk has some):
 * the loader counts it and reports it as a warning.
 */
export function readIncident(rec: CsvRecord, ctx: ReadContext): IncidentRow | null {
	const { header: h, issues } = ctx;
	const before = issues.errorCount;
	const error = (role: IncidentRole, code: IngestIssue['code'], params?: Record<string, string | number>) =>
		issues.error({ line: rec.line, column: h.headers[role] ?? role, value: cell(rec, h, role), code, ...(params ? { params } : {}) });

	let date: string | undefined, month: string | undefined;
	if (h.roles.date !== undefined && cell(rec, h, 'date') !== '') {
		date = parseDate(cell(rec, h, 'date'));
		if (!date) error('date', 'date_invalid', { expected: 'YYYY-MM-DD' });
		month = date?.slice(0, 7);
	} else if (h.roles.month !== undefined && cell(rec, h, 'month') !== '') {
		month = parseMonth(cell(rec, h, 'month'));
		if (!month) error('month', 'month_invalid', { expected: 'YYYY-MM' });
	} else error(h.roles.date !== undefined ? 'date' : 'month', 'required');

	const category = cell(rec, h, 'category');
	if (category === '') error('category', 'required');

	let timeOfDay: TimeOfDay | undefined;
	const tod = cell(rec, h, 'time_of_day');
	if (tod !== '') {
		timeOfDay = parseTimeOfDay(tod);
		if (!timeOfDay) error('time_of_day', 'unknown_time_of_day', { expected: TIMES_OF_DAY.join(', ') });
	} else if (cell(rec, h, 'time') !== '') {
		timeOfDay = timeToTimeOfDay(cell(rec, h, 'time'));
		if (!timeOfDay) error('time', 'unknown_time_of_day', { expected: 'HH:MM' });
	}

	let age: number | undefined, ageGroup: string | undefined;
	const ageText = cell(rec, h, 'age');
	if (ageText !== '') {
		if (!/^\d{1,3}$/.test(ageText)) error('age', 'age_not_integer');
		else if (Number(ageText) > 120) error('age', 'age_out_of_range');
		else {
			age = Number(ageText);
			ageGroup = ageGroupOf(age, ctx.bands as AgeBand[]);
		}
	} else if (cell(rec, h, 'age_group') !== '') {
		const label = cell(rec, h, 'age_group').replace(/\s/g, '');
		ageGroup = ctx.bands.find((b) => b.label === label)?.label;
		if (!ageGroup) error('age_group', 'unknown_age_group', { expected: ctx.bands.map((b) => b.label).join(', ') });
	}
	let gender: Gender | undefined;
	const genderText = cell(rec, h, 'gender');
	if (genderText !== '' && !UNKNOWN_GENDER.has(genderText.toLowerCase())) {
		gender = canonicalGender(genderText);
		if (!gender) error('gender', 'unknown_gender');
	}

	const [lon, lat] = location(rec, ctx, error);
	if (issues.errorCount > before) return null;
	const borough = cell(rec, h, 'borough');
	const district = cell(rec, h, 'police_district');
	return {
		date, month: month!, category, time_of_day: timeOfDay, age, age_group: ageGroup, gender,
		police_district: district === '' ? undefined : district, lon, lat, borough: borough === '' ? undefined : borough
	};
}

/**
 * The row's WGS84 position, or [NaN, NaN] when it has none. Latitude/longitude win when usable;
 * otherwise MTM zone 8 X/Y are projected. The SPVM writes 1 for a missing latitude and longitude
 * and 0 for a missing X and Y: those are "no position", not positions.
 */
function location(rec: CsvRecord, ctx: ReadContext, error: (role: IncidentRole, code: IngestIssue['code'], params?: Record<string, string | number>) => void): [number, number] {
	const h = ctx.header;
	const spvm = h.shape === 'spvm';
	const pair = (a: IncidentRole, b: IncidentRole): [number, number] | 'none' | 'bad' => {
		if (h.roles[a] === undefined || h.roles[b] === undefined) return 'none';
		const [ta, tb] = [cell(rec, h, a), cell(rec, h, b)];
		if (ta === '' && tb === '') return 'none';
		if (ta === '' || tb === '') {
			error(ta === '' ? a : b, 'coordinates_partial');
			return 'bad';
		}
		const [va, vb] = [parseCoordinate(ta), parseCoordinate(tb)];
		if (va === undefined) error(a, 'coordinate_invalid');
		if (vb === undefined) error(b, 'coordinate_invalid');
		return va === undefined || vb === undefined ? 'bad' : [va, vb];
	};
	const lonLat = pair('longitude', 'latitude');
	if (lonLat === 'bad') return [NaN, NaN];
	if (lonLat !== 'none') {
		const [lon, lat] = lonLat;
		const missing = spvm && lon === 1 && lat === 1;
		if (!missing) {
			if (isLonLat(lon, lat)) return [lon, lat];
			error('longitude', 'coordinate_invalid', { latitude: lat });
			return [NaN, NaN];
		}
	}
	const xy = pair('x', 'y');
	if (xy === 'bad' || xy === 'none') return [NaN, NaN];
	if (xy[0] === 0 && xy[1] === 0) return [NaN, NaN];
	const [lon, lat] = mtm8ToLonLat(xy[0], xy[1]);
	if (isLonLat(lon, lat) && Math.abs(lon + 73.5) < 6) return [lon, lat];
	error('x', 'coordinate_invalid', { y: xy[1] });
	return [NaN, NaN];
}
