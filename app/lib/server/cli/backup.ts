import { parseArgs } from 'node:util';
import { defaultDbPath } from '../../../../db/connection';
import { backupDatabase, BackupError } from '../../../../db/backup';
import { restoreDatabase, RestoreRefused } from '../../../../db/restore';
import type { DatabaseSummary } from '../../../../db/summary';
import { formatBytes } from '../../format';
import { formatNumber, isMessageKey, t, tn, type Locale, type MessageKey } from '../../i18n';
import { cliActor } from '../auth/audit-log';
import { localeFrom, UsageError } from './usage';

/** The summary's lines: per data kind, then accounts and the audit log. */
export function summaryLines(locale: Locale, s: DatabaseSummary): string[] {
	const kinds = Object.entries(s.datasets).map(([kind, k]) => {
		const label = isMessageKey(`datasets.kind.${kind}`) ? t(locale, `datasets.kind.${kind}` as MessageKey) : kind;
		return `  ${t(locale, 'backup.kind_line', { kind: label, datasets: tn(locale, 'count.datasets', k.datasets), rows: tn(locale, 'count.rows', k.rows) })}`;
	});
	const lines = kinds.length ? kinds : [`  ${t(locale, 'backup.no_data')}`];
	lines.push(`  ${tn(locale, 'count.accounts', s.accounts)}, ${tn(locale, 'count.audit_entries', s.audit_entries)}`);
	if (s.unfinished_loads) lines.push(`  ${tn(locale, 'count.unfinished_loads', s.unfinished_loads)}`);
	return lines;
}

/** Message parameters with numbers written in the reader's language. */
const localized = (locale: Locale, params: Record<string, string | number>) =>
	Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === 'number' ? formatNumber(locale, v) : v]));

function options(args: string[]) {
	const { values, positionals } = parseArgs({ args, allowPositionals: true,
		options: { format: { type: 'string', default: 'text' }, lang: { type: 'string' }, force: { type: 'boolean' }, wait: { type: 'string' } } });
	if (values.format !== 'text' && values.format !== 'json') throw new UsageError('--format must be text or json');
	return { values, positionals, locale: localeFrom(values.lang), json: values.format === 'json' };
}

function refuse(locale: Locale, json: boolean, code: string, message: string): number {
	if (json) process.stdout.write(JSON.stringify({ ok: false, error: { code, message } }, null, 2) + '\n');
	else process.stderr.write(message + '\n');
	return 1;
}

/** `vigie backup FILE [--force] [--format text|json]`: an online backup of the database (db/backup.ts). */
export async function runBackup(args: string[]): Promise<number> {
	const { values, positionals, locale, json } = options(args);
	if (positionals.length !== 1) throw new UsageError('backup takes exactly one file');
	if (values.wait !== undefined) throw new UsageError('--wait is an option of restore');
	try {
		const r = await backupDatabase(defaultDbPath(), positionals[0]!, { force: Boolean(values.force) });
		if (json) process.stdout.write(JSON.stringify({ ok: true, ...r }, null, 2) + '\n');
		else {
			process.stdout.write(t(locale, 'backup.wrote', { file: r.file, size: formatBytes(locale, r.bytes), version: r.schema_version }) + '\n');
			process.stdout.write(summaryLines(locale, r).join('\n') + '\n');
		}
		return 0;
	} catch (err) {
		if (!(err instanceof BackupError)) throw err;
		return refuse(locale, json, err.code, t(locale, `backup.error.${err.code}`, err.params));
	}
}

/** `vigie restore FILE [--wait SECONDS] [--format text|json]`: the database replaced by a backup (db/restore.ts). */
export async function runRestore(args: string[]): Promise<number> {
	const { values, positionals, locale, json } = options(args);
	if (positionals.length !== 1) throw new UsageError('restore takes exactly one file');
	if (values.force) throw new UsageError('--force is an option of backup (a restore always replaces the database)');
	const wait = values.wait === undefined ? 5 : Number(values.wait);
	if (!Number.isFinite(wait) || wait < 0) throw new UsageError(`--wait must be a number of seconds, not "${String(values.wait)}"`);
	try {
		const r = await restoreDatabase(positionals[0]!, defaultDbPath(), { waitMs: wait * 1000, actor: cliActor().name });
		if (json) {
			process.stdout.write(JSON.stringify({ ok: true, ...r }, null, 2) + '\n');
			return 0;
		}
		const out = [t(locale, 'restore.done', { file: r.file, database: r.database, version: r.schema_version }), ...summaryLines(locale, r.summary)];
		if (r.from_version !== r.schema_version) out.push(t(locale, 'restore.migrated', { from: r.from_version, to: r.schema_version }));
		if (r.removed_unfinished) out.push(tn(locale, 'count.removed_unfinished', r.removed_unfinished));
		out.push(t(locale, 'restore.signed_out'), t(locale, 'restore.server'));
		process.stdout.write(out.join('\n') + '\n');
		return 0;
	} catch (err) {
		if (!(err instanceof RestoreRefused)) throw err;
		return refuse(locale, json, err.code, t(locale, `restore.refused.${err.code}`, localized(locale, err.params)));
	}
}
