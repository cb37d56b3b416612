import type { Handle } from '@sveltejs/kit';
import { LOCALE_COOKIE, resolveLocale } from '$lib/server/locale';

export const handle: Handle = async ({ event, resolve }) => {
	const { locale, remember } = resolveLocale(
		event.url.searchParams.get('lang'),
		event.cookies.get(LOCALE_COOKIE),
		event.request.headers.get('accept-language')
	);
	if (remember) {
		event.cookies.set(LOCALE_COOKIE, locale, { path: '/', maxAge: 60 * 60 * 24 * 365, httpOnly: true, sameSite: 'lax' });
	}
	event.locals.locale = locale;
	return resolve(event, { transformPageChunk: ({ html }) => html.replace('%lang%', locale) });
};
