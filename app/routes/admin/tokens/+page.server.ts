import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import type { MessageKey } from '$lib/i18n';
import { formatDateTime } from '$lib/format';
import { listAllTokens } from '$db/tokens';
import { listUsers } from '$db/users';
import { getDb } from '$lib/server/db';
import { field } from '$lib/server/auth/cookies';
import { actorOf, requireUser } from '$lib/server/auth/guard';
import { revokeAnyToken } from '$lib/server/auth/tokens';

/** /admin/tokens?user=ID: every account's API tokens (or one account's), live ones first; the admin revokes any. */
export const load: PageServerLoad = (event) => {
	requireUser(event, 'users.manage');
	const db = getDb();
	const accounts = listUsers(db).map((u) => ({ id: u.id, email: u.email }));
	const asked = Number(event.url.searchParams.get('user'));
	const user = accounts.find((a) => a.id === asked)?.id ?? null;
	const when = (iso: string | null) => formatDateTime(event.locals.locale, iso);
	return {
		accounts,
		user,
		tokens: listAllTokens(db, user ?? undefined).map((t) => ({
			id: t.id, email: t.email, label: t.label, hint: t.hint, revoked: t.revoked_at !== null,
			created: when(t.created_at), lastUsed: when(t.last_used_at), revokedAt: when(t.revoked_at)
		}))
	};
};

export const actions: Actions = {
	revoke: async (event) => {
		requireUser(event, 'users.manage');
		const id = Number(field(await event.request.formData(), 'id'));
		const revoked = Number.isInteger(id) ? revokeAnyToken(getDb(), actorOf(event), id) : null;
		if (!revoked) return fail(404, { error: 'account.token_not_found' as MessageKey });
		return { revoked: { label: revoked.label, email: revoked.email } };
	}
};
