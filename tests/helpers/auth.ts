/**
 * Accounts and requests for the HTTP and browser tests: the three roles' test accounts, signing
 * in through the real form (with the Origin a browser sends), and requests as an account.
 */
import type { TestServer } from './server';
import type { TestUser } from './accounts';

export { ADMIN, ANALYST, VIEWER, ALL_ROLES, type TestUser } from './accounts';

export interface Call {
	method?: string;
	/** `vigie_session=…`, or a whole Cookie header. */
	cookie?: string;
	token?: string;
	headers?: Record<string, string>;
	/** A form (sent urlencoded) or a raw body. */
	form?: Record<string, string>;
	body?: string;
	/** The Origin header; by default the server's own, as a browser sends with a POST. Null: none. */
	origin?: string | null;
}

/** One request as a browser (or a script) would send it; redirects are not followed. */
export function call(server: TestServer, path: string, c: Call = {}): Promise<Response> {
	const method = c.method ?? (c.form || c.body !== undefined ? 'POST' : 'GET');
	const headers: Record<string, string> = { accept: 'text/html,application/json;q=0.9', ...c.headers };
	if (c.cookie) headers.cookie = c.cookie;
	if (c.token) headers.authorization = `Bearer ${c.token}`;
	const origin = c.origin === undefined ? server.url : c.origin;
	if (origin && method !== 'GET' && method !== 'HEAD') headers.origin = origin;
	let body = c.body;
	if (c.form) {
		body = new URLSearchParams(c.form).toString();
		headers['content-type'] = 'application/x-www-form-urlencoded';
	}
	return fetch(server.url + path, { method, headers, body, redirect: 'manual' });
}

/** The `name=value` of a Set-Cookie header for `name`, if the response sets it. */
export function cookieFrom(res: Response, name = 'vigie_session'): string | null {
	for (const c of res.headers.getSetCookie()) if (c.startsWith(`${name}=`)) return c.split(';')[0]!;
	return null;
}

/** Signs in through the real form; returns the session cookie (`vigie_session=…`). */
export async function signIn(server: TestServer, user: Pick<TestUser, 'email' | 'password'>, headers: Record<string, string> = {}): Promise<string> {
	const res = await call(server, '/login', { form: { email: user.email, password: user.password }, headers });
	const cookie = cookieFrom(res);
	if (res.status !== 303 || !cookie) throw new Error(`signing in as ${user.email}: ${res.status} ${await res.text().then((t) => t.slice(0, 300))}`);
	return cookie;
}
