import { describe, expect, test } from 'vitest';
import { ACTIONS, allows, can, losesRights, type Action } from '../../../app/lib/server/auth/permissions';

/** The roles' rights as docs/operations.md lists them, one row per action: [viewer, analyst, admin]. */
const TABLE: Record<Action, [boolean, boolean, boolean]> = {
	'dashboard.read': [true, true, true],
	'partners.contacts': [true, true, true],
	'account.manage': [true, true, true],
	'estimates.unsuppressed': [false, true, false],
	'microdata.read': [false, true, false],
	'datasets.upload': [false, true, false],
	'datasets.delete': [false, true, false],
	'catalog.edit': [false, true, false],
	'rules.edit': [false, true, false],
	'users.manage': [false, false, true],
	'settings.edit': [false, false, true],
	'audit.read': [false, false, true],
	'database.backup': [false, false, true]
};

describe('can(role, action)', () => {
	test('the table covers every action', () => {
		expect(Object.keys(TABLE).sort()).toEqual([...ACTIONS].sort());
	});

	test.each(ACTIONS.flatMap((a) => (['viewer', 'analyst', 'admin'] as const).map((role, i) => ({ role, action: a, expected: TABLE[a][i]! }))))(
		'$role may $action: $expected',
		({ role, action, expected }) => {
			expect(can(role, action)).toBe(expected);
		}
	);

	test.each(ACTIONS)('no role (anonymous, private dashboard) may %s', (action) => {
		expect(can(null, action)).toBe(false);
	});
});

describe('allows(locals, action)', () => {
	const anonymousPublic = { role: 'viewer' as const, user: null };
	test.each(ACTIONS)('an anonymous reader of a public dashboard may only read it: %s', (action) => {
		expect(allows(anonymousPublic, action)).toBe(action === 'dashboard.read');
	});
});

describe('losesRights(from, to): which role changes take a right away (and so revoke API tokens)', () => {
	const roles = ['viewer', 'analyst', 'admin'] as const;
	test.each(roles.flatMap((from) => roles.map((to) => ({ from, to }))))('$from → $to', ({ from, to }) => {
		const lost = ACTIONS.filter((a) => TABLE[a][roles.indexOf(from)] && !TABLE[a][roles.indexOf(to)]);
		expect(losesRights(from, to)).toBe(lost.length > 0);
	});

	test('only a move from viewer keeps every right', () => {
		expect(losesRights('viewer', 'analyst')).toBe(false);
		expect(losesRights('viewer', 'admin')).toBe(false);
		expect(losesRights('analyst', 'admin')).toBe(true);
		expect(losesRights('admin', 'analyst')).toBe(true);
	});
});
