/**
 * PNG exports drawn in the worker pool (jobs/png-in-worker.ts) from the TypeScript sources, as the
 * server runs them: the same bytes as the renderer on this thread, requests at once all answered
 * with their own picture, and an SVG the renderer refuses fails that request alone.
 */
import { PNG } from 'pngjs';
import { afterAll, describe, expect, test } from 'vitest';
import { svgToPng } from '../../app/lib/exports/png';
import { renderPng, stopPngWorkers, warmPngWorkers } from '../../app/lib/server/jobs/png-in-worker';

const chart = (width: number, label: string) =>
	`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="60" font-family="system-ui, sans-serif">` +
	`<rect x="10" y="10" width="${width / 2}" height="20" fill="#4a6fa5"/><text x="10" y="50" font-size="14" fill="#1a1a1a">${label}</text></svg>`;

afterAll(() => stopPngWorkers());

describe('PNG in worker threads', () => {
	test('the same PNG as the renderer on this thread, at 2× and 4×, white or transparent', async () => {
		warmPngWorkers();
		const svg = chart(240, 'Sentiment de sécurité 62,4 %');
		for (const opts of [{ scale: 2, background: 'white' }, { scale: 4, background: 'transparent' }] as const) {
			const [inWorker, here] = await Promise.all([renderPng(svg, opts), svgToPng(svg, opts)]);
			expect([inWorker.width, inWorker.height]).toEqual([240 * opts.scale, 60 * opts.scale]);
			expect(Buffer.from(inWorker.png).equals(Buffer.from(here.png))).toBe(true);
		}
	}, 120_000);

	test('requests sent at once each get their own picture', async () => {
		const widths = [100, 140, 180, 220, 260, 300];
		const out = await Promise.all(widths.map((w) => renderPng(chart(w, `${w}`), { scale: 2, background: 'white' })));
		expect(out.map((o) => PNG.sync.read(Buffer.from(o.png)).width)).toEqual(widths.map((w) => 2 * w));
	}, 120_000);

	test('an SVG the renderer refuses fails that request with the reason; the pool keeps working', async () => {
		const [bad, good] = await Promise.allSettled([
			renderPng('<svg xmlns="http://www.w3.org/2000/svg" width="10"', { scale: 2, background: 'white' }),
			renderPng(chart(80, 'ok'), { scale: 2, background: 'white' })
		]);
		expect(bad.status).toBe('rejected');
		expect((bad as PromiseRejectedResult).reason.message).toMatch(/^PNG rendering failed: ./);
		expect(good.status).toBe('fulfilled');
		const after = await renderPng(chart(90, 'after'), { scale: 2, background: 'white' });
		expect(after.width).toBe(180);
	}, 120_000);
});
