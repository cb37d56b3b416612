import type { PageServerLoad } from './$types';
import { summarizeDatabase } from '$db/summary';
import { formatBytes } from '$lib/format';
import { formatNumber } from '$lib/i18n';
import { getDb } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guard';

/** /admin/backup: what the database holds now, the download of a backup, and how to schedule and restore one. */
export const load: PageServerLoad = (event) => {
	requireUser(event, 'database.backup');
	const locale = event.locals.locale;
	const s = summarizeDatabase(getDb());
	return {
		size: formatBytes(locale, s.bytes),
		schemaVersion: s.schema_version,
		kinds: Object.entries(s.datasets).map(([kind, k]) => ({ kind, datasets: formatNumber(locale, k.datasets), rows: formatNumber(locale, k.rows) })),
		accounts: s.accounts,
		auditEntries: s.audit_entries
	};
};
