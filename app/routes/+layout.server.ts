import type { LayoutServerLoad } from './$types';
import { allows } from '$lib/server/auth/guard';

/** The language and who is signed in (for the header's links); each page checks its own permission. */
export const load: LayoutServerLoad = ({ locals }) => ({
	locale: locals.locale,
	user: locals.user ? { email: locals.user.email, role: locals.user.role } : null,
	publicMode: locals.publicMode,
	admin: allows(locals, 'users.manage'),
	analyst: allows(locals, 'datasets.upload'),
	catalog: allows(locals, 'catalog.edit'),
	rules: allows(locals, 'rules.edit')
});
