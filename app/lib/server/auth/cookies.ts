import type { Cookies } from '@sveltejs/kit';
import { SESSION_COOKIE } from './sessions';

/** The session cookie: HttpOnly, SameSite=Lax, Secure over HTTPS, for the session's lifetime. */
export function setSessionCookie(cookies: Cookies, session: { id: string; expires: Date }, secure: boolean): void {
	cookies.set(SESSION_COOKIE, session.id, { path: '/', httpOnly: true, sameSite: 'lax', secure, expires: session.expires });
}

export function clearSessionCookie(cookies: Cookies, secure: boolean): void {
	cookies.delete(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure });
}

/** A form field as a string ('' when absent or a file). */
export function field(form: FormData, name: string): string {
	const v = form.get(name);
	return typeof v === 'string' ? v : '';
}
