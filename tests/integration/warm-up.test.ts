/**
 * The cache warm-up (jobs/warm-up.ts) run as the server runs it, from the TypeScript sources: its
 * worker thread computes the default views from the demo survey and the server's thread keeps
 * them. A request for a page being warmed waits for the warm-up's value instead of computing it,
 * and gets what the page would have computed; values computed across a change of the data are
 * dropped; the PNG renderer is started only once the cache is warm; after a change, a reader's
 * page starts a run at once, in the same thread, and is computed first.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { tempDb } from '../helpers/temp-db';
import { ensureDemoData } from '../../app/lib/server/ingestion/demo';
import { clearCache } from '../../app/lib/server/cache/cache';
import { viewFor, type Reader } from '../../app/lib/server/request/load';
import { COMPARE, OVERVIEW, PORTRAIT } from '../../app/lib/server/views/page-views';
import { compareQuery, overviewQuery, portraitQuery } from '../../app/lib/server/request/queries';
import { defaultLocale, setDefaultLocale } from '../../app/lib/server/settings/locale';
import { cliActor } from '../../app/lib/server/auth/audit-log';
import { warmCache, warmedPage, warmUpThreadId } from '../../app/lib/server/jobs/warm-up';
import { startBackgroundWork } from '../../app/lib/server/jobs/background';
import { PNG_WORKERS, pngWorkersStarted, stopPngWorkers } from '../../app/lib/server/jobs/png-in-worker';
import type { Db } from '../../db/connection';

let env: ReturnType<typeof tempDb>;
let db: Db;

beforeAll(async () => {
	env = tempDb();
	await ensureDemoData(env.db, env.path, 'survey');
	env.db.close();
	// The server's connection (getDb), which the hooks' start-up warms.
	process.env.VIGIE_DB = env.path;
	db = (await import('../../app/lib/server/db')).getDb();
	clearCache();
}, 120_000);

afterAll(async () => {
	await stopPngWorkers();
	db.close();
	env.cleanup();
});

const viewer = (locale: 'fr' | 'en'): Reader => ({ locale, suppress: true, unsuppressed: false, canUnsuppress: false });
const overviewQ = () => overviewQuery.parse({});
/** The view as kept in the cache: a compute that fails if the cache does not have it. */
const keptOverview = (locale: 'fr' | 'en') =>
	viewFor({ ...OVERVIEW, compute: () => { throw new Error('computed on the server thread'); } }, overviewQ(), viewer(locale), db);

describe('cache warm-up in a worker thread', () => {
	test('values computed while the data changed are not kept', async () => {
		const locale = defaultLocale(db);
		const run = warmCache(db);
		// A settings change right after the worker started: it reads the data after the change.
		setDefaultLocale(db, locale === 'fr' ? 'en' : 'fr', cliActor());
		setDefaultLocale(db, locale, cliActor());
		await run;
		expect(() => keptOverview(locale)).toThrow('computed on the server thread');
	}, 180_000);

	test('a request for a page being warmed waits for it and gets what the page computes; the PNG renderer starts after', async () => {
		const locale = defaultLocale(db);
		// What the server's hooks do as it starts.
		startBackgroundWork(db);
		// Nothing compiles the renderer while the first pages are computed.
		expect(pngWorkersStarted()).toBe(0);
		const overviewWait = warmedPage('/', locale);
		const portraitWait = warmedPage('/portrait/MN', locale);
		expect(overviewWait).not.toBeNull();
		expect(portraitWait).not.toBeNull();
		// A page with a query the warm-up does not plan, or a path it does not know, does not wait.
		expect(warmedPage('/portrait/XX', locale)).toBeNull();
		await overviewWait;
		const kept = keptOverview(locale);
		expect(kept).toStrictEqual(OVERVIEW.compute(db, overviewQ(), viewer(locale)));
		await portraitWait;
		const q = portraitQuery.parse({ borough: 'MN' });
		const portrait = viewFor({ ...PORTRAIT, compute: () => { throw new Error('computed on the server thread'); } }, q, viewer(locale), db);
		expect(portrait).toStrictEqual(PORTRAIT.compute(db, q, viewer(locale)));
		// The whole run, then the PNG workers once the server thread is idle.
		await warmCache(db);
		expect(warmedPage('/', locale)).toBeNull();
		await new Promise((ok) => setTimeout(ok, 50));
		expect(pngWorkersStarted()).toBe(PNG_WORKERS);
	}, 300_000);

	test('after a change of the data, a reader\'s page starts the warm-up at once and is computed ahead of its turn', async () => {
		const locale = defaultLocale(db);
		const other = locale === 'fr' ? 'en' : 'fr';
		await warmCache(db);
		// A change of the data, as another process's commit would be: no warm-up runs for it yet.
		setDefaultLocale(db, other, cliActor());
		setDefaultLocale(db, locale, cliActor());
		// The map in the second language is one of the last pages of the list; the comparison in the first comes well before it.
		const thread = warmUpThreadId();
		expect(thread).not.toBeNull();
		const late = warmedPage('/map', other);
		expect(late).not.toBeNull();
		// The thread of the earlier runs, its code loaded and compiled already.
		expect(warmUpThreadId()).toBe(thread);
		await late;
		const keptCompare = () => viewFor({ ...COMPARE, compute: () => { throw new Error('computed on the server thread'); } }, compareQuery.parse({}), viewer(locale), db);
		expect(keptCompare).toThrow('computed on the server thread');
		// The rest of the run follows in its order.
		await warmCache(db);
		expect(keptCompare()).toStrictEqual(COMPARE.compute(db, compareQuery.parse({}), viewer(locale)));
	}, 300_000);
});
