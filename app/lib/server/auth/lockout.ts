import type { Db } from '../../../../db/connection';
import { clearLoginFailures, countLoginFailures, recordLoginFailure } from '../../../../db/login-failures';
import { bookkeeping } from './deferred-writes';

/**
 * Sign-in lockout, stored in SQLite so that a restart does not reset it: 5 failures for one
 * account, or 20 from one address (an office behind one NAT shares it), within 15 minutes lock
 * that account or address until the oldest of those failures is 15 minutes old. While locked,
 * passwords are not even checked, so guessing stops.
 */
export const LOCKOUT_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_ADDRESS = 20;

const accountKey = (email: string) => `email:${email.toLowerCase()}`;
const addressKey = (ip: string) => `ip:${ip}`;
const iso = (ms: number) => new Date(ms).toISOString();

/** Null when a sign-in may be tried, else how long until it may (in ms) and why. */
export function lockedOut(db: Db, email: string, ip: string, now = Date.now()): { retryAfterMs: number; scope: 'account' | 'address' } | null {
	const since = iso(now - LOCKOUT_WINDOW_MS);
	for (const [key, max, scope] of [[accountKey(email), MAX_FAILURES_PER_ACCOUNT, 'account'], [addressKey(ip), MAX_FAILURES_PER_ADDRESS, 'address']] as const) {
		const { count, oldest } = countLoginFailures(db, key, since);
		if (count >= max && oldest) return { retryAfterMs: Math.max(1000, Date.parse(oldest) + LOCKOUT_WINDOW_MS - now), scope };
	}
	return null;
}

export function recordFailure(db: Db, email: string, ip: string, now = Date.now()): void {
	bookkeeping(db, () => recordLoginFailure(db, [accountKey(email), addressKey(ip)], iso(now), iso(now - LOCKOUT_WINDOW_MS)));
}

/** After a successful sign-in, or when an admin unlocks the account. The address keeps its count. */
export function clearAccountFailures(db: Db, email: string): void {
	bookkeeping(db, () => clearLoginFailures(db, accountKey(email)));
}

/** Whether the account is locked now (for the users page). */
export function accountLocked(db: Db, email: string, now = Date.now()): boolean {
	return countLoginFailures(db, accountKey(email), iso(now - LOCKOUT_WINDOW_MS)).count >= MAX_FAILURES_PER_ACCOUNT;
}
