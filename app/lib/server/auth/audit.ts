import { userInfo } from 'node:os';
import type { Db } from '../../../../db/connection';
import { recordAudit, type AuditAction } from '../../../../db/audit-log';

/** Who does something: an account (e-mail and id), an anonymous visitor, or the command line. */
export interface Actor {
	name: string;
	userId: number | null;
	ip: string | null;
}

export function audit(db: Db, actor: Actor, action: AuditAction, details: Record<string, unknown> = {}): void {
	recordAudit(db, { actor: actor.name, user_id: actor.userId, ip: actor.ip, action, details });
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
