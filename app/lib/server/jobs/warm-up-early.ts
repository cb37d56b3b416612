/**
 * The cache warm-up's thread started by `vigie serve` before anything else is loaded. The
 * dashboard (warm-up.ts, in the hooks' start-up) takes the thread over, with the run the command
 * asked for and every message that run sent meanwhile.
 *
 * Why: the command's code takes about half a second to load, the dashboard's a quarter more, and
 * the warm-up's thread about as long to load its own before it computes the overview. Started
 * from the hooks, the thread began once both had loaded, and the first reader of `/` after a
 * start waited for the three in turn. Started first (bin/vigie.js loads this module alone, built
 * as build/node/warm-up-early.js), the thread loads its code while the command loads, migrates
 * and loads the demo data, and computes while the dashboard loads.
 *
 * bin/vigie.js, the command's bundle and the dashboard's bundle each have their own copy of this
 * module: they meet in one slot of the process's global object, under a registered symbol. So
 * that bin/vigie.js loads little, it imports nothing heavy (no database: the thread opens its own
 * at its first run).
 */
import { Worker } from 'node:worker_threads';
import { workerEntry } from './worker-entry';
import type { WarmUpMessage, WarmUpRequest } from './warm-up-worker';

/** The run asked for before the dashboard loaded. */
export interface EarlyRun {
	id: number;
	/** `performance.now()` when it was asked for (the dashboard reports the run's time from then). */
	startedAt: number;
	/** Whether the database is still as it was when the run was asked for (no commit since, from any connection). */
	unchanged: () => boolean;
	/** Lets go of what `unchanged` reads (a connection), once the dashboard has asked. */
	release: () => void;
}

export interface EarlyWarmUp {
	worker: Worker;
	run: EarlyRun | null;
	/** Asks for run 1 of the database at `path` as it is now; `check.unchanged` says later whether it still is. */
	start: (path: string, check: Pick<EarlyRun, 'unchanged' | 'release'>) => void;
	/** Takes the thread's messages from now on; gives back those it sent before. */
	take: (deliver: (m: WarmUpMessage) => void) => WarmUpMessage[];
	/** Whether the thread still runs (one that failed to start is not taken over). */
	alive: () => boolean;
}

const SLOT = Symbol.for('vigie.warm-up.early');
type Slot = { [SLOT]?: EarlyWarmUp };
const slot = globalThis as Slot;

/** The warm-up is on unless VIGIE_WARM_UP=0. */
export const warmUpEnabled = (env: NodeJS.ProcessEnv = process.env) => env.VIGIE_WARM_UP !== '0';

/**
 * Starts the warm-up's thread, idle until `startEarlyRun`: it loads its code meanwhile. Nothing
 * when the warm-up is off or a thread was started already (bin/vigie.js, then the command).
 */
export function prestartWarmUp(env: NodeJS.ProcessEnv = process.env): void {
	if (!warmUpEnabled(env) || slot[SLOT]) return;
	const worker = new Worker(workerEntry('warm-up-worker'));
	// As warm-up.ts's own: never what keeps a process alive.
	worker.unref();
	const received: WarmUpMessage[] = [];
	let deliver: ((m: WarmUpMessage) => void) | null = null;
	worker.on('message', (m: WarmUpMessage) => (deliver ? deliver(m) : received.push(m)));
	// Until the dashboard takes it over: warm-up.ts reports its errors after that.
	const onError = (err: Error) => process.stderr.write(`cache warm-up: ${err.message}\n`);
	worker.on('error', onError);
	let exited = false;
	worker.once('exit', () => (exited = true));
	const early: EarlyWarmUp = {
		worker,
		run: null,
		start: (path, check) => {
			if (early.run) return;
			early.run = { id: 1, startedAt: performance.now(), ...check };
			worker.postMessage({ type: 'run', run: 1, path } satisfies WarmUpRequest);
		},
		take: (d) => {
			deliver = d;
			worker.off('error', onError);
			return received.splice(0);
		},
		alive: () => !exited
	};
	slot[SLOT] = early;
}

/**
 * Asks the thread `prestartWarmUp` started to compute the database at `path` as it is now. False
 * when there is no such thread (the caller keeps what `check` would have released).
 */
export function startEarlyRun(path: string, check: Pick<EarlyRun, 'unchanged' | 'release'>): boolean {
	const early = slot[SLOT];
	if (!early || early.run) return false;
	early.start(path, check);
	return true;
}

/** The thread started before the dashboard loaded, handed over once (null when there is none). */
export function takeEarlyWarmUp(): EarlyWarmUp | null {
	const early = slot[SLOT] ?? null;
	delete slot[SLOT];
	return early;
}
