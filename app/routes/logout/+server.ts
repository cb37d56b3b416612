import { redirect, type RequestHandler } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { audit } from '$lib/server/auth/audit-log';
import { clearSessionCookie } from '$lib/server/auth/cookies';
import { actorOf } from '$lib/server/auth/guard';
import { SESSION_COOKIE, endSession } from '$lib/server/auth/sessions';

/** POST /logout (the header's button): ends the session; open to everyone, signing out needs no permission. */
export const POST: RequestHandler = (event) => {
	const db = getDb();
	if (event.locals.user && event.locals.auth === 'session') {
		audit(db, actorOf(event), 'logout');
		endSession(db, event.cookies.get(SESSION_COOKIE));
	}
	clearSessionCookie(event.cookies, event.locals.secure);
	redirect(303, event.locals.publicMode ? '/' : '/login');
};
