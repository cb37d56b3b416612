/**
 * Dashboard pages against the real server: server render time (cold, then the
 * median of warm requests) and the JavaScript each page makes the browser load (gzipped). The
 * load test (50 concurrent viewers while an ingestion runs) is bench/load.ts.
 */
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../tests/helpers/browser';
import { startTestServer } from '../tests/helpers/server';

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
