/** What the directory's pages and API share: the filtered directory as the reader may see it. */
import type { RequestEvent } from '@sveltejs/kit';
import { allows } from '../auth/guard';
import { getDb } from '../db';
import { buildDirectory, type Directory } from './directory';

/**
 * The directory as this reader may see it: contact details only for a signed-in reader. The
 * route has already checked that the reader may read the dashboards (`dashboard.read`).
 */
export function directoryFor(event: Pick<RequestEvent, 'locals' | 'url'>): Directory {
	return buildDirectory(getDb(), event.url, event.locals.locale, { contacts: allows(event.locals, 'partners.contacts') });
}
