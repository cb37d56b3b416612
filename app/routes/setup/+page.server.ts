import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import type { MessageKey } from '$lib/i18n';
import { getDb } from '$lib/server/db';
import { createAccount } from '$lib/server/auth/accounts';
import { field, setSessionCookie } from '$lib/server/auth/cookies';
import { actorOf } from '$lib/server/auth/guard';
import { createSession } from '$lib/server/auth/sessions';
import { checkSetupCode, clearSetupCode, needsSetup } from '$lib/server/auth/setup';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '$lib/server/auth/password';

// Reachable only while no admin exists (hooks.server.ts sends every other request here, and this
// page elsewhere); the setup code printed on the server's console is the permission.
export const load: PageServerLoad = ({ url }) => ({
	code: url.searchParams.get('code') ?? '',
	limits: { min: PASSWORD_MIN_LENGTH, max: PASSWORD_MAX_LENGTH }
});

type Errors = Partial<Record<'code' | 'email' | 'password' | 'confirm', MessageKey>>;

export const actions: Actions = {
	default: async (event) => {
		const db = getDb();
		if (!needsSetup(db)) redirect(303, '/login');
		const form = await event.request.formData();
		const code = field(form, 'code'), email = field(form, 'email'), password = field(form, 'password');
		const errors: Errors = {};
		if (!checkSetupCode(db, code.trim())) errors.code = 'setup.bad_code';
		if (password !== field(form, 'confirm')) errors.confirm = 'form.error.mismatch';
		if (Object.keys(errors).length) return fail(400, { code, email, errors });
		const created = await createAccount(db, actorOf(event), { email, role: 'admin', password }, 'setup');
		if (!created.ok) {
			const key: MessageKey = `form.error.${created.problem}`;
			const errors: Errors = created.problem === 'bad_email' || created.problem === 'email_taken' ? { email: key } : { password: key };
			return fail(400, { code, email, errors });
		}
		clearSetupCode(db);
		setSessionCookie(event.cookies, createSession(db, created.user.id), event.locals.secure);
		redirect(303, '/');
	}
};
