/** What the directory's pages and API share: the reader's permission and the filtered directory. */
import type { RequestEvent } from '@sveltejs/kit';
import { allows, requirePermission } from '../auth/guard';
import { getDb } from '../db';
import { buildDirectory, type Directory } from './directory';

/** The directory as this reader may see it: contact details only for a signed-in reader. */
export function directoryFor(event: Pick<RequestEvent, 'locals' | 'url' | 'request' | 'getClientAddress'>): Directory {
	requirePermission(event, 'dashboard.read');
	return buildDirectory(getDb(), event.url, event.locals.locale, { contacts: allows(event.locals, 'partners.contacts') });
}
