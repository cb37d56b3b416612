import { timingSafeEqual } from 'node:crypto';
import type { Db } from '../../../../db/connection';
import { getSetting, setSetting } from '../../../../db/settings';
import { countActiveAdmins } from '../../../../db/users';
import { newSecret, sha256 } from './secrets';

const KEY = 'setup.code';

/** Until an admin can sign in, every page leads to the setup page: there is no default password to guess. */
export function needsSetup(db: Db): boolean {
	return countActiveAdmins(db) === 0;
}

/**
 * A one-time setup code, printed by `vigie serve` on the server's console: whoever reaches a
 * fresh server first over the network cannot make themselves its admin without it. Only its
 * SHA-256 is stored; each start issues a new one.
 */
export function issueSetupCode(db: Db): string {
	const code = newSecret(18);
	setSetting(db, KEY, sha256(code), 'serve');
	return code;
}

export function checkSetupCode(db: Db, code: string): boolean {
	const stored = getSetting(db, KEY);
	if (typeof stored !== 'string' || !code) return false;
	return timingSafeEqual(Buffer.from(sha256(code), 'hex'), Buffer.from(stored, 'hex'));
}

export function clearSetupCode(db: Db): void {
	db.prepare('DELETE FROM settings WHERE key = ?').run(KEY);
}
