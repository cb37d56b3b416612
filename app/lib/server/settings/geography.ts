import type { Db } from '../../../../db/connection';
import { getSetting, setSetting } from '../../../../db/settings';
import { listAreas, listGeographies, type Area } from '../../../../db/areas';
import { findSurveyDataset } from '../../../../db/datasets';
import { DEFAULT_GEOGRAPHY } from '../../../../domain/words';
import { audit, type Actor } from '../auth/audit-log';

const KEY = 'geography';

/**
 * The house geography: where a file whose mapping names no geography is placed, and what the
 * dashboard draws when nothing else says which areas are meant (a survey wave without a recorded
 * geography, the areas API without `geography`, a map without incidents). The stored setting, or
 * the bundled Montréal areas until an analyst chooses another.
 */
export function loadGeography(db: Db): string {
	const stored = getSetting(db, KEY);
	return typeof stored === 'string' && stored ? stored : DEFAULT_GEOGRAPHY;
}

/**
 * Makes `geography` the house geography, recorded in the audit log. Refused (false) when it has
 * no areas: files placed in it could then match no area name, and pages would draw empty maps.
 */
export function saveGeography(db: Db, geography: string, actor: Actor): boolean {
	if (!listGeographies(db).includes(geography)) return false;
	const before = loadGeography(db);
	// The settings page posts its select with every save: an unchanged choice writes nothing (no
	// "from montreal to montreal" in the audit log, no emptied cache).
	if (before === geography) return true;
	setSetting(db, KEY, geography, actor.name);
	audit(db, actor, 'settings_change', { setting: KEY, from: before, to: geography });
	return true;
}

/**
 * The geography a survey wave's areas belong to: the one its mapping placed it in (every survey
 * mapping records one), else the house geography. The overview, the explorer and the portraits
 * draw and list this geography's areas, so a wave placed in another city shows that city.
 */
export function surveyGeography(db: Db, wave: string | undefined): string {
	const recorded = wave ? findSurveyDataset(db, wave)?.mapping.geography : undefined;
	return typeof recorded === 'string' && recorded ? recorded : loadGeography(db);
}

/**
 * Of a geography's areas, those a survey reports on: its boroughs when the geography tells
 * boroughs from other areas (Montréal: 19 boroughs surveyed, 15 related cities that are other
 * municipalities), otherwise every area.
 */
export function reportedAreas<T extends { type: string }>(areas: readonly T[]): T[] {
	const boroughs = areas.filter((a) => a.type === 'borough');
	return boroughs.length ? boroughs : [...areas];
}

/** The areas a survey in `geography` reports on (`reportedAreas`), in French name order. */
export const surveyAreas = (db: Db, geography: string): Area[] => reportedAreas(listAreas(db, geography));
