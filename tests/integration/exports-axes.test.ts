/**
 * Fitted axes and ranked boroughs, from the demo survey's views to their exports: the page and
 * every export of a chart share one axis (`fitAxis`), the explorer's boroughs are ranked unless
 * asked alphabetically, the chosen borough is highlighted in the export too, and the notes speak
 * only of marks the chart draws.
 */
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { chartsOf } from '../../app/lib/exports/charts';
import type { PageChart } from '../../app/lib/exports/charts/common';
import { barsAxis } from '../../app/lib/exports/charts/indicator';
import { boroughsAxis } from '../../app/lib/exports/charts/explorer';
import { chartPptx } from '../../app/lib/exports/pptx';
import { chartSvg } from '../../app/lib/exports/svg';
import { ensureDemoData } from '../../app/lib/server/ingestion/demo';
import { buildExplorer, type ExplorerData } from '../../app/lib/server/views/explorer';
import { tempDb } from '../helpers/temp-db';
import { query } from '../helpers/query';
import { explorerQuery } from '../../app/lib/server/request/queries';

let env: ReturnType<typeof tempDb>;
let explorer: ExplorerData;
const byId = (charts: PageChart[], id: string) => charts.find((c) => c.model.id === id)!;

beforeAll(async () => {
	env = tempDb();
	await ensureDemoData(env.db, env.path, 'survey');
	explorer = buildExplorer(env.db, query(explorerQuery, '?borough=MN&wave=2024'), 'en', { suppress: true });
}, 240_000);

afterAll(() => env?.cleanup());

describe('the boroughs chart', () => {
	test('ranked by value by default, the boroughs without a value last; alphabetical on request', () => {
		const ranked = byId(chartsOf({ view: 'explorer', data: explorer }, { locale: 'en', unsuppressed: false }), 'boroughs');
		const shown = explorer.mapRows.filter((r) => r.estimate !== null && r.status !== 'suppressed');
		const expected = [...shown].sort((a, b) => b.estimate! - a.estimate!).map((r) => r.name);
		expect(ranked.model.categories.slice(0, shown.length)).toEqual(expected);
		if (ranked.draw.kind !== 'dots') throw new Error('dots expected');
		expect(ranked.draw.rows.map((r) => r.key).slice(0, shown.length)).toEqual(expected.map((n) => explorer.mapRows.find((r) => r.name === n)!.code));
		const alpha = byId(chartsOf({ view: 'explorer', data: explorer }, { locale: 'en', unsuppressed: false, order: 'alpha' }), 'boroughs');
		const names = explorer.mapRows.map((r) => r.name);
		expect(alpha.model.categories.slice(0, names.length)).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en-CA')));
	});

	test('the chosen borough is highlighted in the export as on the page; the axis fits the values and the city', () => {
		const chart = byId(chartsOf({ view: 'explorer', data: explorer }, { locale: 'en', unsuppressed: false }), 'boroughs');
		if (chart.draw.kind !== 'dots') throw new Error('dots expected');
		expect(chart.draw.rows.filter((r) => r.highlight).map((r) => r.key)).toEqual(['MN']);
		const svg = chartSvg(chart);
		// The chosen row's band and its bold label.
		expect(svg).toMatch(/<rect x="0" y="[\d.]+" width="[\d.]+" height="[\d.]+" fill="#fff2cc"/);
		expect(svg).toMatch(/font-weight="700">Montréal-Nord<\/text>/);
		const axis = boroughsAxis(explorer);
		expect(chart.draw.xDomain).toEqual(axis.domain);
		const bounds = explorer.mapRows.flatMap((r) => (r.status === 'suppressed' || !r.ci ? [] : [r.ci[1]]));
		expect(axis.domain[1]).toBeGreaterThanOrEqual(Math.max(...bounds, explorer.city!.estimate!));
		expect(axis.domain[1] - Math.max(...bounds)).toBeLessThan(0.2);
		if (!axis.fromZero) expect(svg).toContain(`The axis starts at ${Math.round(axis.domain[0] * 100)}%, not at zero.`);
		else expect(svg).not.toContain('not at zero');
	});
});

describe('one axis for the page, the SVG and PowerPoint', () => {
	test('the age × gender bars: the same fitted domain in the SVG ticks and in the PowerPoint value axis', async () => {
		const chart = byId(chartsOf({ view: 'explorer', data: explorer }, { locale: 'en', unsuppressed: false }), 'age-gender');
		const axis = barsAxis(explorer);
		expect(axis.domain[0]).toBe(0);
		if (chart.draw.kind !== 'bars') throw new Error('bars expected');
		expect(chart.draw.yDomain).toEqual(axis.domain);
		const zip = await JSZip.loadAsync(await chartPptx(chart.model));
		const xml = await zip.file(Object.keys(zip.files).find((f) => /^ppt\/charts\/chart\d+\.xml$/.test(f))!)!.async('string');
		expect(xml).toMatch(new RegExp(`<c:max val="${axis.domain[1]}"/>`));
		expect(xml).toMatch(/<c:min val="0"\/>/);
	});
});

describe('the bars\' value axis', () => {
	/** The value axis's tick labels of an exported bar chart, bottom to top. */
	const ticks = (svg: string) => [...svg.matchAll(/<text x="[\d.]+" y="[\d.]+" dy="[\d.]+" text-anchor="end" fill="#4d4d4d">([^<]*)<\/text>/g)].map((m) => m[1]);
	test.each([['IS', 'en', true], ['IS', 'fr', true], ['MN', 'en', false], ['MN', 'fr', false]] as const)(
		'%s (%s, fallback %s): ticks as every axis writes them, without needless decimals', (borough, locale, fallback) => {
			const data = buildExplorer(env.db, query(explorerQuery, `?borough=${borough}&wave=2024`), locale, { suppress: true });
			expect(data.fallback !== null).toBe(fallback);
			const chart = byId(chartsOf({ view: 'explorer', data }, { locale, unsuppressed: false }), 'age-gender');
			if (chart.draw.kind !== 'bars') throw new Error('bars expected');
			const labels = ticks(chartSvg(chart));
			expect(labels.length).toBeGreaterThanOrEqual(3);
			expect(labels[0]).toBe(locale === 'fr' ? '0\u00a0%' : '0%');
			// The demo's shares reach the top: the axis ends at 100 %, written as such.
			expect(chart.draw.yDomain).toEqual([0, 1]);
			expect(labels.at(-1)).toBe(locale === 'fr' ? '100\u00a0%' : '100%');
			for (const l of labels) expect(l).toMatch(/^\d+(\u00a0)?%$/);
		});
});

describe('notes about marks that are drawn', () => {
	test('a map export never explains an E it does not draw; a chart without flagged values has no E note', () => {
		const charts = chartsOf({ view: 'explorer', data: explorer }, { locale: 'en', unsuppressed: false });
		for (const c of charts) {
			const flagged = c.model.cells.some((x) => x.status === 'flag');
			const eNote = c.model.notes.some((n) => /marked E\b/.test(n));
			if (c.model.chart === 'map') expect(eNote, c.model.id).toBe(false);
			else expect(eNote, c.model.id).toBe(flagged);
			expect(c.model.notes.some((n) => /suppressed/.test(n)), c.model.id).toBe(c.model.cells.some((x) => x.status === 'suppressed'));
			expect(chartSvg(c)).not.toMatch(/value\(s\)|\(s\)/);
		}
	});
});
