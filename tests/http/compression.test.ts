/**
 * What travels over the wire: pages, JSON, CSV and SVG compressed (brotli, or gzip for a client
 * that accepts only gzip), PNG and PowerPoint sent as they are (they are compressed formats), the
 * built scripts served from their precompressed copies; and every page described for search
 * engines in the reader's language, with its `lang` attribute.
 */
import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';

let server: TestServer;

beforeAll(async () => {
	server = await startTestServer();
}, 180_000);

afterAll(() => server?.stop());

/** The raw response (node:http does not decompress, unlike fetch): its headers and body bytes. */
function raw(path: string, acceptEncoding: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
	return new Promise((ok, fail) => {
		const req = request(server.url + path, { headers: { 'accept-encoding': acceptEncoding, 'accept-language': 'fr-CA' } }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('end', () => ok({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
			res.on('error', fail);
		});
		req.on('error', fail);
		req.end();
	});
}

const decode = (r: { headers: Record<string, unknown>; body: Buffer }) =>
	(r.headers['content-encoding'] === 'br' ? brotliDecompressSync(r.body) : r.headers['content-encoding'] === 'gzip' ? gunzipSync(r.body) : r.body).toString('utf8');

describe('compression', () => {
	test('a page and the API: brotli when accepted, else gzip, else plain; the content is the same', async () => {
		for (const path of ['/', '/api/indicators']) {
			const [br, gzip, plain] = await Promise.all([raw(path, 'gzip, deflate, br'), raw(path, 'gzip'), raw(path, 'identity')]);
			expect([br.status, gzip.status, plain.status]).toEqual([200, 200, 200]);
			expect(br.headers['content-encoding']).toBe('br');
			expect(gzip.headers['content-encoding']).toBe('gzip');
			expect(plain.headers['content-encoding']).toBeUndefined();
			expect(String(br.headers.vary)).toMatch(/accept-encoding/i);
			expect(br.body.length).toBeLessThan(plain.body.length / 3);
			if (path === '/api/indicators') expect(JSON.parse(decode(br))).toEqual(JSON.parse(plain.body.toString('utf8')));
			else expect(decode(gzip)).toContain('</html>');
		}
	}, 60_000);

	test('CSV and SVG exports are compressed; PNG and PowerPoint are sent as they are', async () => {
		const page = decode(await raw('/', 'br'));
		const id = /data-indicator="([^"]+)"/.exec(page)![1];
		const get = (ext: string) => raw(`/export/overview/map-${id}.${ext}`, 'gzip, br');
		const [csv, svg, png, pptx] = await Promise.all([get('csv'), get('svg'), get('png'), get('pptx')]);
		expect([csv.status, svg.status, png.status, pptx.status]).toEqual([200, 200, 200, 200]);
		expect(csv.headers['content-encoding']).toBe('br');
		expect(decode(svg)).toMatch(/^<svg|^<\?xml/);
		expect(svg.headers['content-encoding']).toBe('br');
		expect(png.headers['content-encoding']).toBeUndefined();
		expect(png.body.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
		expect(pptx.headers['content-encoding']).toBeUndefined();
		expect(pptx.body.subarray(0, 2).toString('latin1')).toBe('PK');
	}, 120_000);

	test('the built scripts come from their precompressed copies', async () => {
		const page = decode(await raw('/', 'br'));
		const script = /(\/_app\/immutable\/[^"]+\.js)"/.exec(page)![1]!;
		const [br, gzip] = await Promise.all([raw(script, 'br'), raw(script, 'gzip')]);
		expect(br.headers['content-encoding']).toBe('br');
		expect(gzip.headers['content-encoding']).toBe('gzip');
		expect(decode(br)).toBe(decode(gzip));
	}, 60_000);
});

describe('inlined styles', () => {
	test('a page carries its styles in one <style> with the nonce of its Content-Security-Policy', async () => {
		const res = await fetch(server.url + '/portrait/MN');
		const nonce = /style-src [^;]*'nonce-([^']+)'/.exec(res.headers.get('content-security-policy') ?? '')?.[1];
		const html = await res.text();
		const styles = [...html.matchAll(/<style([^>]*)>([^]*?)<\/style>/g)];
		expect(nonce).toBeTruthy();
		expect(styles).toHaveLength(1);
		expect(styles[0]![1]).toBe(` nonce="${nonce}"`);
		expect(styles[0]![2]).toMatch(/\.svelte-[a-z0-9]+/); // the components' own styles
		// The stylesheets stay linked, disabled, for pages the router draws later.
		for (const link of html.matchAll(/<link[^>]*rel="stylesheet"[^>]*>/g)) expect(link[0]).toContain('disabled');
	}, 60_000);
});

describe('described pages', () => {
	test('each section has its own description, in French and in English, and the page its language', async () => {
		const seen = new Set<string>();
		for (const lang of ['fr', 'en'] as const) {
			for (const path of ['/', '/explorer', '/portrait', '/portrait/MN', '/compare?a=MN&b=AC', '/map', '/partners', '/login']) {
				const html = decode(await raw(`${path}${path.includes('?') ? '&' : '?'}lang=${lang}`, 'br'));
				expect(html).toMatch(new RegExp(`<html lang="${lang}"`));
				const descriptions = [...html.matchAll(/<meta name="description" content="([^"]+)"/g)].map((m) => m[1]!);
				expect(descriptions, `${path} in ${lang}`).toHaveLength(1);
				expect(descriptions[0]!.length).toBeGreaterThan(10);
				seen.add(descriptions[0]!);
			}
		}
		expect(seen.size).toBe(16);
	}, 120_000);
});
