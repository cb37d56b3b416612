/**
 * The borough portrait as a PowerPoint deck, from a real SQLite file with two synthetic demo
 * waves: the charts hold the portrait's numbers (the page's `PortraitData`), the summary slide
 * the page's key finding and verdict, and a value suppressed for viewers appears nowhere.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildPortrait, type PortraitData } from '../../app/lib/server/views/portrait';
import { portraitCharts, portraitDeck } from '../../app/lib/exports/portrait-deck';
import { deckPptx } from '../../app/lib/exports/pptx';
import { chartsOf } from '../../app/lib/exports/charts';
import { formatPercent, t } from '../../app/lib/i18n';
import { briefSentences, findingSentence } from '../../app/lib/finding-words';
import { generateDemoSurvey } from '../../demo/generate-survey';
import { loadSurvey } from '../../ingest/survey/load-survey';
import { tempDb } from '../helpers/temp-db';
import { readPptx } from '../helpers/pptx';
import { query } from '../helpers/query';
import { portraitQuery } from '../../app/lib/server/request/queries';

let env: ReturnType<typeof tempDb>;
const url = query(portraitQuery, '?wave=2024');
let published: PortraitData, everything: PortraitData;

beforeAll(async () => {
	env = tempDb();
	for (const wave of ['2023', '2024']) {
		const path = join(env.dir, `demo-${wave}.csv`);
		writeFileSync(path, generateDemoSurvey({ wave, seed: Number(wave), n: wave === '2024' ? 27000 : 3000 }));
		const res = await loadSurvey(env.db, path, { wave });
		expect(res.ok, JSON.stringify(res).slice(0, 500)).toBe(true);
	}
	published = buildPortrait(env.db, 'MN', url, 'en', { suppress: true });
	everything = buildPortrait(env.db, 'MN', url, 'en', { suppress: false });
}, 120_000);
afterAll(() => env.cleanup());

describe('the portrait as charts', () => {
	test('one chart per chart of the page: shares and means against the city, the young women and the young men on a slide each, each victims matrix', () => {
		const charts = portraitCharts(published, 'en');
		expect(charts.map((c) => c.id)).toEqual(['all', 'all-means', 'youth', 'youth-men', ...published.matrices.map((m) => m.id)]);
		expect(charts.map((c) => c.chart)).toEqual(['dots', 'dots', 'dots', 'dots', ...published.matrices.map(() => 'heatmap')]);
		// The deck's charts are the single-chart exports' (one builder).
		expect(portraitDeck(published, 'en').charts).toEqual(chartsOf({ view: 'portrait', data: published }, { locale: 'en', unsuppressed: false }).map((c) => c.model));
		const all = charts[0]!;
		const shares = published.indicators.filter((i) => i.type === 'proportion');
		expect(all.categories).toEqual(shares.map((i) => i.label));
		expect(all.series).toEqual(['Montréal-Nord', 'Whole city']);
		for (const i of shares) {
			const mine = all.cells.find((c) => c.category === i.label && c.series === 'Montréal-Nord')!;
			expect([mine.estimate, mine.ci, mine.n, mine.status]).toEqual([i.all.borough.estimate, i.all.borough.ci, i.all.borough.n, i.all.borough.status]);
		}
		expect(all.source).toContain('27,000 respondents');
		expect(all.file).toBe('vigie-portrait-MN-all-2024-en');
		// The youth: no slide carries more than the borough and the city for each indicator (two series).
		const [women, men] = [charts[2]!, charts[3]!];
		for (const youth of [women, men]) {
			expect(youth.series).toEqual(['Montréal-Nord', 'Whole city']);
			expect(youth.cells).toHaveLength(shares.length * 2);
		}
		expect(women.title).toBe('Women+ 12–24: Montréal-Nord and the whole city, 2024');
		expect(men.title).toBe('Men+ 12–24: Montréal-Nord and the whole city, 2024');
		for (const [chart, gender] of [[women, 'woman'], [men, 'man']] as const) {
			const line = shares[0]!.youth.find((y) => y.gender === gender)!;
			expect(chart.cells.find((c) => c.category === shares[0]!.label && c.series === 'Montréal-Nord')!.estimate).toBe(line.borough.estimate);
			expect(chart.cells.find((c) => c.category === shares[0]!.label && c.series === 'Whole city')!.estimate).toBe(line.city.estimate);
		}
		for (const c of charts) expect(c.categories.length * Math.max(1, c.series.length), c.id).toBeLessThanOrEqual(24);
		// A synthetic survey is said so on every chart (this file is loaded as an ordinary survey: not synthetic).
		for (const c of charts) expect(c.notes.includes(t('en', 'app.synthetic_banner'))).toBe(published.source!.synthetic);
		expect(portraitCharts({ ...published, source: { ...published.source!, synthetic: true } }, 'en').every((c) => c.notes.includes(t('en', 'app.synthetic_banner')))).toBe(true);
	});

	test('the summary slide holds the page\'s "In brief": its sentences, in its order, the borough\'s most important finding first', async () => {
		const portraits = published.boroughs.map((b) => buildPortrait(env.db, b.code, url, 'en', { suppress: true }));
		const answered = portraits.find((d) => d.findings.length > 1)!;
		expect(answered).toBeDefined();
		const c = { locale: 'en' as const, borough: answered.boroughName, wave: '2024', twoGenders: answered.twoGenders,
			label: (id: string) => answered.indicators.find((i) => i.id === id)!.label };
		const deck = portraitDeck(answered, 'en');
		expect(deck.summary.slice(0, Math.min(3, answered.findings.length))).toEqual(briefSentences(answered.findings, c));
		const p = await readPptx(await deckPptx(deck));
		expect(p.slides).toHaveLength(1 + deck.charts.length);
		expect(p.slideText[0]).toContain(`Portrait of ${answered.boroughName}, 2024`);
		expect(p.slideText[0]).toContain(findingSentence(answered.findings[0]!, c));
		expect(p.slideText[0]).toContain(deck.source);
	});

	test('the first slide leads with the borough\'s most important finding for everyone, not a subgroup; without any, it says so', () => {
		const portraits = published.boroughs.map((b) => buildPortrait(env.db, b.code, url, 'en', { suppress: true }));
		const significant = (d: PortraitData) => d.indicators.filter((i) => i.all.rest && i.all.rest.verdict !== 'no_difference' && i.all.borough.estimate !== null && i.all.borough.status !== 'suppressed');
		const withOne = portraits.find((d) => significant(d).length > 0);
		expect(withOne).toBeDefined();
		const lead = portraitDeck(withOne!, 'en').summary[0]!;
		expect(withOne!.findings[0]!.group).toBeUndefined();
		const top = withOne!.indicators.find((i) => i.id === withOne!.findings[0]!.indicator)!;
		expect(lead).toMatch(new RegExp(`^${withOne!.boroughName}: “${top.label.replace(/[()]/g, '\\$&')}”`));
		// Without any significant difference or change, the lead says so instead of picking a side story.
		const flat: PortraitData = { ...withOne!, findings: [] };
		expect(portraitDeck(flat, 'en').summary[0]).toBe(`In 2024, no published indicator of ${withOne!.boroughName} differs significantly from the rest of the city or from the previous wave.`);
		// The synthetic-data note comes after the findings, not before them.
		const synthetic = portraitDeck({ ...withOne!, source: { ...withOne!.source!, synthetic: true } }, 'en').summary;
		expect(synthetic.at(-1)).toBe(t('en', 'app.synthetic_banner'));
	});

	test('the package holds the portrait\'s numbers, and no value suppressed for viewers, in the charts, the workbooks or the text', async () => {
		const deck = portraitDeck(published, 'en');
		const bytes = await deckPptx(deck);
		if (process.env.VIGIE_DECK_OUT) writeFileSync(process.env.VIGIE_DECK_OUT, bytes);
		const p = await readPptx(bytes);
		const native = deck.charts.filter((c) => c.chart !== 'heatmap');
		expect(p.charts).toHaveLength(native.length);
		for (const [k, chart] of native.entries()) {
			for (const [s, name] of chart.series.entries()) {
				expect(p.charts[k]!.series[s]!.name).toBe(name);
				chart.categories.forEach((category, i) => {
					const cell = chart.cells.find((c) => c.category === category && c.series === name);
					expect(cell, `${chart.id}: ${category} · ${name}`).toBeDefined();
					const v = cell!.estimate;
					if (v === null) expect(p.charts[k]!.series[s]!.values[i]).toBeUndefined();
					else expect(p.charts[k]!.series[s]!.values[i]).toBeCloseTo(v, 9);
				});
			}
		}
		// The values an analyst sees but a viewer must not.
		const hidden = portraitCharts(everything, 'en', { unsuppressed: true }).flatMap((c, k) => c.cells.filter((x, i) => portraitCharts(published, 'en')[k]!.cells[i]!.estimate === null && x.estimate !== null));
		// (0 % and 100 % are not telling: the digits of any other value are.)
		const telling = hidden.filter((h) => String(h.estimate).length > 6);
		expect(telling.length).toBeGreaterThan(0);
		for (const h of telling) {
			expect(p.everything).not.toContain(String(h.estimate));
			expect(p.everything).not.toContain(`>${formatPercent('en', h.estimate!)} `);
		}
		const suppressedSlides = p.slideText.filter((s) => s.includes('Suppressed (too few respondents or too uncertain), no value shown') || s.includes('× suppressed'));
		expect(suppressedSlides.length).toBeGreaterThan(0);
	});

	test('an analyst\'s deck with the suppressed values says "not for publication" on the summary and in every chart\'s notes', async () => {
		const deck = portraitDeck(everything, 'fr', { unsuppressed: true });
		expect(deck.summary[0]).toBe(t('fr', 'dashboard.unsuppressed_banner'));
		for (const c of deck.charts) expect(c.notes[0]).toBe(t('fr', 'dashboard.unsuppressed_banner'));
		const p = await readPptx(await deckPptx(deck));
		expect(p.slideText[0]).toContain('Non publiable');
		expect(p.notesText.slice(1).every((n) => n.includes('Non publiable'))).toBe(true);
	});

	test('French: the titles, the summary and the number formats', async () => {
		const deck = portraitDeck(published, 'fr');
		const p = await readPptx(await deckPptx(deck));
		expect(p.slideText[0]).toContain('Portrait de Montréal-Nord, 2024');
		expect(p.slideText[1]).toContain('Parts à Montréal-Nord et dans l’ensemble de la ville');
		expect(p.charts[0]!.xml).toContain('&quot;\u00a0&quot;%');
		expect(p.notesText[1]).toMatch(/\d+,\d\u00a0% \(IC à 95 % \d+,\d\u00a0% – \d+,\d\u00a0%\), n = /);
	});
});
