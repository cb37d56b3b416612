/**
 * `npm run screenshots`: what the product looks like, for the README. Starts the real server on
 * the synthetic demo data (survey and diagnostics) in a temporary folder, opens the overview, a
 * borough's portrait and a two-borough comparison in Chromium at a desktop's width (1366 × 768)
 * and a phone's (390 × 844), and writes the first screen of each to
 * docs/screenshots/{overview,portrait,compare}-{desktop,phone}.png, plus the PNG export of the
 * portrait's first chart as a presenter puts it on a slide (export-slide.png).
 * Builds the app first if the sources are newer than the build (as `npm start` does).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { launchChromium } from '../tests/helpers/browser';
import { startTestServer } from '../tests/helpers/server';

const OUT = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
const BOROUGH = 'MN';
const SIZES = { desktop: { width: 1366, height: 768 }, phone: { width: 390, height: 844 } } as const;
const PAGES = {
	overview: `/?borough=${BOROUGH}`,
	portrait: `/portrait/${BOROUGH}`,
	compare: `/compare?a=${BOROUGH}&b=city`
} as const;

/** The first screen as the reader meets it: fonts loaded, charts drawn, nothing animating. */
async function shoot(page: Page, url: string, path: string): Promise<void> {
	await page.goto(url, { waitUntil: 'networkidle' });
	await page.evaluate(() => document.fonts.ready);
	await page.screenshot({ path, animations: 'disabled' });
}

const server = await startTestServer({ env: { VIGIE_DEMO: 'all' } });
const browser = await launchChromium();
try {
	mkdirSync(OUT, { recursive: true });
	for (const [size, viewport] of Object.entries(SIZES)) {
		// A phone is shot at its usual pixel density, so its text reads as it does in a hand.
		const context = await browser.newContext({ locale: 'fr-CA', viewport, deviceScaleFactor: size === 'phone' ? 2 : 1 });
		const page = await context.newPage();
		for (const [name, path] of Object.entries(PAGES)) {
			const file = `${OUT}${name}-${size}.png`;
			await shoot(page, server.url + path, file);
			console.log(`wrote ${file}`);
		}
		await context.close();
	}
	// The export a presenter downloads from the portrait's first chart menu, at twice its size.
	const page = await browser.newPage();
	await page.goto(`${server.url}${PAGES.portrait}`);
	const link = page.locator('details.export a[data-kind=png2]').first();
	const res = await fetch(new URL((await link.getAttribute('href'))!, server.url));
	if (res.status !== 200) throw new Error(`export answered ${res.status}`);
	writeFileSync(`${OUT}export-slide.png`, Buffer.from(await res.arrayBuffer()));
	console.log(`wrote ${OUT}export-slide.png`);
} finally {
	await browser.close();
	await server.stop();
}
