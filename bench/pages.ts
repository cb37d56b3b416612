/**
 * Dashboard pages against the real server: server render time and the JavaScript each page makes
 * the browser load (gzipped). Each reader gets a freshly started server, so that "cold" is the
 * first request for the page after start as that reader (anonymous viewer of a public dashboard,
 * signed-in analyst): nothing another reader asked for has warmed it. Then 20 more requests for
 * the median and the 95th percentile. The load test (50 concurrent viewers while an ingestion
 * runs) is bench/load.ts. Also: the first PNG export after the server starts, the first `/` after
 * a restart on a database already served, the first request after a new wave, and Lighthouse's
 * scores on the main pages (bench/lighthouse.ts).
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../tests/helpers/browser';
import { startTestServer, type TestServer } from '../tests/helpers/server';
import { signIn } from '../tests/helpers/auth';
import { ADMIN, ANALYST } from '../tests/helpers/accounts';
import { runVigie } from '../tests/helpers/cli';
import { benchLighthouse, LIGHTHOUSE_PAGES, type LighthouseScores } from './lighthouse';

const PAGES = ['/', '/?wave=2023', '/explorer?borough=MN', '/portrait', '/portrait/MN', '/map', '/compare?a=MN&b=city', '/portrait/AC?wave=2023&lang=en'];
const WARM_RUNS = 20;

export type PageReader = 'anonymous' | 'analyst';
export interface PageResult { reader: PageReader; path: string; cold_ms: number; warm_median_ms: number; warm_p95_ms: number; html_gzip_kb: number; js_gzip_kb: number | null; js_files: number | null }

async function timed(url: string, cookie: string | null): Promise<{ ms: number; body: string; status: number }> {
	const t0 = performance.now();
	const res = await fetch(url, { headers: { accept: 'text/html', 'accept-language': 'fr-CA', ...(cookie ? { cookie } : {}) } });
	const body = await res.text();
	return { ms: performance.now() - t0, body, status: res.status };
}

/** The JavaScript Chromium actually loads for the page (every script response), gzipped as a server would send it. */
async function javascriptOf(browser: Browser, pageUrl: string): Promise<{ kb: number; files: number }> {
	const page = await browser.newPage();
	const bodies: Promise<Buffer>[] = [];
	page.on('response', (r) => { if (r.request().resourceType() === 'script') bodies.push(r.body()); });
	await page.goto(pageUrl, { waitUntil: 'networkidle' });
	const all = await Promise.all(bodies);
	await page.close();
	return { kb: all.reduce((a, b) => a + gzipSync(b).length, 0) / 1000, files: all.length };
}

async function readerPages(server: TestServer, reader: PageReader, browser: Browser | null): Promise<PageResult[]> {
	const cookie = reader === 'analyst' ? await signIn(server, ANALYST) : null;
	const pages: PageResult[] = [];
	for (const path of PAGES) {
		const cold = await timed(server.url + path, cookie);
		if (cold.status !== 200) throw new Error(`${reader} ${path}: HTTP ${cold.status}`);
		const warm: number[] = [];
		for (let i = 0; i < WARM_RUNS; i++) warm.push((await timed(server.url + path, cookie)).ms);
		warm.sort((a, b) => a - b);
		const js = browser ? await javascriptOf(browser, server.url + path) : null;
		pages.push({ reader, path, cold_ms: cold.ms, warm_median_ms: warm[WARM_RUNS / 2]!, warm_p95_ms: warm[Math.ceil(WARM_RUNS * 0.95) - 1]!,
			html_gzip_kb: gzipSync(cold.body).length / 1000, js_gzip_kb: js?.kb ?? null, js_files: js?.files ?? null });
	}
	return pages;
}

/** Every page for each reader, each on its own new server; the JavaScript is measured once (anonymous reader). */
export async function benchPages(readers: PageReader[] = ['anonymous', 'analyst']): Promise<{ pages: PageResult[] }> {
	const browser = await launchChromium();
	try {
		const pages: PageResult[] = [];
		for (const reader of readers) {
			const server = await startTestServer({ users: [ADMIN, ANALYST] });
			try {
				pages.push(...(await readerPages(server, reader, reader === 'anonymous' ? browser : null)));
			} finally {
				await server.stop();
			}
		}
		return { pages };
	} finally {
		await browser.close();
	}
}

export interface NewWave { respondents: number; ingest_ms: number; pages: { path: string; first_ms: number }[] }

/** The pages that show the survey's default wave, asked for without one; and the map, whose data did not change. */
const DEFAULT_WAVE_PAGES = ['/', '/explorer?borough=MN', '/portrait', '/portrait/MN', '/compare?a=MN&b=city', '/map'];

/**
 * The first request for each page after a new wave becomes the default: a fresh server whose
 * pages have each been asked for once (their cache is warm), then `vigie ingest` of the demo's
 * 2024 file as a wave 2025 in another process, as an analyst would, then each page once. Each
 * must show 2025: the request that first sees the change computes it or takes it from the
 * warm-up that the change started. The map's diagnostic data is unchanged, but every cached page
 * was emptied by the change.
 */
export async function benchAfterNewWave(): Promise<NewWave> {
	const server = await startTestServer();
	try {
		for (const path of DEFAULT_WAVE_PAGES) await timed(server.url + path, null);
		// The demo's 2024 respondents answering again in 2025 (the same bytes would be refused as already loaded).
		const demo = readFileSync(join(dirname(server.dbPath), 'demo', 'vigie-demo-survey-2024.csv'), 'utf8');
		const file = join(dirname(server.dbPath), 'wave-2025.csv');
		writeFileSync(file, demo.replace(/^([^,\n]*),2024,/gm, '$1,2025,'));
		const t0 = performance.now();
		const r = await runVigie(server.dbPath, ['ingest', file, '--kind', 'survey', '--wave', '2025', '--title', 'Bench: a new wave', '--no-progress']);
		if (r.code !== 0) throw new Error(`vigie ingest failed (${r.code}): ${r.stderr}`);
		const ingest_ms = performance.now() - t0;
		const respondents = Number(/Loaded (\d+) respondents/.exec(r.stdout)?.[1] ?? NaN);
		const pages: NewWave['pages'] = [];
		for (const path of DEFAULT_WAVE_PAGES) {
			const page = await timed(server.url + path, null);
			if (page.status !== 200) throw new Error(`${path} after the new wave: HTTP ${page.status}`);
			if (path !== '/map' && !page.body.includes('2025')) throw new Error(`${path} after the new wave does not show 2025`);
			pages.push({ path, first_ms: page.ms });
		}
		return { respondents, ingest_ms, pages };
	} finally {
		await server.stop();
	}
}

export interface FirstPng { first_page_ms: number; first_png_ms: number; second_png_ms: number; png_kb: number }

/**
 * A fresh server: the overview (its first page), then the PNG of its first map (the first PNG:
 * the rasteriser starts cold), then the next map's PNG (warm).
 */
export async function benchFirstPng(): Promise<FirstPng> {
	const server = await startTestServer();
	try {
		const page = await timed(server.url + '/', null);
		const ids = [...page.body.matchAll(/data-indicator="([^"]+)"/g)].map((m) => m[1]!);
		if (ids.length < 2) throw new Error('the overview shows fewer than two indicators: no map to export');
		const png = async (id: string) => {
			const t0 = performance.now();
			const res = await fetch(`${server.url}/export/overview/map-${id}.png`);
			const bytes = (await res.arrayBuffer()).byteLength;
			if (res.status !== 200 || res.headers.get('content-type') !== 'image/png') throw new Error(`PNG of map-${id}: HTTP ${res.status} ${res.headers.get('content-type')}`);
			return { ms: performance.now() - t0, bytes };
		};
		const first = await png(ids[0]!);
		const second = await png(ids[1]!);
		return { first_page_ms: page.ms, first_png_ms: first.ms, second_png_ms: second.ms, png_kb: first.bytes / 1000 };
	} finally {
		await server.stop();
	}
}

export interface Restart { first_ms: number[] }

/**
 * The first request for `/` after a restart, the usual start of a server in service: a database
 * that a server has served (a backup of a fresh server's, taken with `vigie backup`), served by a
 * new process, `runs` times, each from its own copy.
 */
export async function benchRestart(runs = 3): Promise<Restart> {
	const dir = mkdtempSync(join(tmpdir(), 'vigie-restart-'));
	try {
		const backup = join(dir, 'served.db');
		const first = await startTestServer();
		try {
			await timed(first.url + '/', null);
			const r = await runVigie(first.dbPath, ['backup', backup]);
			if (r.code !== 0) throw new Error(`vigie backup failed (${r.code}): ${r.stderr}`);
		} finally {
			await first.stop();
		}
		const first_ms: number[] = [];
		for (let k = 0; k < runs; k++) {
			const copy = join(dir, `restart-${k}.db`);
			copyFileSync(backup, copy);
			const server = await startTestServer({ database: copy, users: [] });
			try {
				const page = await timed(server.url + '/', null);
				if (page.status !== 200) throw new Error(`/ after a restart: HTTP ${page.status}`);
				first_ms.push(page.ms);
			} finally {
				await server.stop();
			}
		}
		return { first_ms };
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

/** Lighthouse on the main pages, on a server of its own whose pages have each been asked for once (the server's first render is not Lighthouse's subject). */
export async function benchPagesLighthouse(runs: number, onPage: (r: LighthouseScores) => void): Promise<LighthouseScores[]> {
	const server = await startTestServer();
	try {
		for (const path of LIGHTHOUSE_PAGES) await timed(server.url + path, null);
		return await benchLighthouse(server.url, LIGHTHOUSE_PAGES, runs, onPage);
	} finally {
		await server.stop();
	}
}
