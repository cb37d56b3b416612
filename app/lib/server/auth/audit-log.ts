import { userInfo } from 'node:os';
import type { Db } from '../../../../db/connection';
import { randomBytes } from 'node:crypto';
import { recordAudit, type AuditAction } from '../../../../db/audit-log';
import { bookkeeping, flushDeferredWrites, writeLater } from './deferred-writes';

/** Who does something: an account (e-mail and id), an anonymous visitor, or the command line. */
export interface Actor {
	name: string;
	userId: number | null;
	ip: string | null;
}

/** Records what someone did; the entry itself changes no dashboard page (what was done may: it counts on its own). */
export function audit(db: Db, actor: Actor, action: AuditAction, details: Record<string, unknown> = {}): void {
	bookkeeping(db, () => recordAudit(db, { actor: actor.name, user_id: actor.userId, ip: actor.ip, action, details }));
}

/**
 * The same entry, written without making the request wait for SQLite's write lock: now if the
 * lock is free, else at the next flush of the deferred writes (a few seconds, once an ingestion
 * that holds it commits). For what a reader may do while a load runs (download a backup).
 */
export function auditSoon(db: Db, actor: Actor, action: AuditAction, details: Record<string, unknown> = {}): void {
	const at = new Date().toISOString();
	writeLater(db, `audit:${randomBytes(8).toString('hex')}`, (w) => recordAudit(w, { at, actor: actor.name, user_id: actor.userId, ip: actor.ip, action, details }));
	flushDeferredWrites(db);
}

/** The command line's actor: `cli:USER` (whoever can run it can open the database anyway). */
export function cliActor(): Actor {
	let user = process.env.USER ?? process.env.USERNAME;
	try {
		user ??= userInfo().username;
	} catch {
		// No passwd entry for this uid (some containers).
	}
	return { name: `cli:${user ?? 'unknown'}`, userId: null, ip: null };
}
