import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * scrypt, memory-hard (RFC 7914): N = 2^15, r = 8, p = 1 takes 32 MiB and about a tenth of a
 * second a guess, the parameters OWASP's Password Storage Cheat Sheet gives for scrypt. They are
 * stored with each hash, so they can be raised later without invalidating existing passwords.
 */
const PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;

/** NIST SP 800-63B: at least 8 characters, no composition rules; Vigie holds sensitive data, so 12. */
export const PASSWORD_MIN_LENGTH = 12;
/** Long enough for any passphrase, short enough that hashing it is no denial of service. */
export const PASSWORD_MAX_LENGTH = 256;

function derive(password: string, salt: Buffer, params: { N: number; r: number; p: number }, length: number): Promise<Buffer> {
	// maxmem: Node's default (32 MiB) is exactly 128·N·r and scrypt needs a little more.
	const options: ScryptOptions = { ...params, maxmem: 256 * params.N * params.r };
	return new Promise((ok, fail) => scrypt(password.normalize('NFC'), salt, length, options, (err, key) => (err ? fail(err) : ok(key))));
}

/** `scrypt$32768$8$1$<salt>$<hash>` (base64). */
export async function hashPassword(password: string): Promise<string> {
	const salt = randomBytes(SALT_LENGTH);
	const key = await derive(password, salt, PARAMS, KEY_LENGTH);
	return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** Whether `password` matches `stored`; the comparison takes the same time wherever the bytes differ. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
	const parts = stored.split('$');
	if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
	const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
	if (![N, r, p].every((x) => Number.isInteger(x) && x > 0) || N > 2 ** 20) return false;
	const salt = Buffer.from(parts[4]!, 'base64');
	const expected = Buffer.from(parts[5]!, 'base64');
	if (expected.length === 0) return false;
	const key = await derive(password, salt, { N, r, p }, expected.length);
	return timingSafeEqual(key, expected);
}

/**
 * A hash of a random password, checked when the e-mail is unknown so that an unknown account
 * takes as long to refuse as a wrong password (no account discovery by timing).
 */
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
	return (dummy ??= hashPassword(randomBytes(16).toString('base64')));
}

export type PasswordProblem = 'too_short' | 'too_long';

/** What is wrong with a new password, or null. */
export function passwordProblem(password: string): PasswordProblem | null {
	const length = [...password.normalize('NFC')].length;
	if (length < PASSWORD_MIN_LENGTH) return 'too_short';
	if (length > PASSWORD_MAX_LENGTH) return 'too_long';
	return null;
}
