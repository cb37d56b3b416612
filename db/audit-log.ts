import type { Db } from './handle';

/** What the audit log records: sign-ins, uploads, deletions, settings, users, backups and restores. */
export const AUDIT_ACTIONS = [
	'setup', 'login', 'login_failed', 'login_locked', 'logout', 'password_change',
	'user_create', 'user_role', 'user_disable', 'user_enable', 'user_password', 'user_unlock', 'user_delete',
	'token_create', 'token_revoke',
	'dataset_upload', 'dataset_delete', 'catalog_add', 'catalog_remove', 'settings_change',
	'database_backup', 'database_restore'
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export function isAuditAction(x: unknown): x is AuditAction {
	return typeof x === 'string' && (AUDIT_ACTIONS as readonly string[]).includes(x);
}

export interface AuditEntry {
	id: number;
	at: string;
	actor: string;
	user_id: number | null;
	action: AuditAction;
	ip: string | null;
	details: Record<string, unknown>;
}

export type NewAuditEntry = Omit<AuditEntry, 'id' | 'at' | 'user_id' | 'ip'> & { at?: string; user_id?: number | null; ip?: string | null };

export function recordAudit(db: Db, e: NewAuditEntry): number {
	const info = db
		.prepare('INSERT INTO audit_log (at, actor, user_id, action, ip, details) VALUES (?, ?, ?, ?, ?, ?)')
		.run(e.at ?? new Date().toISOString(), e.actor, e.user_id ?? null, e.action, e.ip ?? null, JSON.stringify(e.details));
	return Number(info.lastInsertRowid);
}

/** Newest first: `limit` entries older than entry `before` (for paging), of one action if given. */
export function listAudit(db: Db, opts: { limit: number; before?: number; action?: AuditAction }): AuditEntry[] {
	const rows = db
		.prepare(
			`SELECT * FROM audit_log WHERE id < ? AND (? IS NULL OR action = ?) ORDER BY id DESC LIMIT ?`
		)
		.all(opts.before ?? Number.MAX_SAFE_INTEGER, opts.action ?? null, opts.action ?? null, opts.limit) as (Omit<AuditEntry, 'details'> & { details: string })[];
	return rows.map((r) => ({ ...r, details: JSON.parse(r.details) as Record<string, unknown> }));
}
