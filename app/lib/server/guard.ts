/**
 * The one server-side check in front of the analyst pages (upload, datasets) until accounts
 * exist (issue 5 replaces this function, and only this function): analyst pages answer requests
 * from this machine only (loopback addresses), everyone else gets 403. Every analyst page and
 * endpoint calls it first, in its load function, action or handler.
 */
import { error, type RequestEvent } from '@sveltejs/kit';
import { t } from '$lib/i18n';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

export function requireAnalyst(event: RequestEvent): void {
	let address = '';
	try {
		address = event.getClientAddress();
	} catch {
		address = '';
	}
	if (!LOOPBACK.test(address)) error(403, { message: t(event.locals.locale, 'guard.analysts_only') });
}
