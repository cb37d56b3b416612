import type { PageServerLoad } from './$types';
import { allows, requirePermission } from '$lib/server/auth/guard';
import { directoryFor } from '$lib/server/partners/page';

/** The partners directory: search and filters in the URL, cards or a list. */
export const load: PageServerLoad = (event) => {
	requirePermission(event, 'dashboard.read');
	const directory = directoryFor(event);
	const view = event.url.searchParams.get('view') === 'list' ? ('list' as const) : ('cards' as const);
	return { ...directory, view, canEditServices: allows(event.locals, 'catalog.edit') };
};
