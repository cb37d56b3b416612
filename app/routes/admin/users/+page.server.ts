import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import type { MessageKey } from '$lib/i18n';
import { formatDateTime } from '$lib/format';
import { getUser, isRole, listUsers } from '$db/users';
import { getDb } from '$lib/server/db';
import { changeAccount, createAccount, type AccountProblem } from '$lib/server/auth/accounts';
import { field } from '$lib/server/auth/cookies';
import { actorOf, requireUser } from '$lib/server/auth/guard';
import { accountLocked } from '$lib/server/auth/lockout';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '$lib/server/auth/password';

/** /admin/users: the admin adds accounts, changes roles, disables, unlocks, resets passwords, deletes. */
export const load: PageServerLoad = (event) => {
	const me = requireUser(event, 'users.manage');
	const db = getDb();
	return {
		meId: me.id,
		users: listUsers(db).map((u) => ({
			id: u.id, email: u.email, role: u.role, disabled: u.disabled, locked: accountLocked(db, u.email),
			lastLogin: formatDateTime(event.locals.locale, u.last_login_at)
		})),
		limits: { min: PASSWORD_MIN_LENGTH, max: PASSWORD_MAX_LENGTH }
	};
};

const problemKey = (p: AccountProblem): MessageKey => `form.error.${p}`;

/** One change to an existing account, from a row's form (the account id in `id`). */
async function change(event: RequestEvent, what: (form: FormData) => Parameters<typeof changeAccount>[3] | null) {
	requireUser(event, 'users.manage');
	const form = await event.request.formData();
	const id = Number(field(form, 'id'));
	const db = getDb();
	const target = Number.isInteger(id) ? getUser(db, id) : undefined;
	if (!target) return fail(404, { row: { id, error: problemKey('not_found') } });
	const c = what(form);
	if (!c) return fail(400, { row: { id, error: problemKey('bad_role') } });
	const r = await changeAccount(db, actorOf(event), id, c);
	if (!r.ok) return fail(400, { row: { id, error: problemKey(r.problem) } });
	return { done: { email: target.email, deleted: 'delete' in c } };
}

export const actions: Actions = {
	create: async (event) => {
		requireUser(event, 'users.manage');
		const form = await event.request.formData();
		const email = field(form, 'email'), role = field(form, 'role');
		if (!isRole(role)) return fail(400, { create: { email, role, error: problemKey('bad_role') } });
		const r = await createAccount(getDb(), actorOf(event), { email, role, password: field(form, 'password') });
		if (!r.ok) return fail(400, { create: { email, role, error: problemKey(r.problem) } });
		return { created: { email: r.user.email } };
	},
	role: (event) => change(event, (f) => { const role = field(f, 'role'); return isRole(role) ? { role } : null; }),
	disable: (event) => change(event, () => ({ disabled: true })),
	enable: (event) => change(event, () => ({ disabled: false })),
	unlock: (event) => change(event, () => ({ unlock: true })),
	password: (event) => change(event, (f) => ({ password: field(f, 'password') })),
	delete: (event) => change(event, () => ({ delete: true }))
};
