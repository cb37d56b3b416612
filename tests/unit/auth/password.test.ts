import { describe, expect, test } from 'vitest';
import { hashPassword, passwordProblem, verifyPassword, PASSWORD_MIN_LENGTH } from '../../../app/lib/server/auth/password';

describe('scrypt password hashes', () => {
	test('a hash verifies its password and no other; salts differ', async () => {
		const a = await hashPassword('correct horse battery staple');
		const b = await hashPassword('correct horse battery staple');
		expect(a).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
		expect(a).not.toBe(b);
		expect(await verifyPassword('correct horse battery staple', a)).toBe(true);
		expect(await verifyPassword('correct horse battery staplE', a)).toBe(false);
		expect(await verifyPassword('', a)).toBe(false);
		expect(a).not.toContain('correct');
	});

	test('the same password in composed and decomposed Unicode is the same password', async () => {
		const h = await hashPassword('mot de passe très sûr');
		expect(await verifyPassword('mot de passe tre\u0300s su\u0302r', h)).toBe(true);
	});

	test.each([
		['not a hash'],
		['scrypt$32768$8$1$c2FsdA=='],
		['bcrypt$10$x$y$z$w'],
		['scrypt$0$8$1$c2FsdA==$aGFzaA=='],
		['scrypt$4194304$8$1$c2FsdA==$aGFzaA=='], // N too large: refused, not computed
		['scrypt$32768$8$1$c2FsdA==$']
	])('a malformed stored hash (%s) never verifies', async (stored) => {
		expect(await verifyPassword('anything at all', stored)).toBe(false);
	});

	test('parameters are read from the stored hash (older, cheaper hashes still verify)', async () => {
		const { scryptSync } = await import('node:crypto');
		const salt = Buffer.from('0123456789abcdef');
		const key = scryptSync('old password here', salt, 32, { N: 1024, r: 8, p: 1 });
		const stored = ['scrypt', 1024, 8, 1, salt.toString('base64'), key.toString('base64')].join('$');
		expect(await verifyPassword('old password here', stored)).toBe(true);
		expect(await verifyPassword('old password hers', stored)).toBe(false);
	});
});

describe('password rules', () => {
	test.each([
		{ password: 'a'.repeat(PASSWORD_MIN_LENGTH - 1), expected: 'too_short' },
		{ password: 'a'.repeat(PASSWORD_MIN_LENGTH), expected: null },
		{ password: 'é'.repeat(PASSWORD_MIN_LENGTH), expected: null },
		{ password: '😀'.repeat(PASSWORD_MIN_LENGTH - 1), expected: 'too_short' },
		{ password: 'x'.repeat(257), expected: 'too_long' }
	])('$password.length characters → $expected', ({ password, expected }) => {
		expect(passwordProblem(password)).toBe(expected);
	});
});
