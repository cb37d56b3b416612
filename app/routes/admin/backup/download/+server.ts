import { error, type RequestHandler } from '@sveltejs/kit';
import { defaultDbPath } from '$db/connection';
import { getDb } from '$lib/server/db';
import { actorOf, requireUser } from '$lib/server/auth/guard';
import { auditSoon } from '$lib/server/auth/audit-log';
import { backupFileName, freshBackup } from '$lib/server/jobs/backup-download';
import { t } from '$lib/i18n';

/**
 * POST /admin/backup/download: a backup of the whole database taken now, as a file to save
 * (`vigie-backup-<UTC time>.db`). A POST, from the backup page's form: each one takes a backup
 * and writes an audit entry, which a GET (a link followed, a page prefetched) should not.
 */
export const POST: RequestHandler = async (event) => {
	requireUser(event, 'database.backup');
	let backup: Awaited<ReturnType<typeof freshBackup>>;
	try {
		backup = await freshBackup(defaultDbPath());
	} catch (err) {
		error(503, { message: t(event.locals.locale, 'backup.failed', { detail: (err as Error).message }) });
	}
	const name = backupFileName(new Date());
	auditSoon(getDb(), actorOf(event), 'database_backup', { file_name: name, bytes: backup.summary.bytes, schema_version: backup.summary.schema_version });
	return new Response(backup.stream, {
		headers: {
			'content-type': 'application/vnd.sqlite3',
			'content-length': String(backup.summary.bytes),
			'content-disposition': `attachment; filename="${name}"`,
			'cache-control': 'private, no-store'
		}
	});
};
