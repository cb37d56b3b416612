/**
 * Dashboard pages under load (p99 under 250 ms with 50 concurrent viewers while an
 * ingestion runs), measured with autocannon against the real production server (`vigie serve`,
 * Express + the built handler) on a temporary database holding the demo survey.
 *
 * 50 connections, closed loop (each sends its next request when the last one answered), over the
 * five dashboard pages (home, overview, explorer, portraits, map) in French and English, as
 * anonymous visitors of a public dashboard and as a signed-in viewer (session cookie), in three
 * situations: nothing else running; a large survey file loaded by `vigie ingest` in another
 * process; the same file uploaded to the server by an analyst (POST /api/datasets), which loads it.
 * Each ingestion is started again (replacing its wave) until the measurement ends.
 */
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { createReadStream, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { startTestServer, type TestServer } from '../tests/helpers/server';
import { ADMIN, ANALYST, VIEWER, signIn } from '../tests/helpers/auth';

export const LOAD_PAGES = ['/', '/?wave=2023', '/explorer?borough=MN', '/portrait/MN', '/map', '/portrait/AC', '/explorer?borough=AC'];
const CONNECTIONS = 50;

export type Ingestion = 'none' | 'cli' | 'upload';
export type Viewer = 'anonymous' | 'viewer';

export interface LoadScenario {
	ingestion: Ingestion;
	viewer: Viewer;
	connections: number;
	seconds: number;
	requests: number;
	requests_per_s: number;
	p50_ms: number;
	p99_ms: number;
	max_ms: number;
	errors: number;
	non2xx: number;
	timeouts: number;
	/** Ingestions that ended during the measurement, and the share of the measurement one was running. */
	ingestions_finished: number;
	ingestion_cover: number;
	ingestion_ms: number[];
	ingestion_failures: string[];
	/** Per second of the measurement, the slowest answer (ms). */
	slowest_per_s: number[];
	/** Seconds (from the measurement's start) at which an ingestion started or ended. */
	ingestion_events: string[];
	/**
	 * The answers to requests sent while a load was under way (before it committed), and to those
	 * sent in the 10 s after a load ended (the pages computed again from the new data).
	 */
	during_load: Spread | null;
	after_commit: Spread | null;
}

export interface Spread { requests: number; p50_ms: number; p99_ms: number; max_ms: number }

function spread(ms: number[]): Spread | null {
	if (!ms.length) return null;
	ms.sort((a, b) => a - b);
	const q = (p: number) => Math.round(ms[Math.min(ms.length - 1, Math.floor(p * ms.length))]!);
	return { requests: ms.length, p50_ms: q(0.5), p99_ms: q(0.99), max_ms: q(1) };
}

/** Runs one load and another in a loop (the ingestion), and records when the loop's runs went. */
class Repeater {
	private stopped = false;
	private current: Promise<void> | null = null;
	readonly runs: { start: number; end: number | null; ok: boolean; detail: string }[] = [];
	constructor(private readonly once: () => Promise<{ ok: boolean; detail: string }>) {}
	start(): void {
		const loop = async () => {
			while (!this.stopped) {
				const run = { start: performance.now(), end: null as number | null, ok: false, detail: '' };
				this.runs.push(run);
				const r = await this.once().catch((err: Error) => ({ ok: false, detail: err.message }));
				run.end = performance.now();
				run.ok = r.ok;
				run.detail = r.detail;
			}
		};
		this.current = loop();
	}
	async stop(): Promise<void> {
		this.stopped = true;
		await this.current;
	}
	/** The phase of a request sent at `t`: during a load, in the 10 s after one ended, or neither. */
	phase(t: number): 'during' | 'after' | null {
		if (this.runs.some((r) => r.end !== null && t >= r.end && t < r.end + 10_000)) return 'after';
		if (this.runs.some((r) => t >= r.start && (r.end === null || t < r.end))) return 'during';
		return null;
	}
	/** Share of [from, to] covered by a run, runs finished inside it, and their durations. */
	cover(from: number, to: number) {
		let covered = 0;
		const finished: number[] = [];
		const failures: string[] = [];
		for (const r of this.runs) {
			const end = r.end ?? to;
			covered += Math.max(0, Math.min(end, to) - Math.max(r.start, from));
			if (r.end !== null && r.end <= to && r.end >= from) {
				finished.push(r.end - r.start);
				if (!r.ok) failures.push(r.detail.slice(0, 300));
			}
		}
		const events: string[] = [];
		for (const r of this.runs) {
			if (r.start >= from && r.start <= to) events.push(`start ${((r.start - from) / 1000).toFixed(1)} s`);
			if (r.end !== null && r.end >= from && r.end <= to) events.push(`end ${((r.end - from) / 1000).toFixed(1)} s`);
		}
		return { cover: covered / (to - from), finished, failures, events };
	}
}

/** `vigie ingest FILE` in a process of its own, against the server's database. */
function cliIngestion(server: TestServer, files: string[]): { repeater: Repeater; kill: () => void } {
	let child: ChildProcess | null = null, k = 0;
	const repeater = new Repeater(() => new Promise((ok) => {
		child = spawn(process.execPath, ['bin/vigie.js', 'ingest', files[k++ % files.length]!, '--kind', 'survey', '--wave', 'bench-cli', '--replace'],
			{ env: { ...process.env, VIGIE_DB: server.dbPath }, stdio: ['ignore', 'ignore', 'pipe'] });
		let err = '';
		child.stderr!.setEncoding('utf8').on('data', (s: string) => (err += s));
		child.on('close', (code) => ok({ ok: code === 0, detail: `exit ${code}: ${err}` }));
	}));
	return { repeater, kill: () => child?.kill('SIGTERM') };
}

/** The analyst's upload: the file as the body of POST /api/datasets, which loads it in the server. */
function uploadIngestion(server: TestServer, files: string[], cookie: string): Repeater {
	let k = 0;
	return new Repeater(async () => {
		const csv = files[k++ % files.length]!;
		const res = await fetch(`${server.url}/api/datasets?kind=survey&wave=bench-upload&replace=1&filename=bench.csv`, {
			method: 'POST', body: Readable.toWeb(createReadStream(csv)) as ReadableStream, duplex: 'half',
			headers: { cookie, origin: server.url, 'content-type': 'text/csv', 'content-length': String(statSync(csv).size) }
		} as RequestInit);
		const text = await res.text();
		return { ok: res.status === 201, detail: `HTTP ${res.status}: ${text}` };
	});
}

function requestsFor(cookie: string | null): autocannon.Request[] {
	const out: autocannon.Request[] = [];
	for (const lang of ['fr', 'en'])
		for (const path of LOAD_PAGES)
			out.push({ method: 'GET', path, headers: { accept: 'text/html', cookie: [cookie, `vigie_lang=${lang}`].filter(Boolean).join('; ') } });
	return out;
}

/**
 * The load, per second of it the slowest answer (ms), and every answer (when it was asked, on
 * performance.now()'s clock, and how long it took): when the slow answers came.
 */
async function cannon(server: TestServer, cookie: string | null, seconds: number): Promise<{ result: autocannon.Result; slowest: number[]; answers: [number, number][] }> {
	const t0 = performance.now();
	const slowest: number[] = [];
	const answers: [number, number][] = [];
	const result = await new Promise<autocannon.Result>((ok, fail) => {
		const instance = autocannon({ url: server.url, connections: CONNECTIONS, duration: seconds, timeout: 20, requests: requestsFor(cookie) },
			(err, r) => (err ? fail(err) : ok(r)));
		instance.on('response', (_client, _status, _bytes, ms) => {
			const s = Math.floor((performance.now() - t0) / 1000);
			slowest[s] = Math.max(slowest[s] ?? 0, Math.round(ms));
			answers.push([performance.now() - ms, ms]);
		});
	});
	return { result, slowest: Array.from(slowest, (v) => v ?? 0), answers };
}

export interface LoadOptions {
	seconds: number;
	/**
	 * Survey files loaded meanwhile (e.g. 200,000 rows × 50 replicate weights): two for `vigie
	 * ingest`, two for the upload, each with other rows (a file already loaded is refused), loaded in turn.
	 */
	files: { cli: string[]; upload: string[] };
	ingestions?: Ingestion[];
	viewers?: Viewer[];
	/** Options for the server's node (e.g. `--cpu-prof`). */
	nodeArgs?: string[];
	log?: (s: string) => void;
}

/**
 * The same 50 connections on GET /healthz (Express alone, one SQLite read): what this machine
 * allows at all, for reading the page figures on a shared or slow machine.
 */
export interface Ceiling { requests_per_s: number; p50_ms: number; p99_ms: number; max_ms: number }

export async function benchLoad(opts: LoadOptions): Promise<{ ceiling: Ceiling; scenarios: LoadScenario[] }> {
	const server = await startTestServer({ users: [ADMIN, ANALYST, VIEWER], nodeArgs: opts.nodeArgs });
	const log = opts.log ?? (() => {});
	try {
		const viewerCookie = await signIn(server, VIEWER);
		const analystCookie = await signIn(server, ANALYST);
		// Warm: every page rendered once in each language (what a server that has been up a while holds).
		for (const r of [...requestsFor(null), ...requestsFor(viewerCookie)]) {
			const res = await fetch(server.url + r.path, { headers: r.headers as Record<string, string> });
			if (res.status !== 200) throw new Error(`${r.path}: HTTP ${res.status}`);
			await res.arrayBuffer();
		}
		const hz = await autocannon({ url: `${server.url}/healthz`, connections: CONNECTIONS, duration: Math.min(10, opts.seconds) });
		const ceiling = { requests_per_s: hz.requests.average, p50_ms: hz.latency.p50, p99_ms: hz.latency.p99, max_ms: hz.latency.max };
		const out: LoadScenario[] = [];
		for (const ingestion of opts.ingestions ?? ['none', 'cli', 'upload']) {
			let repeater: Repeater | null = null, kill = () => {};
			if (ingestion === 'cli') ({ repeater, kill } = cliIngestion(server, opts.files.cli));
			if (ingestion === 'upload') repeater = uploadIngestion(server, opts.files.upload, analystCookie);
			repeater?.start();
			// Let the ingestion get going (process started, file being read) before measuring.
			if (repeater) await new Promise((ok) => setTimeout(ok, 1500));
			for (const viewer of opts.viewers ?? ['anonymous', 'viewer']) {
				log(`load: ingestion ${ingestion}, ${viewer}, ${opts.seconds} s…`);
				const from = performance.now();
				const { result: r, slowest, answers } = await cannon(server, viewer === 'viewer' ? viewerCookie : null, opts.seconds);
				const to = performance.now();
				const c = repeater?.cover(from, to) ?? { cover: 0, finished: [], failures: [], events: [] };
				out.push({
					ingestion, viewer, connections: CONNECTIONS, seconds: opts.seconds, requests: r.requests.total, requests_per_s: r.requests.average,
					p50_ms: r.latency.p50, p99_ms: r.latency.p99, max_ms: r.latency.max, errors: r.errors, non2xx: r.non2xx, timeouts: r.timeouts,
					ingestions_finished: c.finished.length, ingestion_cover: c.cover, ingestion_ms: c.finished.map(Math.round), ingestion_failures: c.failures,
					slowest_per_s: slowest, ingestion_events: c.events,
					during_load: repeater ? spread(answers.filter(([t]) => repeater.phase(t) === 'during').map(([, ms]) => ms)) : null,
					after_commit: repeater ? spread(answers.filter(([t]) => repeater.phase(t) === 'after').map(([, ms]) => ms)) : null
				});
			}
			kill();
			await repeater?.stop();
		}
		return { ceiling, scenarios: out };
	} finally {
		await server.stop();
	}
}
