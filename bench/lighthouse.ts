/**
 * Lighthouse (mobile preset: a mid-range phone on a slow 4G link, simulated) on the dashboard's
 * main pages, against the real server with the demo data, in Debian's Chromium. Each page is run
 * `runs` times and the run with the median performance score is kept, as Lighthouse's own
 * guidance advises: one run varies with the machine's load. Besides the four scores, the report
 * keeps what explains them: the main timings, the number of DOM elements, and every audit below
 * full marks that counts towards a category.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import type { Result as LighthouseResult } from 'lighthouse';

export const LIGHTHOUSE_PAGES = ['/', '/portrait/MN', '/explorer', '/compare?a=MN&b=AC', '/map'];
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
type Category = (typeof CATEGORIES)[number];

export interface LighthouseScores {
	path: string;
	scores: Record<Category, number>;
	fcp_ms: number;
	lcp_ms: number;
	tbt_ms: number;
	cls: number;
	dom_elements: number;
	/** Audits that lower a score: `category: audit id (score, displayed value)`. */
	failing: string[];
	/** Where the main thread's time went (Lighthouse's groups: script evaluation, style and layout…), ms, largest first. */
	main_thread: string[];
}

interface WorkItem { groupLabel?: string; duration?: number }

const numeric = (lhr: LighthouseResult, id: string): number => lhr.audits[id]?.numericValue ?? NaN;

function summarise(path: string, lhr: LighthouseResult): LighthouseScores {
	const scores = Object.fromEntries(CATEGORIES.map((c) => [c, Math.round(100 * (lhr.categories[c]?.score ?? 0))])) as Record<Category, number>;
	const failing: string[] = [];
	for (const c of CATEGORIES) {
		for (const ref of lhr.categories[c]?.auditRefs ?? []) {
			const audit = lhr.audits[ref.id];
			if (!audit || ref.weight === 0 || audit.score === null || audit.score >= 0.9) continue;
			failing.push(`${c}: ${ref.id} (${audit.score.toFixed(2)}${audit.displayValue ? `, ${audit.displayValue}` : ''})`);
		}
	}
	return {
		path, scores, fcp_ms: numeric(lhr, 'first-contentful-paint'), lcp_ms: numeric(lhr, 'largest-contentful-paint'),
		tbt_ms: numeric(lhr, 'total-blocking-time'), cls: numeric(lhr, 'cumulative-layout-shift'), dom_elements: numeric(lhr, 'dom-size'), failing,
		main_thread: ((lhr.audits['mainthread-work-breakdown']?.details as { items?: WorkItem[] } | undefined)?.items ?? [])
			.filter((i) => (i.duration ?? 0) >= 50).map((i) => `${i.groupLabel} ${Math.round(i.duration ?? 0)}`)
	};
}

/**
 * One Lighthouse run. A run whose trace Chromium failed to record (Lighthouse's NO_NAVSTART and
 * the like, seen on a busy machine) is run again, twice at most.
 */
async function runOnce(url: string, port: number): Promise<LighthouseResult> {
	for (let attempt = 1; ; attempt++) {
		const r = await lighthouse(url, { port, output: 'json', logLevel: 'error', onlyCategories: [...CATEGORIES] });
		if (!r) throw new Error(`Lighthouse gave no result for ${url}`);
		if (!r.lhr.runtimeError) return r.lhr;
		if (attempt === 3) throw new Error(`Lighthouse failed on ${url}: ${r.lhr.runtimeError.message}`);
	}
}

/** Where each page's kept report goes, whole, for the audits the summary leaves out (unused JavaScript, the LCP element…). */
export const LIGHTHOUSE_REPORTS = 'bench/out/lighthouse';
const reportFile = (path: string) => join(LIGHTHOUSE_REPORTS, `${path.replace(/[^a-z0-9]+/gi, '_').replace(/^_|_$/g, '') || 'overview'}.json`);

/**
 * Runs Lighthouse on each page of `paths` under `baseUrl`; one Chromium for all runs. `onPage` hears each page's result as it comes.
 * The kept run's full report is written to LIGHTHOUSE_REPORTS.
 */
export async function benchLighthouse(baseUrl: string, paths = LIGHTHOUSE_PAGES, runs = 3, onPage?: (r: LighthouseScores) => void): Promise<LighthouseScores[]> {
	mkdirSync(LIGHTHOUSE_REPORTS, { recursive: true });
	const chrome = await chromeLauncher.launch({
		chromePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu']
	});
	try {
		const out: LighthouseScores[] = [];
		for (const path of paths) {
			const results: { summary: LighthouseScores; lhr: LighthouseResult }[] = [];
			for (let i = 0; i < runs; i++) {
				const lhr = await runOnce(baseUrl + path, chrome.port);
				results.push({ summary: summarise(path, lhr), lhr });
			}
			results.sort((a, b) => a.summary.scores.performance - b.summary.scores.performance);
			const kept = results[Math.floor(results.length / 2)]!;
			writeFileSync(reportFile(path), JSON.stringify(kept.lhr));
			out.push(kept.summary);
			onPage?.(out.at(-1)!);
		}
		return out;
	} finally {
		chrome.kill();
	}
}
