/**
 * The one permission check every route calls, on the server, before it reads or changes anything:
 *
 *   requirePermission(event, 'dashboard.read')        // a page's load, an API handler
 *   const user = requireUser(event, 'datasets.upload') // a form action or page that needs an account
 *
 * Refusals: an anonymous visitor is sent to the sign-in page (pages, form actions) or gets 401
 * (API); a signed-in account without the permission gets 403. API routes answer with the API's
 * JSON error shape (hooks.server.ts turns the refusal recorded in `locals.denied` into it).
 */
import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import type { User } from '$db/users';
import { t } from '$lib/i18n';
import type { Actor } from './audit-log';
import { clientAddress, trustProxy } from './http-policy';
import { localPath } from './local-path';
import { allows, type Action } from './permissions';

export { allows } from './permissions';
export { localPath } from './local-path';

type GuardEvent = Pick<RequestEvent, 'locals' | 'url' | 'request' | 'getClientAddress'>;

export function isApiPath(pathname: string): boolean {
	return pathname === '/api' || pathname.startsWith('/api/');
}

/** The sign-in page, with the page asked for as `next` when it is one to come back to. */
export function loginPath(url: URL): string {
	const here = localPath(url.pathname + url.search);
	return here === '/' ? '/login' : `/login?next=${encodeURIComponent(here)}`;
}

/** Throws the refusal when the visitor may not do `action`; returns the account (null for anonymous readers). */
export function requirePermission(event: GuardEvent, action: Action): User | null {
	const { locals, url } = event;
	if (allows(locals, action)) return locals.user;
	if (locals.user === null) {
		if (!isApiPath(url.pathname)) redirect(303, loginPath(url));
		locals.denied = { status: 401, code: 'unauthenticated', message: t(locals.locale, 'auth.unauthenticated') };
	} else {
		locals.denied = { status: 403, code: 'forbidden', message: t(locals.locale, 'auth.forbidden') };
	}
	error(locals.denied.status, { message: locals.denied.message, code: locals.denied.code });
}

/** requirePermission for what only an account may do: returns the account. */
export function requireUser(event: GuardEvent, action: Exclude<Action, 'dashboard.read'>): User {
	const user = requirePermission(event, action);
	if (!user) throw new Error('unreachable: only accounts pass requirePermission for this action');
	return user;
}

/** The audit log's "who": the account, or an anonymous visitor, with the client's address. */
export function actorOf(event: GuardEvent): Actor {
	const u = event.locals.user;
	return { name: u?.email ?? 'anonymous', userId: u?.id ?? null, ip: addressOf(event) };
}

export function addressOf(event: Pick<RequestEvent, 'request' | 'getClientAddress'>): string {
	return clientAddress(event.request.headers.get('x-forwarded-for'), () => event.getClientAddress(), trustProxy());
}
