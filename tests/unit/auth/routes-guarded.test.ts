/**
 * A route that forgets its permission check is found here, before a test or a user finds it:
 * every server module under app/routes calls the guard (requirePermission or requireUser), except
 * the pages anyone must reach to sign in or set up; and every page has a server module (a page
 * without one would render with no check).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';

const ROUTES = 'app/routes';
/** Open by design: signing in, signing out, first-run setup (hooks.server.ts lets only these through). */
const OPEN = new Set(['login/+page.server.ts', 'logout/+server.ts', 'setup/+page.server.ts']);

function files(dir: string): string[] {
	return readdirSync(dir).flatMap((f) => {
		const p = join(dir, f);
		return statSync(p).isDirectory() ? files(p) : [relative(ROUTES, p)];
	});
}

/**
 * The guard, called with the route's permission, or the dashboard's request reader (readRequest,
 * and loadView through it), whose first statement is the guard for `dashboard.read` (checked below).
 */
const GUARD = /\brequire(Permission|User)\(event, '[a-z]+\.[a-z]+'\)|\b(readRequest|loadView)\(event, /;

const all = files(ROUTES);
const serverModules = all.filter((f) => /(^|\/)\+(page\.server|server)\.ts$/.test(f));

describe('every route checks its permission on the server', () => {
	test('there are routes to check', () => {
		expect(serverModules.length).toBeGreaterThan(10);
	});

	test.each(serverModules.filter((f) => !OPEN.has(f)))('%s calls the guard', (file) => {
		const src = readFileSync(join(ROUTES, file), 'utf8');
		// A re-export (api/indicators.csv) inherits its module's check.
		if (/^export \{ \w+ \} from '\.\.\/[^']+\/\+server';?\s*$/m.test(src.replace(/^\/\/.*$/gm, '').trim())) return;
		expect(src).toMatch(GUARD);
		// A rough count (the HTTP matrix checks the behaviour): one call per exported handler, and
		// at least one more when there are form actions (they may share a helper that calls it).
		const handlers = (src.match(/^export const (GET|POST|PUT|PATCH|DELETE|load)\b/gm) ?? []).length;
		const hasActions = /^export const actions\b/m.test(src);
		const calls = (src.match(new RegExp(GUARD.source, 'g')) ?? []).length;
		expect(calls).toBeGreaterThanOrEqual(handlers + (hasActions ? 1 : 0));
	});

	test("the dashboard's request reader checks dashboard.read before anything else, and loadView reads through it", () => {
		const src = readFileSync('app/lib/server/request/load.ts', 'utf8');
		const body = (name: string) => src.slice(src.indexOf(`export function ${name}`)).split('\n').slice(1, 3).join('\n');
		expect(body('readRequest')).toMatch(/^\s*requirePermission\(event, 'dashboard\.read'\);/);
		expect(body('loadView')).toMatch(/^\s*const \{ q, reader \} = readRequest\(event, /);
	});

	test.each(all.filter((f) => f.endsWith('+page.svelte')))('%s has a server module that checks', (page) => {
		expect(all).toContain(page.replace('+page.svelte', '+page.server.ts'));
	});
});
