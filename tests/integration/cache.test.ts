/**
 * The server's one cache (app/lib/server/cache/cache.ts) on a real database: entries keyed by
 * parameters, language and audience; bounded in entries and bytes; everything computed goes when
 * the data changes (a wave loaded or deleted); frames go only with their dataset.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDb } from '../helpers/temp-db';
import { smallSurvey } from '../http/fixtures';
import { getDataset } from '../../db/datasets';
import { setSetting } from '../../db/settings';
import { cached, cachedAsync, cachedFrame, cacheStats, clearCache, dataVersion, setCacheLimits, type CacheKey } from '../../app/lib/server/cache/cache';
import { approximateBytes } from '../../app/lib/server/cache/bytes';
import { ingestSurvey, removeDataset } from '../../app/lib/server/ingestion/ingest';

let env: ReturnType<typeof tempDb>;
beforeAll(() => (env = tempDb()));
afterAll(() => env.cleanup());
afterEach(() => setCacheLimits({ entries: 4000, bytes: 256 * 1024 * 1024 }));

const key = (params: unknown, patch: Partial<CacheKey> = {}): CacheKey => ({ kind: 'test', params, locale: 'fr', audience: 'public', ...patch });
let computed = 0;
const value = (label: string) => () => ((computed += 1), { label, at: computed });

let size = 60;
async function loadWave(wave: string): Promise<number> {
	const path = join(env.dir, `${wave}.csv`);
	// Another size each time: the same file twice is refused as a duplicate.
	writeFileSync(path, smallSurvey((size += 4)));
	const r = await ingestSurvey(env.db, path, { wave });
	if (!r.ok) throw new Error(JSON.stringify(r.errors));
	return r.dataset_id!;
}

describe('keys', () => {
	test('the same parameters, language and audience get the kept value; any of them different is another entry', () => {
		clearCache();
		const a = cached(env.db, key(['2024']), value('a'));
		expect(cached(env.db, key(['2024']), value('again'))).toBe(a);
		const others = [key(['2023']), key(['2024'], { locale: 'en' }), key(['2024'], { audience: 'unsuppressed' }), key(['2024'], { kind: 'other' })];
		for (const k of others) expect(cached(env.db, k, value('other'))).not.toBe(a);
		expect(cacheStats().entries).toBe(5);
	});

	test('a value computed while readers wait is computed once; one that may not be kept is computed for each reader', async () => {
		clearCache();
		let renders = 0;
		const render = async () => ((renders += 1), await new Promise((ok) => setTimeout(ok, 20)), { ok: true });
		const opts = { keep: (v: { ok: boolean }) => v.ok, bytes: () => 100 };
		const [one, two] = await Promise.all([cachedAsync(env.db, key(['page']), render, opts), cachedAsync(env.db, key(['page']), render, opts)]);
		expect(renders).toBe(1);
		expect([one.fresh, two.fresh]).toEqual([true, false]);
		const refused = { keep: () => false, bytes: () => 0 };
		await Promise.all([cachedAsync(env.db, key(['refused']), render, refused), cachedAsync(env.db, key(['refused']), render, refused)]);
		expect(renders).toBe(3);
	});
});

describe('limits', () => {
	test('past the number of entries, the least recently used goes', () => {
		setCacheLimits({ entries: 3 });
		const first = cached(env.db, key([1]), value('1'));
		cached(env.db, key([2]), value('2'));
		cached(env.db, key([3]), value('3'));
		cached(env.db, key([1]), value('1 again')); // used: now the most recent
		cached(env.db, key([4]), value('4'));
		expect(cacheStats().entries).toBe(3);
		expect(cached(env.db, key([1]), value('1 recomputed'))).toBe(first);
		const before = computed;
		cached(env.db, key([2]), value('2 recomputed'));
		expect(computed).toBe(before + 1);
	});

	test('past the bytes allowed, entries go until the rest fits; the bytes counted follow the values\' size', () => {
		const big = () => ({ text: 'x'.repeat(50_000) });
		expect(approximateBytes(big())).toBeGreaterThan(100_000);
		setCacheLimits({ bytes: 450_000 });
		for (let i = 0; i < 10; i++) cached(env.db, key(['big', i]), big);
		const { entries, bytes } = cacheStats();
		expect(entries).toBeLessThan(5);
		expect(entries).toBeGreaterThan(0);
		expect(bytes).toBeLessThanOrEqual(450_000);
	});
});

describe('one invalidation rule: a change of the data empties the cache', () => {
	test('a wave loaded, then deleted: each time, what was kept is computed again', async () => {
		clearCache();
		const id = await loadWave('2030');
		const before = cached(env.db, key(['waves']), value('before'));
		expect(cached(env.db, key(['waves']), value('same'))).toBe(before);
		const other = await loadWave('2031');
		const afterLoad = cached(env.db, key(['waves']), value('after load'));
		expect(afterLoad).not.toBe(before);
		removeDataset(env.db, other);
		expect(cached(env.db, key(['waves']), value('after deletion'))).not.toBe(afterLoad);
		expect(getDataset(env.db, id)).toBeDefined();
	});

	test('a value computed while the data changed is not kept under the new version', () => {
		clearCache();
		const v = cached(env.db, key(['racing']), () => {
			setSetting(env.db, 'cache_test', Math.random(), 'test');
			return { label: 'computed across a write' };
		});
		expect(cached(env.db, key(['racing']), value('next'))).not.toBe(v);
	});

	test('frames stay across unrelated changes and go with their dataset', async () => {
		clearCache();
		const id = await loadWave('2032');
		const ds = getDataset(env.db, id)!;
		const frame = cachedFrame(env.db, ds, 'weights', () => ({ weight: new Float64Array(60) }));
		setSetting(env.db, 'cache_test', 'x', 'test');
		const version = dataVersion(env.db);
		expect(cachedFrame(env.db, ds, 'weights', () => ({ weight: new Float64Array(1) }))).toBe(frame);
		expect(cacheStats().frames).toBe(1);
		removeDataset(env.db, id);
		expect(dataVersion(env.db)).not.toBe(version);
		cached(env.db, key(['anything']), value('x')); // any read after the change prunes the frames
		expect(cacheStats().frames).toBe(0);
	});
});

describe('bookkeeping is not a change of the data', () => {
	test('signing in and out, failed sign-ins and audit entries keep the cached pages; a setting empties them', { timeout: 20_000 }, async () => {
		const { createSession, endSession } = await import('../../app/lib/server/auth/sessions');
		const { audit } = await import('../../app/lib/server/auth/audit-log');
		const { recordFailure, clearAccountFailures } = await import('../../app/lib/server/auth/lockout');
		const { insertUser } = await import('../../db/users');
		const local = tempDb();
		try {
			const { signIn } = await import('../../app/lib/server/auth/accounts');
			const { hashPassword } = await import('../../app/lib/server/auth/password');
			const passwordHash = await hashPassword('a long enough password');
			const user = { id: insertUser(local.db, { email: 'reader@example.org', role: 'viewer', passwordHash, now: new Date().toISOString() }) };
			const key: CacheKey = { kind: 'bookkeeping-test', params: [], locale: null, audience: 'public' };
			let computed = 0;
			const read = () => cached(local.db, key, () => ++computed);
			read();
			const before = dataVersion(local.db);
			const signed = await signIn(local.db, 'reader@example.org', 'a long enough password', '192.0.2.1');
			expect(signed.ok).toBe(true);
			read();
			expect(computed).toBe(1);
			const session = createSession(local.db, user.id);
			audit(local.db, { name: 'reader@example.org', userId: user.id, ip: '192.0.2.1' }, 'login');
			recordFailure(local.db, 'reader@example.org', '192.0.2.1');
			clearAccountFailures(local.db, 'reader@example.org');
			endSession(local.db, session.id);
			expect(dataVersion(local.db)).toBe(before);
			read();
			expect(computed).toBe(1);
			setSetting(local.db, 'locale.default', 'en', 'test');
			expect(dataVersion(local.db)).not.toBe(before);
			read();
			expect(computed).toBe(2);
		} finally {
			local.cleanup();
		}
	});
});
