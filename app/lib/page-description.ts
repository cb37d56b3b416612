/**
 * The message that describes a page (its `<meta name="description">`), chosen by the page's
 * route: one per section of the site, a general one elsewhere (accounts, administration, errors).
 */
import type { MessageKey } from '$lib/i18n';

const BY_ROUTE: [route: string, key: MessageKey][] = [
	['/portrait/[borough]', 'meta.portrait'],
	['/portrait', 'meta.portraits'],
	['/explorer', 'meta.explorer'],
	['/compare', 'meta.compare'],
	['/map', 'meta.map'],
	['/partners', 'meta.partners'],
	['/catalog', 'meta.catalog'],
	['/datasets', 'meta.datasets'],
	['/login', 'meta.sign_in']
];

/** `routeId` as SvelteKit names it (`/portrait/[borough]`), or null on an unknown path. */
export function descriptionKey(routeId: string | null): MessageKey {
	if (routeId === '/') return 'meta.overview';
	const found = BY_ROUTE.find(([route]) => routeId === route || routeId?.startsWith(route + '/'));
	return found?.[1] ?? 'meta.default';
}
