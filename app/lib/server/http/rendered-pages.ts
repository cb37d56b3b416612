/**
 * Rendered dashboard pages kept in the server's one cache (cache.ts), so that 50 people reading
 * the same pages cost one render each, not fifty: anonymous visitors of a public dashboard and
 * every signed-in reader (viewers, analysts, admins) alike.
 *
 * What a page shows depends only on the database (datasets, catalog, rules, settings), the path
 * and query, the language, and who reads it: the reader's role decides suppression (an analyst's
 * `suppress=0` page has suppressed values, which a viewer's never has) and the header names the
 * account. So the key holds the role and the account, and a write to the database empties the
 * cache like every other entry. Never kept: API-token requests, anything but a GET answered 200,
 * and any response that sets a cookie. The Content-Security-Policy nonce of a kept page is
 * replaced by a fresh one on every reply, as if it had been rendered again.
 */
import { randomBytes } from 'node:crypto';
import type { Db } from '../../../../db/connection';
import { cachedAsync, type CacheKey } from '../cache/cache';

/** The dashboard pages and their client-side navigation data (`/__data.json`). */
const CACHED_PATHS = /^\/(?:overview|explorer|map|compare|portrait(?:\/[^/]+)?)?(?:\/__data\.json)?$/;

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

/** The cache key of a request, or null when its response must not be kept. */
export function pageCacheKey(r: PageRequest): CacheKey | null {
	if (r.method !== 'GET' || r.role === null || r.auth === 'token' || r.setsCookie) return null;
	if (!CACHED_PATHS.test(r.url.pathname)) return null;
	return { kind: 'page', params: [r.url.pathname, r.url.search, r.publicMode], locale: r.locale, audience: `${r.role}:${r.userId ?? 'anonymous'}` };
}

const NONCE = /'nonce-([^']+)'/;
/** Says whether a kept page answered (`hit`) or the page was rendered (`miss`): for operators and tests. */
export const CACHE_HEADER = 'x-vigie-page-cache';

/** A rendered response as it may be kept, or the response itself when it may not. */
type Captured = { kept: Kept } | { response: Response };

async function capture(response: Response): Promise<Captured> {
	if (response.status !== 200 || response.headers.has('set-cookie') || !response.body) return { response };
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
	return { kept: k };
}

function replay(k: Kept, state: 'hit' | 'miss'): Response {
	const nonce = randomBytes(16).toString('base64');
	const headers = new Headers(k.headers.map(([n, v]): [string, string] => [n, v.replaceAll('\u0000', nonce)]));
	headers.set(CACHE_HEADER, state);
	// Bytes, not a string: nothing to encode again.
	const n = Buffer.from(nonce, 'utf8');
	const body = Buffer.concat(k.parts.flatMap((p, i) => (i === 0 ? [p] : [n, p])));
	return new Response(body, { status: k.status, headers });
}

/**
 * The response to a request: a kept one when there is one for `key` (waiting for a render of the
 * same page already under way rather than starting another), else `render()`'s, kept if it may be.
 */
export async function cachedPage(db: Db, key: CacheKey | null, render: () => Response | Promise<Response>): Promise<Response> {
	if (key === null) return await render();
	const { value, fresh } = await cachedAsync(db, key, async () => capture(await render()),
		{ keep: (c) => 'kept' in c, bytes: (c) => ('kept' in c ? c.kept.bytes + 1024 : 0) });
	return 'kept' in value ? replay(value.kept, fresh ? 'miss' : 'hit') : value.response;
}
