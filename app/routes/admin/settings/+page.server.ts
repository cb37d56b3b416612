import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { isPublic, setPublic } from '$lib/server/auth/access';
import { field } from '$lib/server/auth/cookies';
import { actorOf, requireUser } from '$lib/server/auth/guard';
import { defaultLocale, setDefaultLocale } from '$lib/server/settings/locale';
import { isLocale } from '$lib/i18n';
import { listGeographies } from '$db/areas';
import { geographyName } from '$lib/place-words';
import { loadGeography, saveGeography } from '$lib/server/settings/geography';

/** /admin/settings: whether the dashboard is public or private; the default language; the house geography. */
export const load: PageServerLoad = (event) => {
	requireUser(event, 'settings.edit');
	const db = getDb();
	const geographies = listGeographies(db).map((code) => ({ code, name: geographyName(event.locals.locale, code) }))
		.sort((a, b) => a.name.localeCompare(b.name, event.locals.locale));
	return { isPublic: isPublic(db), defaultLang: defaultLocale(db), geography: loadGeography(db), geographies };
};

export const actions: Actions = {
	default: async (event) => {
		requireUser(event, 'settings.edit');
		const form = await event.request.formData();
		const access = field(form, 'access');
		const lang = field(form, 'lang');
		const geography = field(form, 'geography');
		const db = getDb();
		// Each setting is optional in a post, but what is sent must be valid, and nothing is stored unless all of it is.
		const badAccess = access !== '' && access !== 'public' && access !== 'private';
		const badLang = lang !== '' && !isLocale(lang);
		const badGeography = geography !== '' && !listGeographies(db).includes(geography);
		const none = access === '' && lang === '' && geography === '';
		if (badAccess || badLang || badGeography || none) return fail(400, { saved: false, badAccess: badAccess || none, badLang, badGeography });
		if (access !== '') setPublic(db, access === 'public', actorOf(event));
		if (isLocale(lang)) setDefaultLocale(db, lang, actorOf(event));
		if (geography !== '') saveGeography(db, geography, actorOf(event));
		return { saved: true };
	}
};
