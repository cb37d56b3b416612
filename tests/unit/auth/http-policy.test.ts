import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { clientAddress, isCrossOriginWrite, isSecureRequest, isUploadPath } from '../../../app/lib/server/auth/http-policy';
import { bearerToken } from '../../../app/lib/server/auth/tokens';
import { sanitizeFileName } from '../../../app/lib/server/ingestion/receive';

const SITE = 'https://vigie.example.org';

describe('isCrossOriginWrite: the CSRF rule for every state-changing request', () => {
	test.each([
		{ method: 'GET', origin: 'https://evil.example', site: 'cross-site', expected: false },
		{ method: 'HEAD', origin: null, site: 'cross-site', expected: false },
		{ method: 'POST', origin: SITE, site: 'same-origin', expected: false },
		{ method: 'POST', origin: 'https://evil.example', site: 'cross-site', expected: true },
		{ method: 'POST', origin: 'http://vigie.example.org', site: null, expected: true }, // another scheme is another origin
		{ method: 'POST', origin: 'null', site: null, expected: true }, // sandboxed frames, file: pages
		{ method: 'DELETE', origin: 'https://evil.example', site: null, expected: true },
		{ method: 'PUT', origin: null, site: 'cross-site', expected: true },
		{ method: 'PATCH', origin: null, site: 'same-site', expected: true },
		{ method: 'POST', origin: null, site: 'same-origin', expected: false },
		{ method: 'POST', origin: null, site: null, expected: false } // not a browser: a script with a token
	])('$method from $origin ($site) → refused: $expected', ({ method, origin, site, expected }) => {
		expect(isCrossOriginWrite(method, { origin, secFetchSite: site }, [SITE])).toBe(expected);
	});
});

describe('isSecureRequest: Secure cookies and HSTS', () => {
	test.each([
		{ protocol: 'https:', forwarded: null, trusted: false, expected: true },
		{ protocol: 'http:', forwarded: 'https', trusted: false, expected: false }, // anyone can send the header
		{ protocol: 'http:', forwarded: 'https', trusted: true, expected: true },
		{ protocol: 'http:', forwarded: 'https, http', trusted: true, expected: true },
		{ protocol: 'http:', forwarded: 'http', trusted: true, expected: false },
		{ protocol: 'http:', forwarded: null, trusted: true, expected: false }
	])('$protocol, X-Forwarded-Proto $forwarded, trusted $trusted → $expected', ({ protocol, forwarded, trusted, expected }) => {
		expect(isSecureRequest(protocol, forwarded, trusted)).toBe(expected);
	});
});

describe('clientAddress', () => {
	const socket = () => '10.0.0.1';
	test.each([
		{ xff: '203.0.113.7', trusted: true, expected: '203.0.113.7' },
		{ xff: '198.51.100.1, 203.0.113.7', trusted: true, expected: '203.0.113.7' }, // the client may forge the first
		{ xff: '203.0.113.7', trusted: false, expected: '10.0.0.1' },
		{ xff: null, trusted: true, expected: '10.0.0.1' },
		{ xff: ' , ', trusted: true, expected: '10.0.0.1' }
	])('X-Forwarded-For $xff, trusted $trusted → $expected', ({ xff, trusted, expected }) => {
		expect(clientAddress(xff, socket, trusted)).toBe(expected);
	});
});

describe('request bodies', () => {
	test.each([
		{ path: '/api/datasets', expected: true },
		{ path: '/datasets/upload', expected: true },
		{ path: '/datasets', expected: true },
		{ path: '/api/datasets/3', expected: false },
		{ path: '/login', expected: false },
		{ path: '/datasetsx', expected: false }
	])('$path takes uploads: $expected', ({ path, expected }) => {
		expect(isUploadPath(path)).toBe(expected);
	});

	test.each([
		{ name: 'enquête 2024.csv', expected: 'enquête 2024.csv' },
		{ name: '../../etc/passwd', expected: 'passwd' },
		{ name: 'C:\\Users\\ana\\survey (final).csv', expected: 'survey (final).csv' },
		{ name: '"><svg onload=alert(1)>.csv', expected: '_svg onload_alert(1)_.csv' },
		{ name: '<script>alert(1)</script>.csv', expected: 'script_.csv' }, // what follows the last slash
		{ name: '.hidden', expected: 'hidden' },
		{ name: '', expected: 'upload.csv' },
		{ name: null, expected: 'upload.csv' },
		{ name: 'a\u0000b\r\n.csv', expected: 'a_b_.csv' },
		{ name: 'x'.repeat(400), expected: 'x'.repeat(150) }
	])('file name $name → $expected', ({ name, expected }) => {
		expect(sanitizeFileName(name)).toBe(expected);
	});
});

describe('bearerToken', () => {
	test.each([
		{ header: 'Bearer vigie_abc', expected: 'vigie_abc' },
		{ header: 'bearer  vigie_abc ', expected: 'vigie_abc' },
		{ header: 'Basic dXNlcjpwdw==', expected: null },
		{ header: 'Bearer', expected: null },
		{ header: null, expected: null }
	])('$header → $expected', ({ header, expected }) => {
		expect(bearerToken(header)).toBe(expected);
	});
});

test("the CSP hash in svelte.config.js is the one of SvelteKit's route announcer style", () => {
	const root = readFileSync('node_modules/@sveltejs/kit/src/core/sync/write_root.js', 'utf8');
	const style = /id="svelte-announcer"[^>]*style="([^"]+)"/.exec(root)?.[1];
	expect(style).toBeTruthy();
	const hash = `sha256-${createHash('sha256').update(style!).digest('base64')}`;
	expect(readFileSync('svelte.config.js', 'utf8')).toContain(`'${hash}'`);
});
