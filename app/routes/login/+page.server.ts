import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { signIn } from '$lib/server/auth/accounts';
import { field, setSessionCookie } from '$lib/server/auth/cookies';
import { addressOf, localPath } from '$lib/server/auth/guard';

// Open to everyone (hooks.server.ts lets anonymous visitors reach it): this is where they sign in.
export const load: PageServerLoad = ({ locals, url }) => {
	const next = localPath(url.searchParams.get('next'));
	if (locals.user) redirect(303, next);
	return { next };
};

export const actions: Actions = {
	default: async (event) => {
		const { request, cookies, locals } = event;
		const form = await request.formData();
		const email = field(form, 'email');
		const next = localPath(field(form, 'next'));
		const result = await signIn(getDb(), email, field(form, 'password'), addressOf(event));
		if (!result.ok) {
			if (result.problem === 'locked') return fail(429, { email, error: 'locked' as const, minutes: Math.ceil(result.retryAfterMs / 60_000) });
			return fail(400, { email, error: 'invalid' as const, minutes: 0 });
		}
		setSessionCookie(cookies, result.session, locals.secure);
		redirect(303, next);
	}
};
