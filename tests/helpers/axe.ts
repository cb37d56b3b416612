/**
 * axe-core's WCAG 2.2 A/AA rules run in the page (no violations). The page must be
 * opened in a context with `bypassCSP: true`: axe is injected as a script the page's own
 * Content-Security-Policy would rightly refuse.
 */
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface AxeResult {
	violations: { id: string; help: string; nodes: { target: string[] }[] }[];
}

export async function axeViolations(page: Page): Promise<string[]> {
	await page.addScriptTag({ path: AXE });
	const result = await page.evaluate(
		() =>
			(window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<AxeResult> } }).axe.run(document, {
				runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] }
			}) as Promise<AxeResult>
	);
	return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}
