/**
 * Dashboard pages against the real server (PRODUCT.md §8): server render time (cold, then the
 * median of warm requests), the JavaScript each page makes the browser load (gzipped), and a
 * closed-loop load test of 50 concurrent viewers (each sends its next request when the last one
 * answers) over the dashboard pages: p50, p99 and errors against the 250 ms target. No ingestion
 * runs meanwhile yet (the target asks for one): that part is still to do.
 */
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../tests/helpers/browser';
import { startTestServer } from '../tests/helpers/server';

const PAGES = ['/', '/overview', '/explorer?borough=MN', '/portrait/MN', '/portrait/AC?wave=2023&lang=en'];

export interface PageResult { path: string; cold_ms: number; warm_median_ms: number; html_gzip_kb: number; js_gzip_kb: number; js_files: number }
export interface LoadResult { concurrency: number; seconds: number; requests: number; errors: number; p50_ms: number; p99_ms: number }

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

export async function benchPages(opts: { seconds: number }): Promise<{ pages: PageResult[]; load: LoadResult }> {
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
		const concurrency = 50, latencies: number[] = [];
		let errors = 0, k = 0;
		const end = performance.now() + opts.seconds * 1000;
		await Promise.all(Array.from({ length: concurrency }, async () => {
			while (performance.now() < end) {
				const path = PAGES[k++ % PAGES.length]!;
				try {
					const r = await timed(server.url + path);
					if (r.status !== 200) errors++;
					latencies.push(r.ms);
				} catch {
					errors++;
				}
			}
		}));
		latencies.sort((a, b) => a - b);
		const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
		return { pages, load: { concurrency, seconds: opts.seconds, requests: latencies.length, errors, p50_ms: q(0.5), p99_ms: q(0.99) } };
	} finally {
		await browser.close();
		await server.stop();
	}
}
