/**
 * Dashboard pages against the real server: server render time (cold, then the
 * median of warm requests), the JavaScript each page makes the browser load (gzipped), the first
 * PNG export after the server starts, and Lighthouse's scores (bench/lighthouse.ts). The
 * load test (50 concurrent viewers while an ingestion runs) is bench/load.ts.
 */
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../tests/helpers/browser';
import { startTestServer } from '../tests/helpers/server';
import { benchLighthouse, LIGHTHOUSE_PAGES, type LighthouseScores } from './lighthouse';

const PAGES = ['/', '/?wave=2023', '/explorer?borough=MN', '/portrait/MN', '/map', '/portrait/AC?wave=2023&lang=en'];

export interface PageResult { path: string; cold_ms: number; warm_median_ms: number; html_gzip_kb: number; js_gzip_kb: number; js_files: number }

async function timed(url: string): Promise<{ ms: number; body: string; status: number }> {
	const t0 = performance.now();
	const res = await fetch(url, { headers: { accept: 'text/html', 'accept-language': 'fr-CA' } });
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

export interface FirstPng { first_page_ms: number; first_png_ms: number; second_png_ms: number; png_kb: number }

/**
 * A fresh server: the overview (its first page), then the PNG of its first map (the first PNG:
 * the rasteriser starts cold), then the next map's PNG (warm).
 */
export async function benchFirstPng(): Promise<FirstPng> {
	const server = await startTestServer();
	try {
		const page = await timed(server.url + '/');
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

/** Lighthouse on the main pages, on a server of its own whose pages have each been asked for once (the server's first render is not Lighthouse's subject). */
export async function benchPagesLighthouse(runs: number, onPage: (r: LighthouseScores) => void): Promise<LighthouseScores[]> {
	const server = await startTestServer();
	try {
		for (const path of LIGHTHOUSE_PAGES) await timed(server.url + path);
		return await benchLighthouse(server.url, LIGHTHOUSE_PAGES, runs, onPage);
	} finally {
		await server.stop();
	}
}

export async function benchPages(): Promise<{ pages: PageResult[] }> {
	const [server, browser] = await Promise.all([startTestServer(), launchChromium()]);
	try {
		const pages: PageResult[] = [];
		for (const path of PAGES) {
			const cold = await timed(server.url + path);
			if (cold.status !== 200) throw new Error(`${path}: HTTP ${cold.status}`);
			const warm: number[] = [];
			for (let i = 0; i < 15; i++) warm.push((await timed(server.url + path)).ms);
			warm.sort((a, b) => a - b);
			const js = await javascriptOf(browser, server.url + path);
			pages.push({ path, cold_ms: cold.ms, warm_median_ms: warm[7]!, html_gzip_kb: gzipSync(cold.body).length / 1000, js_gzip_kb: js.kb, js_files: js.files });
		}
		return { pages };
	} finally {
		await browser.close();
		await server.stop();
	}
}
