import type { Db } from '../../../../db/connection';
import { getSetting, setSetting } from '../../../../db/settings';
import { audit, type Actor } from './audit-log';

const KEY = 'access.public';

/**
 * Public (anyone reads the dashboards, read-only, without signing in) or private (every page and
 * API call needs an account). Private unless an admin, `VIGIE_PUBLIC=1` or `vigie settings` says so.
 */
export function isPublic(db: Db): boolean {
	return getSetting(db, KEY) === true;
}

export function setPublic(db: Db, value: boolean, actor: Actor): void {
	const before = isPublic(db);
	if (before === value && getSetting(db, KEY) !== undefined) return;
	setSetting(db, KEY, value, actor.name);
	audit(db, actor, 'settings_change', { setting: KEY, from: before, to: value });
}

/** `VIGIE_PUBLIC` as the server starts: 1/true → public, 0/false → private, unset → as stored. */
export function publicFromEnv(value: string | undefined): boolean | undefined {
	if (value === undefined || value === '') return undefined;
	if (/^(1|true|yes|on)$/i.test(value)) return true;
	if (/^(0|false|no|off)$/i.test(value)) return false;
	throw new Error(`VIGIE_PUBLIC must be 1 or 0, not "${value}"`);
}
