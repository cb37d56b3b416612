/**
 * PNG exports are rasterised in worker threads (png-worker.ts), not on the server's event loop:
 * drawing a map at 4× takes a few hundred milliseconds of CPU, during which no other page would
 * be answered. A small pool of PNG_WORKERS, started once the server's first pages are answered
 * and its cache is warm (hooks.server.ts), so that starting them takes nothing from those pages;
 * an export asked for before then starts them. Requests go to an idle worker, else to the least
 * busy. A worker that stops is replaced at the next request; the requests it held fail with an
 * error.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { PngBackground, PngScale } from '../../exports/png';
import { workerEntry } from './worker-entry';

export interface PngRequest { id: number; svg: string; scale: PngScale; background: PngBackground }
export type PngReply =
	| { type: 'png'; id: number; png: Uint8Array; width: number; height: number }
	| { type: 'error'; id: number; message: string };
export interface PngImage { png: Uint8Array; width: number; height: number }

/** Workers at most: one core stays for the pages (the server's own thread). */
export const PNG_WORKERS = Math.max(1, Math.min(2, availableParallelism() - 1));

interface Pending { ok: (image: PngImage) => void; fail: (err: Error) => void }
interface Slot { worker: Worker; pending: Map<number, Pending> }

const slots: Slot[] = [];
let nextId = 1;

function spawn(): Slot {
	const worker = new Worker(workerEntry('png-worker'));
	// Idle workers never keep a process alive (a command, a test run).
	worker.unref();
	const slot: Slot = { worker, pending: new Map() };
	const failAll = (err: Error) => {
		const i = slots.indexOf(slot);
		if (i >= 0) slots.splice(i, 1);
		for (const p of slot.pending.values()) p.fail(err);
		slot.pending.clear();
	};
	worker.on('message', (m: PngReply) => {
		const p = slot.pending.get(m.id);
		if (!p) return;
		slot.pending.delete(m.id);
		if (slot.pending.size === 0) worker.unref();
		if (m.type === 'png') p.ok({ png: m.png, width: m.width, height: m.height });
		else p.fail(new Error(`PNG rendering failed: ${m.message}`));
	});
	worker.on('error', (err) => failAll(err));
	worker.on('exit', (code) => failAll(new Error(`The PNG worker stopped (exit code ${code}) before it answered.`)));
	slots.push(slot);
	return slot;
}

/** The least busy worker (an idle one if any), the pool filled up first. */
function pick(): Slot {
	warmPngWorkers();
	return slots.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
}

/** Starts the pool's workers, which ready the renderer (the server calls it once it is idle). */
export function warmPngWorkers(): void {
	while (slots.length < PNG_WORKERS) spawn();
}

/** An SVG rasterised by a worker thread, as exports/png.ts's svgToPng would on this thread. */
export function renderPng(svg: string, opts: { scale: PngScale; background: PngBackground }): Promise<PngImage> {
	const slot = pick();
	const id = nextId++;
	return new Promise((ok, fail) => {
		slot.pending.set(id, { ok, fail });
		// A worker busy with a request keeps the process alive until it answers.
		slot.worker.ref();
		slot.worker.postMessage({ id, svg, scale: opts.scale, background: opts.background } satisfies PngRequest);
	});
}

/** Workers started (tests: none before the first page). */
export const pngWorkersStarted = (): number => slots.length;

/** Stops every worker (tests); requests in progress fail. */
export async function stopPngWorkers(): Promise<void> {
	await Promise.all(slots.splice(0).map((s) => s.worker.terminate()));
}
