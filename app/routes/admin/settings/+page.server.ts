import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { isPublic, setPublic } from '$lib/server/auth/access';
import { field } from '$lib/server/auth/cookies';
import { actorOf, requireUser } from '$lib/server/auth/guard';

/** /admin/settings: whether the dashboard is public or private. */
export const load: PageServerLoad = (event) => {
	requireUser(event, 'settings.edit');
	return { isPublic: isPublic(getDb()) };
};

export const actions: Actions = {
	default: async (event) => {
		requireUser(event, 'settings.edit');
		const access = field(await event.request.formData(), 'access');
		if (access !== 'public' && access !== 'private') return fail(400, { saved: false });
		setPublic(getDb(), access === 'public', actorOf(event));
		return { saved: true };
	}
};
