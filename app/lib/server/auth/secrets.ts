import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes, base64url: what session cookies, API tokens and the setup code are made of. */
export function newSecret(bytes = 32): string {
	return randomBytes(bytes).toString('base64url');
}

/**
 * Hex SHA-256: how secrets are stored. The secrets are 256-bit random values, so a fast hash is
 * enough (nothing to guess), and a stolen database gives no usable session or token.
 */
export function sha256(secret: string): string {
	return createHash('sha256').update(secret, 'utf8').digest('hex');
}
