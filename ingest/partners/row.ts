/**
 * One row of a partners file to a partner, or issues naming the line, the column and the value.
 */
import type { PartnerInsert } from '../../db/partners';
import type { IssueCollector, IngestIssueCode } from '../report';
import { parseCoordinate, parseDate } from '../cells';
import { OUTSIDE, type GeographyPlacer } from '../geo/placer';
import { isLonLat } from '../geo/project';
import { headerKey } from '../survey/schema';
import { AUDIENCE_GENDERS, listItems, parseAgeRange, parseEmail, parseGender, parseLanguage, parsePhone, parseWebsite, parseYesNo, type AudienceGender } from './values';

export type PartnerRole = 'name' | 'address' | 'borough' | 'latitude' | 'longitude' | 'services' | 'audiences' | 'ages' | 'genders' | 'languages'
	| 'phone' | 'email' | 'website' | 'hours' | 'member' | 'updated' | 'contact';

export interface RowContext {
	line: number;
	get(role: PartnerRole): string;
	err(role: PartnerRole, code: IngestIssueCode, extra?: { params?: Record<string, string | number>; suggestion?: string }): void;
	issues: IssueCollector;
	placer: GeographyPlacer;
	geography: string;
	service(item: string): { id?: string; suggestion?: string };
	header(role: PartnerRole): string | null;
}

interface Audience { ages: [number | null, number | null] | null; genders: Set<AudienceGender>; languages: Set<string> }

/** Adds one audience item (an age range, a gender or a language) to `a`; false when it is none of them. */
function addAudience(a: Audience, item: string, only?: 'ages' | 'genders' | 'languages'): boolean {
	const ages = !only || only === 'ages' ? parseAgeRange(item) : undefined;
	if (ages) {
		// Two ranges named: the partner serves both, so the span that covers them.
		const [lo, hi] = a.ages ?? ages;
		a.ages = [lo === null || ages[0] === null ? null : Math.min(lo, ages[0]), hi === null || ages[1] === null ? null : Math.max(hi, ages[1])];
		return true;
	}
	const gender = !only || only === 'genders' ? parseGender(item) : undefined;
	if (gender) {
		if (gender === 'all') AUDIENCE_GENDERS.forEach((g) => a.genders.add(g));
		else a.genders.add(gender);
		return true;
	}
	const language = !only || only === 'languages' ? parseLanguage(item) : undefined;
	if (language) a.languages.add(language);
	return language !== undefined;
}

function readAudience(c: RowContext): Audience {
	const a: Audience = { ages: null, genders: new Set(), languages: new Set() };
	const roles = [['audiences', undefined], ['ages', 'ages'], ['genders', 'genders'], ['languages', 'languages']] as const;
	for (const [role, only] of roles) {
		const cell = c.get(role);
		// An age range's own separators ("12-25") are no list separators; a range cell is read whole first.
		const items = only === 'ages' ? [cell].filter(Boolean) : listItems(cell);
		for (const item of items) if (!addAudience(a, item, only)) c.err(role, 'unknown_audience', { params: { item } });
	}
	// Every gender named is no restriction at all.
	if (a.genders.size === AUDIENCE_GENDERS.length) a.genders.clear();
	return a;
}

function readLocation(c: RowContext): Pick<PartnerInsert, 'lon' | 'lat' | 'area_id'> | null {
	let lon: number | null = null, lat: number | null = null, area: number | null = null;
	if (c.get('latitude') !== '' || c.get('longitude') !== '') {
		const [x, y] = [parseCoordinate(c.get('longitude')), parseCoordinate(c.get('latitude'))];
		if (c.get('latitude') === '' || c.get('longitude') === '') c.err(c.get('latitude') === '' ? 'latitude' : 'longitude', 'coordinates_partial');
		else if (x === undefined || y === undefined || !isLonLat(x, y)) c.err(x === undefined ? 'longitude' : 'latitude', 'coordinate_invalid');
		else [lon, lat] = [x, y];
	}
	if (c.get('borough') !== '') {
		const m = c.placer.areaOfName(c.get('borough'));
		if (m.id === undefined) c.err('borough', 'unknown_area', m.suggestions.length ? { suggestion: m.suggestions[0] } : {});
		area = m.id ?? null;
	} else if (lon !== null && lat !== null) {
		const id = c.placer.areaOfPoint(lon, lat);
		// Kept and shown all the same: partners elsewhere in the province serve the city too.
		if (id === OUTSIDE) c.issues.warn({ line: c.line, column: c.header('longitude'), value: `${lon}, ${lat}`, code: 'point_outside', params: { geography: c.geography } });
		else area = id;
	} else if (c.get('address') === '') c.issues.warn({ line: c.line, column: null, value: null, code: 'no_location' });
	return { lon, lat, area_id: area };
}

function readServices(c: RowContext): string[] {
	const ids: string[] = [];
	const items = listItems(c.get('services'));
	if (items.length === 0) c.err('services', 'required');
	for (const item of items) {
		const m = c.service(item);
		if (m.id) {
			if (!ids.includes(m.id)) ids.push(m.id);
		} else c.err('services', 'unknown_service', { params: { item }, ...(m.suggestion ? { suggestion: m.suggestion } : {}) });
	}
	return ids;
}

/** Reads one record; null when it had errors (they are in `c.issues`). */
export function readPartnerRow(c: RowContext, rowIndex: number): PartnerInsert | null {
	const before = c.issues.errorCount;
	const name = c.get('name');
	if (name === '') c.err('name', 'required');
	const services = readServices(c);
	const audience = readAudience(c);
	const location = readLocation(c);
	const checked = <T>(role: PartnerRole, parse: (s: string) => T | undefined, code: IngestIssueCode, params?: Record<string, string>): T | null => {
		if (c.get(role) === '') return null;
		const v = parse(c.get(role));
		if (v === undefined) c.err(role, code, params ? { params } : {});
		return v ?? null;
	};
	const website = checked('website', parseWebsite, 'website_invalid');
	const email = checked('email', parseEmail, 'email_invalid');
	const phone = checked('phone', parsePhone, 'phone_invalid');
	const member = checked('member', parseYesNo, 'yes_no_invalid');
	const updated = checked('updated', parseDate, 'date_invalid', { expected: 'YYYY-MM-DD' });
	if (c.issues.errorCount > before || !location) return null;
	const text = (r: PartnerRole) => (c.get(r) === '' ? null : c.get(r));
	return { row_index: rowIndex, line: c.line, name, name_key: headerKey(name), address: text('address'), ...location, services,
		age_min: audience.ages?.[0] ?? null, age_max: audience.ages?.[1] ?? null, genders: [...audience.genders], languages: [...audience.languages],
		website, hours: text('hours'), member, updated, contact: text('contact'), phone, email };
}
