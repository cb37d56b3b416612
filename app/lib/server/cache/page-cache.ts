import { randomBytes } from 'node:crypto';
import type { Db } from '../../../../db/connection';
import { dataVersion } from './data-version';

/**
 * Rendered dashboard pages kept for viewers (anonymous visitors of a public dashboard and
 * signed-in viewers), so that 50 people reading the same pages cost one render each, not fifty:
 * the pages stay under 250 ms at the 99th percentile with 50 concurrent viewers (npm run bench).
 *
 * What a page shows a viewer depends only on the database (datasets, catalog, rules, settings),
 * the path and query, the language, and who is signed in (the header names the account): that is
 * the key, and any write to the database (`dataVersion`) empties the cache. Never kept: analysts'
 * and admins' pages (they may see suppressed values), API-token requests, anything but a GET
 * answered 200, and any response that sets a cookie. The Content-Security-Policy nonce of a kept
 * page is replaced by a fresh one on every reply, as if it had been rendered again.
 */

/** The dashboard pages and their client-side navigation data (`/__data.json`). */
const CACHED_PATHS = /^\/(?:overview|explorer|map|portrait(?:\/[^/]+)?)?(?:\/__data\.json)?$/;
/** What the cache may hold, in bytes of body: a page is some tens of kB. */
const MAX_BYTES = 32 * 1024 * 1024;

interface Kept {
	status: number;
	headers: [string, string][];
	/** The body's bytes cut at each occurrence of the CSP nonce (one part when there is none). */
	parts: Buffer[];
	bytes: number;
}

export interface PageRequest {
	method: string;
	/** The request's URL as sent (a navigation's data request keeps its `/__data.json`). */
	url: URL;
	role: string | null;
	auth: 'session' | 'token' | null;
	userId: number | null;
	locale: string;
	publicMode: boolean;
	/** The request sets or deletes a cookie (language remembered, stale session cookie). */
	setsCookie: boolean;
}

let version = '';
let kept = new Map<string, Promise<Kept | null>>();
/** The size of each kept page, oldest first, and their sum. */
let sizes = new Map<string, number>();
let bytes = 0;

/** The cache key of a request, or null when its response must not be kept. */
export function pageCacheKey(r: PageRequest): string | null {
	if (r.method !== 'GET' || r.role !== 'viewer' || r.auth === 'token' || r.setsCookie) return null;
	if (!CACHED_PATHS.test(r.url.pathname)) return null;
	return JSON.stringify([r.url.pathname, r.url.search, r.locale, r.userId, r.publicMode]);
}

const NONCE = /'nonce-([^']+)'/;
/** Says whether a kept page answered (`hit`) or the page was rendered (`miss`): for operators and tests. */
export const CACHE_HEADER = 'x-vigie-page-cache';

async function keep(response: Response): Promise<{ kept: Kept | null; response: Response }> {
	if (response.status !== 200 || response.headers.has('set-cookie') || !response.body) return { kept: null, response };
	const body = await response.text();
	// The length is the body's own (a replaced nonce has the same length, but the Response says it
	// anyway). No ETag: SvelteKit's is the hash of the page with its nonce; kept, it would let a
	// browser revalidate into a 304 and keep the old page (old nonce) under the new reply's headers.
	const headers = [...response.headers].filter(([n]) => n !== 'content-length' && n !== 'etag');
	const nonce = NONCE.exec(response.headers.get('content-security-policy') ?? '')?.[1];
	const parts = (nonce ? body.split(nonce) : [body]).map((p) => Buffer.from(p, 'utf8'));
	const k: Kept = { status: response.status, headers, parts, bytes: parts.reduce((a, p) => a + p.length, 0) };
	// The header too: one nonce for the header and the page's script.
	if (nonce) k.headers = headers.map(([n, v]) => [n, v.split(nonce).join('\u0000')]);
	const first = replay(k);
	first.headers.set(CACHE_HEADER, 'miss');
	return { kept: k, response: first };
}

function replay(k: Kept): Response {
	const nonce = randomBytes(16).toString('base64');
	const headers = new Headers(k.headers.map(([n, v]): [string, string] => [n, v.replaceAll('\u0000', nonce)]));
	headers.set(CACHE_HEADER, 'hit');
	// Bytes, not a string: nothing to encode again.
	const n = Buffer.from(nonce, 'utf8');
	const body = Buffer.concat(k.parts.flatMap((p, i) => (i === 0 ? [p] : [n, p])));
	return new Response(body, { status: k.status, headers });
}

/**
 * The response to a request: a kept one when there is one for `key` (waiting for a render of the
 * same page already under way rather than starting another), else `render()`'s, kept if it may be.
 */
export async function cachedPage(db: Db, key: string | null, render: () => Response | Promise<Response>): Promise<Response> {
	if (key === null) return await render();
	const now = dataVersion(db);
	if (now !== version) {
		version = now;
		clearPageCache();
	}
	const hit = kept.get(key);
	if (hit) {
		const k = await hit;
		if (k) return replay(k);
		return await render();
	}
	const map = kept;
	let done!: (k: Kept | null) => void;
	map.set(key, new Promise<Kept | null>((ok) => (done = ok)));
	try {
		const { kept: k, response } = await keep(await render());
		done(k);
		if (!k) map.delete(key);
		else if (map === kept) {
			// Not when the database changed meanwhile: the render may predate the change.
			sizes.set(key, k.bytes);
			bytes += k.bytes;
			for (const [oldest, size] of sizes) {
				if (bytes <= MAX_BYTES || sizes.size === 1) break;
				sizes.delete(oldest);
				map.delete(oldest);
				bytes -= size;
			}
		}
		return response;
	} catch (err) {
		done(null);
		map.delete(key);
		throw err;
	}
}

/** Forgets every kept page. */
export function clearPageCache(): void {
	kept = new Map();
	sizes = new Map();
	bytes = 0;
}
