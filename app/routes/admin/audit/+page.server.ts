import type { PageServerLoad } from './$types';
import { AUDIT_ACTIONS, isAuditAction, listAudit } from '$db/audit-log';
import { formatDateTime } from '$lib/format';
import { getDb } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guard';

const PAGE_SIZE = 100;

/** /admin/audit?action=…&before=ID: the audit log, newest first, a hundred entries a page. */
export const load: PageServerLoad = (event) => {
	requireUser(event, 'audit.read');
	const q = event.url.searchParams;
	const action = isAuditAction(q.get('action')) ? (q.get('action') as (typeof AUDIT_ACTIONS)[number]) : undefined;
	const before = Number(q.get('before'));
	const entries = listAudit(getDb(), { limit: PAGE_SIZE + 1, action, before: Number.isInteger(before) && before > 0 ? before : undefined });
	const page = entries.slice(0, PAGE_SIZE);
	return {
		actions: AUDIT_ACTIONS,
		action: action ?? null,
		paged: q.has('before'),
		older: entries.length > PAGE_SIZE ? page.at(-1)!.id : null,
		entries: page.map((e) => ({
			id: e.id, at: formatDateTime(event.locals.locale, e.at), actor: e.actor, action: e.action, ip: e.ip,
			// Shown as text "key: value"; values come from forms and files, so the page escapes them like any text.
			details: Object.entries(e.details).map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
		}))
	};
};
