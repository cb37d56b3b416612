import { describe, expect, test } from 'vitest';
import { pageCacheKey, type PageRequest } from '../../app/lib/server/http/rendered-pages';

const base = (path: string, patch: Partial<PageRequest> = {}): PageRequest => ({
	method: 'GET', url: new URL(`http://x${path}`), role: 'viewer', auth: null, userId: null, locale: 'fr', publicMode: true, setsCookie: false, ...patch
});
const keyOf = (r: PageRequest) => JSON.stringify(pageCacheKey(r));

describe('which rendered pages are kept', () => {
	test('the dashboard pages and their navigation data, for anonymous visitors and every signed-in reader', () => {
		for (const p of ['/', '/overview', '/explorer?borough=MN', '/portrait', '/portrait/MN', '/compare?a=MN&b=city', '/map?layers=survey', '/overview/__data.json?x-sveltekit-invalidated=01'])
			expect(pageCacheKey(base(p)), p).not.toBeNull();
		for (const role of ['viewer', 'analyst', 'admin'])
			expect(pageCacheKey(base('/?suppress=0', { role, auth: 'session', userId: 3 })), role).not.toBeNull();
	});

	test('never tokens, writes, responses that set a cookie, readers without access, or other pages', () => {
		expect(pageCacheKey(base('/', { role: null }))).toBeNull();
		expect(pageCacheKey(base('/', { auth: 'token', userId: 4 }))).toBeNull();
		expect(pageCacheKey(base('/', { method: 'POST' }))).toBeNull();
		expect(pageCacheKey(base('/', { method: 'HEAD' }))).toBeNull();
		expect(pageCacheKey(base('/?lang=en', { setsCookie: true }))).toBeNull();
		for (const p of ['/datasets', '/upload', '/account', '/admin/users', '/api/datasets', '/login', '/portrait/MN/x'])
			expect(pageCacheKey(base(p)), p).toBeNull();
	});

	test('the key tells apart the query, the language, the role, the account and the access mode', () => {
		const keys = [base('/'), base('/?wave=2023'), base('/', { locale: 'en' }), base('/', { auth: 'session', userId: 3 }),
			base('/', { auth: 'session', userId: 4 }), base('/', { publicMode: false, auth: 'session', userId: 3 }),
			base('/?suppress=0', { role: 'analyst', auth: 'session', userId: 3 }), base('/?suppress=0', { role: 'viewer', auth: 'session', userId: 3 }),
			base('/', { role: 'analyst', auth: 'session', userId: 3 })].map(keyOf);
		expect(new Set(keys).size).toBe(keys.length);
		expect(keyOf(base('/'))).toBe(keyOf(base('/')));
	});
});
