/**
 * The header of an incident file: which column is which, and which of the three accepted shapes
 * the file has: Vigie's canonical columns, a police.uk street-level file, or the
 * Montreal police (SPVM) "actes criminels" open data.
 */
import type { IssueCollector } from '../report';
import { HEADER_ALIASES, headerKey } from '../survey/schema';
import { applyColumns } from '../header-roles';

export type IncidentRole =
	| 'date' | 'month' | 'category' | 'borough' | 'latitude' | 'longitude' | 'x' | 'y'
	| 'time_of_day' | 'time' | 'age' | 'age_group' | 'gender' | 'police_district';

export type IncidentShape = 'canonical' | 'police_uk' | 'spvm';

/** Documented header aliases (README "Incident files"), compared through `headerKey`. */
export const INCIDENT_ALIASES: Record<IncidentRole, string[]> = {
	date: ['date', 'date_incident', 'incident_date', 'date_evenement', 'date_signalement'],
	month: ['month', 'mois'],
	category: ['category', 'categorie', 'crime_type', 'type', 'nature', 'infraction', 'offence', 'offense'],
	borough: HEADER_ALIASES.borough,
	latitude: ['latitude', 'lat'],
	longitude: ['longitude', 'lon', 'long', 'lng'],
	x: ['x', 'x_mtm8', 'mtm8_x'],
	y: ['y', 'y_mtm8', 'mtm8_y'],
	time_of_day: ['time_of_day', 'quart', 'moment', 'moment_journee', 'periode_journee'],
	time: ['time', 'heure'],
	age: ['age', 'victim_age', 'age_victime'],
	age_group: ['age_group', 'victim_age_group', 'groupe_age', 'groupe_d_age', 'tranche_age'],
	gender: ['gender', 'victim_gender', 'genre', 'sexe', 'sex', 'genre_victime', 'sexe_victime'],
	police_district: ['pdq', 'police_district', 'poste_de_quartier']
};

const ALIAS_TO_ROLE = new Map<string, IncidentRole>(
	(Object.entries(INCIDENT_ALIASES) as [IncidentRole, string[]][]).flatMap(([role, keys]) => keys.map((k) => [k, role] as const))
);

export interface IncidentHeader {
	width: number;
	shape: IncidentShape;
	roles: Partial<Record<IncidentRole, number>>;
	/** The file's own header of each role, for error reports. */
	headers: Partial<Record<IncidentRole, string>>;
	/** What each header was taken as (a role, or `ignored`), saved with the dataset. */
	mapping: Record<string, string>;
}

/**
 * Reads the header record and reports what is missing: a `date` or `month`, a `category`, and a
 * location (`borough`, `latitude` + `longitude`, or SPVM `X` + `Y`). Other columns (police.uk's
 * crime_id, location, LSOA, outcome…) are kept in the file, not in the database.
 *
 * @example
 * resolveIncidentHeader(['CATEGORIE', 'DATE', 'QUART', 'PDQ', 'X', 'Y', 'LONGITUDE', 'LATITUDE'], issues).shape // 'spvm'
 */
export function resolveIncidentHeader(cells: string[], issues: IssueCollector, columns?: Record<string, string>): IncidentHeader {
	const h: IncidentHeader = { width: cells.length, shape: 'canonical', roles: {}, headers: {}, mapping: {} };
	const keys = cells.map(headerKey);
	cells.forEach((raw, index) => {
		const name = raw.trim();
		const role = ALIAS_TO_ROLE.get(keys[index]!);
		if (!role) {
			h.mapping[name] = 'ignored';
			return;
		}
		if (h.roles[role] !== undefined) {
			issues.error({ line: 1, column: name, value: name, code: 'duplicate_column', params: { role } });
			return;
		}
		h.roles[role] = index;
		h.headers[role] = name;
		h.mapping[name] = role;
	});
	applyColumns(cells, columns, Object.keys(INCIDENT_ALIASES) as IncidentRole[], h, issues);
	const has = (k: string) => keys.includes(k);
	if (h.roles.x !== undefined && h.roles.y !== undefined && (has('pdq') || has('quart'))) h.shape = 'spvm';
	else if (has('crime_type') && (has('lsoa_name') || has('falls_within') || has('reported_by'))) h.shape = 'police_uk';

	const missing = (role: string) => issues.error({ line: 1, column: role, value: null, code: 'missing_column', params: { role } });
	if (h.roles.date === undefined && h.roles.month === undefined) missing('date');
	if (h.roles.category === undefined) missing('category');
	const hasLonLat = h.roles.latitude !== undefined && h.roles.longitude !== undefined;
	const hasXY = h.roles.x !== undefined && h.roles.y !== undefined;
	if (!hasLonLat && !hasXY && h.roles.borough === undefined) missing('borough');
	if ((h.roles.latitude === undefined) !== (h.roles.longitude === undefined)) missing(h.roles.latitude === undefined ? 'latitude' : 'longitude');
	return h;
}
