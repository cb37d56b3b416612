/**
 * Debian's Chromium through playwright-core for browser tests, with pages that record their
 * problems (console errors, uncaught exceptions, failed requests, HTTP errors) and fail on any
 * dialog: a dialog would be script run from data (hostile input).
 */
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';

export function launchChromium(): Promise<Browser> {
	return chromium.launch({
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']
	});
}

export interface RecordingPages {
	open(options?: BrowserContextOptions): Promise<Page>;
	problems: string[];
	dialogs: string[];
	close(): Promise<void>;
}

/** Pages in fresh contexts (a French-speaking Montreal reader by default). `expectedStatus` lists HTTP errors a test provokes on purpose. */
export function recordingPages(browser: Browser, expectedStatus: (status: number, url: string) => boolean = () => false): RecordingPages {
	const contexts: BrowserContext[] = [];
	const problems: string[] = [];
	const dialogs: string[] = [];
	return {
		problems,
		dialogs,
		async open(options = {}) {
			const context = await browser.newContext({ locale: 'fr-CA', viewport: { width: 1280, height: 900 }, ...options });
			contexts.push(context);
			const page = await context.newPage();
			page.setDefaultTimeout(20_000);
			page.on('dialog', async (d) => {
				dialogs.push(`${d.type()}: ${d.message()} on ${page.url()}`);
				await d.dismiss();
			});
			page.on('console', (m) => m.type() === 'error' && problems.push(`console error on ${page.url()}: ${m.text()}`));
			page.on('pageerror', (err) => problems.push(`uncaught exception on ${page.url()}: ${err.message}`));
			page.on('requestfailed', (r) => {
				const why = r.failure()?.errorText ?? '?';
				if (why === 'net::ERR_ABORTED' || (options.javaScriptEnabled === false && why === 'csp')) return;
				problems.push(`request failed: ${r.url()} (${why}) on ${page.url()}`);
			});
			page.on('response', (r) => {
				if (r.status() >= 400 && !expectedStatus(r.status(), r.url())) problems.push(`HTTP ${r.status()} for ${r.url()}`);
			});
			return page;
		},
		async close() {
			for (const c of contexts) await c.close().catch(() => {});
		}
	};
}
