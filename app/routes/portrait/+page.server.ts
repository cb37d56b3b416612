import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { listPortraitBoroughs } from '$lib/server/views/portrait';
import { portraitIndex } from '$lib/server/views/first-screens';
import { readRequest, viewFor } from '$lib/server/request/load';
import { OVERVIEW } from '$lib/server/views/page-views';
import { portraitIndexQuery } from '$lib/server/request/queries';

/**
 * The borough portraits' index: a map of the boroughs and a card for each, with its headline
 * value (the viewer's tables). The portrait's GET form sends `?borough=CODE&wave=…` here (a
 * form cannot change the path without JavaScript): it is redirected to `/portrait/CODE?wave=…`.
 */
export const load: PageServerLoad = (event) => {
	const { q: asked, reader } = readRequest(event, portraitIndexQuery);
	const boroughs = listPortraitBoroughs(getDb(), asked.wave || undefined);
	const q = new URLSearchParams(event.url.searchParams);
	const code = q.get('borough');
	if (code && boroughs.some((b) => b.code === code)) {
		q.delete('borough');
		for (const [k, v] of [...q]) if (!v) q.delete(k);
		redirect(303, `/portrait/${encodeURIComponent(code)}${q.size ? `?${q}` : ''}`);
	}
	// The cards hold the overview's viewer values, whoever reads.
	const overview = viewFor(OVERVIEW, { wave: asked.wave, borough: undefined, suppress: true }, { ...reader, suppress: true, unsuppressed: false });
	return { boroughs, index: portraitIndex(getDb(), overview) };
};
