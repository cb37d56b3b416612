/**
 * The sign-in page's `next`: only a path of this site passes; every value a browser, a proxy or
 * a later decoding could turn into another site (or into an invalid Location header) becomes `/`.
 */
import { describe, expect, test } from 'vitest';
import { localPath } from '../../../app/lib/server/auth/local-path';

describe('localPath(next): paths of this site pass', () => {
	test.each([
		{ next: '/', expected: '/' },
		{ next: '/admin/users', expected: '/admin/users' },
		{ next: '/?borough=MN&lang=en', expected: '/?borough=MN&lang=en' },
		{ next: '/explorer?indicator=feel_safe_after_dark&wave=2024-Q4#chart', expected: '/explorer?indicator=feel_safe_after_dark&wave=2024-Q4#chart' },
		// Percent-encoded letters and a link in a query value stay as they are.
		{ next: '/portrait/C%C3%B4te-des-Neiges', expected: '/portrait/C%C3%B4te-des-Neiges' },
		{ next: '/explorer?ref=https://example.org/x', expected: '/explorer?ref=https://example.org/x' },
		{ next: '/explorer?q=100%25', expected: '/explorer?q=100%25' },
		// Characters a Location header cannot carry are sent encoded, as a browser would.
		{ next: '/portrait/Côte-des-Neiges?x=€', expected: '/portrait/C%C3%B4te-des-Neiges?x=%E2%82%AC' },
		{ next: '/a/./b/../c', expected: '/a/c' }
	])('$next → $expected', ({ next, expected }) => {
		expect(localPath(next)).toBe(expected);
	});
});

describe('localPath(next): every way out falls back to /', () => {
	test.each([
		// Empty or missing.
		'', null, undefined,
		// Another site, with or without a scheme.
		'https://evil.example/', 'http:evil.example', 'javascript:alert(1)', 'data:text/html,x', 'evil.example', './x', '?next=/',
		// Protocol-relative, and what browsers read as one.
		'//evil.example/', '///evil.example', '/\\evil.example', '\\\\evil.example', '/\\/evil.example', '/x/\\evil',
		// Control characters as they come: browsers drop tabs and newlines ("/\t/evil.example" is "//evil.example").
		'/\t/evil.example', '/\n/evil.example', '/\r\n/evil.example', '/\u0000/evil.example', '/\u007f', '/\u0085/evil.example',
		' //evil.example', '/ok\nSet-Cookie: x=1',
		// The same, percent-encoded (once, twice, in either case) for whoever decodes it again.
		'/%0A/evil.example', '/%0a/evil.example', '/%09/evil.example', '/%0D%0A/evil.example', '/%00', '/%7F',
		'/%250A/evil.example', '/%25250A/evil.example', '/%2525250A/evil.example',
		'/%5Cevil.example', '/%5cevil.example', '/%2F/evil.example', '/%2f%2fevil.example', '/%252F/evil.example',
		'/explorer?x=%0A', '/explorer#%09',
		// "//" later in the path, where a rewriting proxy could start a host.
		'/a//evil.example', '/a/..//evil.example', '/.//evil.example'
	])('%j → /', (next) => {
		expect(localPath(next)).toBe('/');
	});

	test('a value longer than any link of ours, or encoded more than three times over', () => {
		expect(localPath(`/${'a'.repeat(3000)}`)).toBe('/');
		expect(localPath('/%252525250A')).toBe('/');
	});
});
