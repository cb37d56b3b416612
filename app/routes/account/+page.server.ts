import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import type { MessageKey } from '$lib/i18n';
import { formatDateTime } from '$lib/format';
import { listTokens, revokeToken } from '$db/tokens';
import { getDb } from '$lib/server/db';
import { changeOwnPassword } from '$lib/server/auth/accounts';
import { audit } from '$lib/server/auth/audit-log';
import { field } from '$lib/server/auth/cookies';
import { actorOf, requireUser } from '$lib/server/auth/guard';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '$lib/server/auth/password';
import { createApiToken } from '$lib/server/auth/tokens';

/** /account: the signed-in user's password and API tokens. */
export const load: PageServerLoad = (event) => {
	const user = requireUser(event, 'account.manage');
	return {
		me: { email: user.email, role: user.role },
		tokens: listTokens(getDb(), user.id).map((t) => ({
			id: t.id, label: t.label, hint: t.hint, revoked: t.revoked_at !== null,
			created: formatDateTime(event.locals.locale, t.created_at), lastUsed: formatDateTime(event.locals.locale, t.last_used_at),
			revokedAt: formatDateTime(event.locals.locale, t.revoked_at)
		})),
		limits: { min: PASSWORD_MIN_LENGTH, max: PASSWORD_MAX_LENGTH }
	};
};

const TOKEN_LABEL_MAX = 100;

export const actions: Actions = {
	password: async (event) => {
		const user = requireUser(event, 'account.manage');
		const form = await event.request.formData();
		const next = field(form, 'new');
		if (next !== field(form, 'confirm')) return fail(400, { password: { error: 'form.error.mismatch' as MessageKey } });
		const actor = { ...actorOf(event), userId: user.id };
		const r = await changeOwnPassword(getDb(), actor, field(form, 'current'), next, event.locals.sessionHash ?? undefined);
		if (!r.ok) return fail(400, { password: { error: `form.error.${r.problem}` as MessageKey } });
		return { password: { done: true } };
	},
	token: async (event) => {
		const user = requireUser(event, 'account.manage');
		const label = field(await event.request.formData(), 'label').trim();
		if (!label || label.length > TOKEN_LABEL_MAX) return fail(400, { token: { error: 'account.token_label_error' as MessageKey, label } });
		const db = getDb();
		const created = createApiToken(db, user.id, label);
		audit(db, actorOf(event), 'token_create', { token_id: created.id, label });
		return { token: { created: created.token, label } };
	},
	revoke: async (event) => {
		const user = requireUser(event, 'account.manage');
		const id = Number(field(await event.request.formData(), 'id'));
		const db = getDb();
		const token = listTokens(db, user.id).find((t) => t.id === id);
		if (!token || !revokeToken(db, user.id, id, new Date().toISOString())) return fail(404, { revoke: { error: 'account.token_not_found' as MessageKey } });
		audit(db, actorOf(event), 'token_revoke', { token_id: id, label: token.label });
		return { revoke: { label: token.label } };
	}
};
