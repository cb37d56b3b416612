import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { isPublic, setPublic } from '$lib/server/auth/access';
import { field } from '$lib/server/auth/cookies';
import { actorOf, requireUser } from '$lib/server/auth/guard';
import { defaultLocale, setDefaultLocale } from '$lib/server/settings/locale';
import { isLocale } from '$lib/i18n';

/** /admin/settings: whether the dashboard is public or private; the default language. */
export const load: PageServerLoad = (event) => {
	requireUser(event, 'settings.edit');
	const db = getDb();
	return { isPublic: isPublic(db), defaultLang: defaultLocale(db) };
};

export const actions: Actions = {
	default: async (event) => {
		requireUser(event, 'settings.edit');
		const form = await event.request.formData();
		const access = field(form, 'access');
		const lang = field(form, 'lang');
		// Each setting is optional in a post, but what is sent must be valid, and nothing is stored unless all of it is.
		const badAccess = access !== '' && access !== 'public' && access !== 'private';
		const badLang = lang !== '' && !isLocale(lang);
		if (badAccess || badLang || (access === '' && lang === '')) return fail(400, { saved: false, badAccess: badAccess || access === '' && lang === '', badLang });
		const db = getDb();
		if (access !== '') setPublic(db, access === 'public', actorOf(event));
		if (isLocale(lang)) setDefaultLocale(db, lang, actorOf(event));
		return { saved: true };
	}
};
