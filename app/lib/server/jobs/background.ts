/**
 * What the server starts beside its requests: the cache warm-up (warm-up.ts), then, once the
 * cache is warm, the PNG workers (png-in-worker.ts), whose start would otherwise take a little CPU
 * from the first pages. Without the warm-up (VIGIE_WARM_UP=0) the first export starts them.
 */
import type { Db } from '../../../../db/connection';
import { warmPngWorkers } from './png-in-worker';
import { afterCacheWarm, keepCacheWarm } from './warm-up';
import { warmUpEnabled } from './warm-up-early';

export function startBackgroundWork(db: Db, env: NodeJS.ProcessEnv = process.env): void {
	if (!warmUpEnabled(env)) return;
	keepCacheWarm(db);
	afterCacheWarm(warmPngWorkers);
}
