import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { requirePermission } from '$lib/server/auth/guard';

/** The overview moved to the home page: old links keep working. */
export const load: PageServerLoad = (event) => {
	requirePermission(event, 'dashboard.read');
	redirect(308, `/${event.url.search}`);
};
