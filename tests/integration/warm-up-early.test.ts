/**
 * The cache warm-up's thread started before the dashboard's code is loaded (jobs/warm-up-early.ts),
 * as `vigie serve` starts it: the dashboard's start-up (keepCacheWarm) takes over the thread and
 * the run it was asked for when the data have not changed since, values sent before included;
 * when they have, that run is dropped and the same thread computes the data as they are.
 * Each test loads the modules afresh: taking over happens once per process.
 */
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { tempDb } from '../helpers/temp-db';
import { ensureDemoData } from '../../app/lib/server/ingestion/demo';
import { openDb, type Db } from '../../db/connection';

let env: ReturnType<typeof tempDb>;
let db: Db;
let command: Db;

beforeEach(async () => {
	vi.resetModules();
	env = tempDb();
	await ensureDemoData(env.db, env.path, 'survey');
	env.db.close();
	db = openDb(env.path);
}, 120_000);

let stop: (() => Promise<void>) | null = null;

afterEach(async () => {
	await stop?.();
	db.close();
	if (command.open) command.close();
	env.cleanup();
});

/** The modules as a freshly started process has them. */
async function load() {
	const early = await import('../../app/lib/server/jobs/warm-up-early');
	const warmUp = await import('../../app/lib/server/jobs/warm-up');
	stop = warmUp.stopCacheWarm;
	const cache = await import('../../app/lib/server/cache/cache');
	const { viewFor } = await import('../../app/lib/server/request/load');
	const { OVERVIEW } = await import('../../app/lib/server/views/page-views');
	const { overviewQuery } = await import('../../app/lib/server/request/queries');
	const settings = await import('../../app/lib/server/settings/locale');
	const { cliActor } = await import('../../app/lib/server/auth/audit-log');
	const reader = (locale: 'fr' | 'en') => ({ locale, suppress: true, unsuppressed: false, canUnsuppress: false });
	/** The overview as kept in the cache: a compute that fails if the cache does not have it. */
	const kept = (locale: 'fr' | 'en') =>
		viewFor({ ...OVERVIEW, compute: () => { throw new Error('computed on the server thread'); } }, overviewQuery.parse({}), reader(locale), db);
	const computed = (locale: 'fr' | 'en') => OVERVIEW.compute(db, overviewQuery.parse({}), reader(locale));
	/** What `vigie serve` does: the thread first, then, its own writes done, the run, with the check on its connection. */
	const serve = () => {
		early.prestartWarmUp({});
		command = openDb(env.path);
		const version = cache.dataVersion(command);
		return early.startEarlyRun(env.path, { unchanged: () => cache.dataVersion(command) === version, release: () => command.close() });
	};
	return { early, warmUp, cache, settings, cliActor, kept, computed, serve };
}

test('the dashboard takes over the thread and its run: values it sent before are kept, a reader waits for the rest, no second run', async () => {
	const m = await load();
	expect(m.serve()).toBe(true);
	const worker = (globalThis as Record<symbol, { worker: { threadId: number } } | undefined>)[Symbol.for('vigie.warm-up.early')]!.worker;
	const locale = m.settings.defaultLocale(db);
	// The thread computes while the dashboard would load; its first messages wait for the dashboard.
	await new Promise((ok) => setTimeout(ok, 3000));
	m.warmUp.keepCacheWarm(db);
	expect(m.warmUp.warmUpThreadId()).toBe(worker.threadId);
	expect(m.warmUp.warmUpRunCount()).toBe(1);
	// The command's connection served the check and is closed.
	expect(command.open).toBe(false);
	await m.warmUp.warmedPage('/', locale);
	expect(m.kept(locale)).toStrictEqual(m.computed(locale));
	await m.warmUp.warmCache(db);
	expect(m.warmUp.warmUpRunCount()).toBe(1);
	expect(m.warmUp.warmUpThreadId()).toBe(worker.threadId);
}, 300_000);

test('when the data changed after the run was asked for, its values are not kept: the same thread computes the data as they are', async () => {
	const m = await load();
	expect(m.serve()).toBe(true);
	const worker = (globalThis as Record<symbol, { worker: { threadId: number } } | undefined>)[Symbol.for('vigie.warm-up.early')]!.worker;
	const locale = m.settings.defaultLocale(db);
	const other = locale === 'fr' ? 'en' : 'fr';
	// A commit between the command's run and the dashboard's start (another process, a setting).
	m.settings.setDefaultLocale(db, other, m.cliActor());
	await new Promise((ok) => setTimeout(ok, 3000));
	m.warmUp.keepCacheWarm(db);
	expect(m.warmUp.warmUpThreadId()).toBe(worker.threadId);
	// Run 1 dropped, run 2 asked for the data as they are now.
	expect(m.warmUp.warmUpRunCount()).toBe(2);
	expect(command.open).toBe(false);
	await m.warmUp.warmCache(db);
	expect(m.warmUp.warmUpRunCount()).toBe(2);
	// The overview the default language now gives, computed by run 2; run 1's (the other language first) was not kept before it.
	expect(m.kept(other)).toStrictEqual(m.computed(other));
}, 300_000);
