import { describe, expect, test } from 'vitest';
import { pageCacheKey, type PageRequest } from '../../app/lib/server/cache/page-cache';

const base = (path: string, patch: Partial<PageRequest> = {}): PageRequest => ({
	method: 'GET', url: new URL(`http://x${path}`), role: 'viewer', auth: null, userId: null, locale: 'fr', publicMode: true, setsCookie: false, ...patch
});

describe('which pages are kept for viewers', () => {
	test('the five dashboard pages and their navigation data, for anonymous and signed-in viewers', () => {
		for (const p of ['/', '/overview', '/explorer?borough=MN', '/portrait', '/portrait/MN', '/map?layers=survey', '/overview/__data.json?x-sveltekit-invalidated=01'])
			expect(pageCacheKey(base(p)), p).not.toBeNull();
		expect(pageCacheKey(base('/', { auth: 'session', userId: 3 }))).not.toBeNull();
	});

	test('never analysts\' or admins\' pages, tokens, writes, responses that set a cookie, or other pages', () => {
		expect(pageCacheKey(base('/?suppress=0', { role: 'analyst', auth: 'session', userId: 2 }))).toBeNull();
		expect(pageCacheKey(base('/', { role: 'admin', auth: 'session', userId: 1 }))).toBeNull();
		expect(pageCacheKey(base('/', { role: null }))).toBeNull();
		expect(pageCacheKey(base('/', { auth: 'token', userId: 4 }))).toBeNull();
		expect(pageCacheKey(base('/', { method: 'POST' }))).toBeNull();
		expect(pageCacheKey(base('/', { method: 'HEAD' }))).toBeNull();
		expect(pageCacheKey(base('/?lang=en', { setsCookie: true }))).toBeNull();
		for (const p of ['/datasets', '/upload', '/account', '/admin/users', '/api/datasets', '/login', '/portrait/MN/x'])
			expect(pageCacheKey(base(p)), p).toBeNull();
	});

	test('the key tells apart the query, the language, the account and the access mode', () => {
		const keys = [base('/'), base('/?wave=2023'), base('/', { locale: 'en' }), base('/', { auth: 'session', userId: 3 }),
			base('/', { auth: 'session', userId: 4 }), base('/', { publicMode: false, auth: 'session', userId: 3 })].map(pageCacheKey);
		expect(new Set(keys).size).toBe(keys.length);
		expect(pageCacheKey(base('/'))).toBe(pageCacheKey(base('/')));
	});
});
