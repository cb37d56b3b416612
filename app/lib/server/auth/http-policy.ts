/**
 * HTTP rules shared by the Express server (server.ts) and SvelteKit's hooks, so that every
 * response gets them whichever of the two answers it: security headers, the cross-origin write
 * check (CSRF), what counts as an HTTPS request, and request body limits.
 */

/** Headers for every response. The pages' Content-Security-Policy comes from `kit.csp` (svelte.config.js). */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
	'x-content-type-options': 'nosniff',
	'referrer-policy': 'same-origin',
	'x-frame-options': 'DENY',
	'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
	'cross-origin-opener-policy': 'same-origin',
	'cross-origin-resource-policy': 'same-origin'
};

/** The policy of responses that are not pages (JSON, CSV, the health check): nothing may run or load. */
export const NON_PAGE_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** One year, once the request is known to be HTTPS. */
export const HSTS = 'max-age=31536000';

export function isStateChanging(method: string): boolean {
	return !['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase());
}

/** TRUST_PROXY=1 (or true): a reverse proxy sets X-Forwarded-Proto, X-Forwarded-Host and X-Forwarded-For. */
export function trustProxy(env: NodeJS.ProcessEnv = process.env): boolean {
	return /^(1|true|yes|on)$/i.test(env.TRUST_PROXY ?? '');
}

/** The first value of a possibly comma-separated forwarded header. */
function firstValue(v: string | null | undefined): string | undefined {
	return v?.split(',')[0]?.trim().toLowerCase() || undefined;
}

/**
 * Whether the browser reached us over HTTPS: the public URL says https (ORIGIN), or, only when
 * TRUST_PROXY says a proxy is in front, its X-Forwarded-Proto does. Anyone can send that header,
 * so without TRUST_PROXY it is ignored.
 */
export function isSecureRequest(protocol: string, forwardedProto: string | null | undefined, trusted: boolean): boolean {
	return protocol === 'https:' || (trusted && firstValue(forwardedProto) === 'https');
}

/**
 * A state-changing request sent by a page of another site (cross-site request forgery). Browsers
 * send `Origin` with every POST, PUT, PATCH and DELETE; when it is missing, `Sec-Fetch-Site` still
 * says where the request comes from. A client that sends neither is not a browser (a script with
 * an API token), so it carries no cookie of a victim and is let through.
 */
export function isCrossOriginWrite(method: string, headers: { origin?: string | null; secFetchSite?: string | null }, allowedOrigins: readonly string[]): boolean {
	if (!isStateChanging(method)) return false;
	const origin = headers.origin;
	if (origin) return !allowedOrigins.includes(origin);
	const site = headers.secFetchSite;
	return site === 'cross-site' || site === 'same-site';
}

/**
 * The client's address, for the sign-in lockout and the audit log: behind a trusted proxy, the
 * last address of X-Forwarded-For (the one our proxy added; earlier ones are the client's word);
 * otherwise the connection's.
 */
export function clientAddress(forwardedFor: string | null, connection: () => string, trusted: boolean): string {
	if (trusted && forwardedFor) {
		const last = forwardedFor.split(',').map((s) => s.trim()).filter(Boolean).at(-1);
		if (last) return last;
	}
	return connection();
}

/** Bodies of forms and API calls other than uploads: 64 KiB is ample, and anyone can send them. */
export const SMALL_BODY_LIMIT = 64 * 1024;

/**
 * Paths that receive files (the APIs' uploads; the upload and datasets pages): they get
 * BODY_SIZE_LIMIT, every other path SMALL_BODY_LIMIT.
 */
export function isUploadPath(pathname: string): boolean {
	return pathname === '/api/datasets' || pathname === '/datasets' || pathname.startsWith('/datasets/') ||
		pathname === '/api/uploads' || pathname === '/upload' || pathname.startsWith('/upload/');
}
