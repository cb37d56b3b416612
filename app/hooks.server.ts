import { json, redirect, type Handle, type ServerInit } from '@sveltejs/kit';
import { LOCALE_COOKIE, defaultLocale, resolveLocale } from '$lib/server/settings/locale';
import { getDb } from '$lib/server/db';
import { t, type Locale } from '$lib/i18n';
import { isPublic } from '$lib/server/auth/access';
import { isApiPath, loginPath } from '$lib/server/auth/guard';
import { HSTS, isCrossOriginWrite, isSecureRequest, NON_PAGE_CSP, SECURITY_HEADERS, trustProxy } from '$lib/server/auth/http-policy';
import { SESSION_COOKIE, resolveSession } from '$lib/server/auth/sessions';
import { needsSetup } from '$lib/server/auth/setup';
import { bearerToken, resolveApiToken } from '$lib/server/auth/tokens';
import { cachedPage, pageCacheKey } from '$lib/server/http/rendered-pages';
import { warmedPage } from '$lib/server/jobs/warm-up';
import { startBackgroundWork } from '$lib/server/jobs/background';

/**
 * When the server starts: the dashboard's default views are computed by a worker thread, then
 * again after every change of the data, so that first readers do not wait for them; once that is
 * done, the PNG renderer is compiled (background.ts).
 */
export const init: ServerInit = () => startBackgroundWork(getDb());

/** Query parameters that do not change a page's view (SvelteKit's own, and the language, resolved before). */
const VIEW_NEUTRAL = new Set(['lang', 'x-sveltekit-invalidated', 'x-sveltekit-trailing-slash']);

/**
 * A page opened without a query (or its data request) that the running warm-up will compute:
 * what to wait for before rendering it, so that its view is computed once, by the warm-up.
 */
function warmingView(method: string, url: URL, locale: Locale): Promise<void> | null {
	if (method !== 'GET' || [...url.searchParams.keys()].some((k) => !VIEW_NEUTRAL.has(k))) return null;
	const page = url.pathname.endsWith('/__data.json') ? url.pathname.slice(0, -'/__data.json'.length) || '/' : url.pathname;
	return warmedPage(page, locale);
}

/** Pages an anonymous visitor of a private dashboard may open: signing in, and the first-run setup. */
const OPEN_PATHS = new Set(['/login', '/setup', '/logout']);

const apiError = (status: number, locale: Locale, code: 'unauthenticated' | 'invalid_token' | 'setup_required' | 'cross_origin', headers: Record<string, string> = {}) =>
	json({ error: { code, message: t(locale, `auth.${code}`) } }, { status, headers });

/**
 * Every request: the reader's language, then who the visitor is (API token or session cookie),
 * the cross-origin write check, the first-run setup, and for a private dashboard the sign-in
 * requirement. Each route then checks its own permission (`requirePermission`). Every response
 * gets the security headers. Nothing here writes to the database or waits for its write lock:
 * a session's or token's last use is written later, off the request (deferred-writes.ts).
 */
export const handle: Handle = async ({ event, resolve }) => {
	const { url, request, locals } = event;
	const headers = request.headers;
	locals.secure = isSecureRequest(url.protocol, headers.get('x-forwarded-proto'), trustProxy());
	locals.denied = null;
	locals.user = null;
	locals.auth = null;
	locals.sessionHash = null;
	const db = getDb();
	const { locale, remember } = resolveLocale(url.searchParams.get('lang'), event.cookies.get(LOCALE_COOKIE), headers.get('accept-language'), defaultLocale(db));
	locals.locale = locale;
	const finish = (response: Response) => withSecurityHeaders(response, locals);
	const api = isApiPath(url.pathname);

	// SvelteKit checks the origin of form posts; this covers every other state-changing request too.
	if (isCrossOriginWrite(request.method, { origin: headers.get('origin'), secFetchSite: headers.get('sec-fetch-site') }, [url.origin]))
		return finish(apiError(403, locale, 'cross_origin'));

	let setsCookie = remember;
	const token = bearerToken(headers.get('authorization'));
	if (token !== null) {
		locals.user = resolveApiToken(db, token);
		if (!locals.user) return finish(apiError(401, locale, 'invalid_token', { 'www-authenticate': 'Bearer error="invalid_token"' }));
		locals.auth = 'token';
	} else {
		const cookie = event.cookies.get(SESSION_COOKIE);
		const session = resolveSession(db, cookie);
		if (session) {
			locals.user = session.user;
			locals.auth = 'session';
			locals.sessionHash = session.idHash;
		} else if (cookie !== undefined) {
			setsCookie = true;
			event.cookies.delete(SESSION_COOKIE, { path: '/', secure: locals.secure, httpOnly: true, sameSite: 'lax' });
		}
	}
	locals.publicMode = isPublic(db);
	locals.role = locals.user?.role ?? (locals.publicMode ? 'viewer' : null);
	if (remember) event.cookies.set(LOCALE_COOKIE, locale, { path: '/', maxAge: 60 * 60 * 24 * 365, httpOnly: true, sameSite: 'lax', secure: locals.secure });

	if (needsSetup(db)) {
		if (url.pathname !== '/setup') {
			if (api) return finish(apiError(503, locale, 'setup_required'));
			redirect(303, '/setup');
		}
	} else if (url.pathname === '/setup') {
		redirect(303, locals.user ? '/' : '/login');
	}
	if (locals.role === null && !OPEN_PATHS.has(url.pathname)) {
		if (api) return finish(apiError(401, locale, 'unauthenticated', { 'www-authenticate': 'Bearer' }));
		redirect(303, loginPath(url));
	}

	// Dashboard pages are rendered once per version of the database, language and reader (rendered-pages.ts).
	// The request's own URL: SvelteKit's `event.url` of a navigation's data request (`/__data.json`) is the page's.
	const cacheKey = pageCacheKey({ method: request.method, url: new URL(request.url), role: locals.role, auth: locals.auth, userId: locals.user?.id ?? null, locale,
		publicMode: locals.publicMode, setsCookie });
	await warmingView(request.method, url, locale);
	const response = await cachedPage(db, cacheKey, () => resolve(event, { transformPageChunk: ({ html }) => html.replace('%lang%', locale) }));
	if (locals.denied && api) {
		const { status, code, message } = locals.denied;
		return finish(json({ error: { code, message } }, { status, headers: status === 401 ? { 'www-authenticate': 'Bearer' } : {} }));
	}
	return finish(response);
};

/** The security headers of http-policy.ts; pages keep the Content-Security-Policy that `kit.csp` gave them. */
function withSecurityHeaders(response: Response, locals: App.Locals): Response {
	let out = response;
	try {
		out.headers.set('x-content-type-options', 'nosniff');
	} catch {
		// A Response made by fetch() or Response.redirect() has immutable headers.
		out = new Response(response.body, { status: response.status, statusText: response.statusText, headers: new Headers(response.headers) });
	}
	for (const [k, v] of Object.entries(SECURITY_HEADERS)) out.headers.set(k, v);
	if (!out.headers.has('content-security-policy')) out.headers.set('content-security-policy', NON_PAGE_CSP);
	if (locals.secure) out.headers.set('strict-transport-security', HSTS);
	// What an account sees is its own: no shared cache keeps it.
	if (locals.user && !out.headers.has('cache-control')) out.headers.set('cache-control', 'private, no-store');
	return out;
}
