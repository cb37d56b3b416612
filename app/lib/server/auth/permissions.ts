import type { Role } from '../../../../db/users';

export type { Role };

/**
 * What each role may do: viewers read dashboards (and so may anonymous visitors
 * when the dashboard is public); analysts also upload, delete, edit the catalog and see
 * unsuppressed values and microdata; admins also manage users and settings. Admins are not
 * analysts: microdata about victims, some of them minors, is for analysts only, so an
 * admin who also analyses has a second, analyst account.
 */
export const PERMISSIONS = {
	'dashboard.read': ['viewer', 'analyst', 'admin'],
	/**
	 * The partners directory's personal contact details (a named person, a direct phone or
	 * e-mail): every account, never an anonymous reader, even of a public dashboard.
	 */
	'partners.contacts': ['viewer', 'analyst', 'admin'],
	/** Change one's own password, manage one's own API tokens. */
	'account.manage': ['viewer', 'analyst', 'admin'],
	/** Suppressed estimates (marked "not for publication"), dataset mappings, rows, error reports' values. */
	'estimates.unsuppressed': ['analyst'],
	'microdata.read': ['analyst'],
	'datasets.upload': ['analyst'],
	'datasets.delete': ['analyst'],
	'catalog.edit': ['analyst'],
	/** Reliability and disclosure thresholds: a statistical decision, so the analysts'. */
	'rules.edit': ['analyst'],
	'users.manage': ['admin'],
	'settings.edit': ['admin'],
	'audit.read': ['admin'],
	/**
	 * Download a backup of the whole database: the operator's role. The file holds microdata that
	 * admins otherwise never see (see above): the audit log records every download.
	 */
	'database.backup': ['admin']
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof PERMISSIONS;

export const ACTIONS = Object.keys(PERMISSIONS) as Action[];

/** Whether `role` (null: an anonymous visitor of a private dashboard) may do `action`. */
export function can(role: Role | null, action: Action): boolean {
	return role !== null && (PERMISSIONS[action] as readonly Role[]).includes(role);
}

/**
 * Whether a visitor may do `action`: their role allows it and, except for reading the dashboards,
 * they are signed in (an anonymous reader of a public dashboard has the viewer's role for reading only).
 */
export function allows(visitor: { role: Role | null; user: object | null }, action: Action): boolean {
	return can(visitor.role, action) && (visitor.user !== null || action === 'dashboard.read');
}

/**
 * Whether moving an account from `from` to `to` takes away something it could do. Roles are not a
 * ladder (an analyst may upload, an admin may not), so any move but one from viewer does.
 */
export function losesRights(from: Role, to: Role): boolean {
	return ACTIONS.some((a) => can(from, a) && !can(to, a));
}
