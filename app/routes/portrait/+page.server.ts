import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { listPortraitBoroughs } from '$lib/server/views/portrait';
import { requirePermission } from '$lib/server/auth/guard';
import { portraitIndex } from '$lib/server/views/first-screens';

/**
 * The borough portraits' index: a map of the boroughs and a card for each, with its headline
 * value (the viewer's tables). The portrait's GET form sends `?borough=CODE&wave=…` here (a
 * form cannot change the path without JavaScript): it is redirected to `/portrait/CODE?wave=…`.
 */
export const load: PageServerLoad = (event) => {
	requirePermission(event, 'dashboard.read');
	const boroughs = listPortraitBoroughs(getDb());
	const q = new URLSearchParams(event.url.searchParams);
	const code = q.get('borough');
	if (code && boroughs.some((b) => b.code === code)) {
		q.delete('borough');
		for (const [k, v] of [...q]) if (!v) q.delete(k);
		redirect(303, `/portrait/${encodeURIComponent(code)}${q.size ? `?${q}` : ''}`);
	}
	return { boroughs, index: portraitIndex(event.url, event.locals.locale) };
};
