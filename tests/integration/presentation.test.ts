/**
 * Exports and first sentences as a presenter reads them, on the demo data: the portrait's chart
 * exports carry one compact footer and name the city's tick for what it is (the whole city, the
 * borough in it); "In brief" and the deck lead with everyone's finding; the explorer's age group ×
 * gender export shows the page's fallback and its sentence, and so do the portrait's victims' heat
 * maps (all victims together where most cells by gender are hidden).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { chartsOf } from '../../app/lib/exports/charts';
import type { PageChart } from '../../app/lib/exports/charts/common';
import { portraitDeck } from '../../app/lib/exports/portrait-deck';
import { chartSvg } from '../../app/lib/exports/svg';
import { chartCsv } from '../../app/lib/exports/csv';
import { svgToPng } from '../../app/lib/exports/png';
import { chartPptx } from '../../app/lib/exports/pptx';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fallbackSentence, fallbackTables } from '../../app/lib/fallback-words';
import { findingSentence } from '../../app/lib/finding-words';
import { indicatorFormat } from '../../app/lib/format';
import { t } from '../../app/lib/i18n';
import { ensureDemoData } from '../../app/lib/server/ingestion/demo';
import { SUBGROUP_WEIGHT, weightOf } from '../../app/lib/server/indicators/findings';
import { buildExplorer } from '../../app/lib/server/views/explorer';
import { buildPortrait, type PortraitData } from '../../app/lib/server/views/portrait';
import { explorerQuery, portraitQuery } from '../../app/lib/server/request/queries';
import { query } from '../helpers/query';
import { tempDb } from '../helpers/temp-db';

const OUT = fileURLToPath(new URL('../../test-results/', import.meta.url));
let env: ReturnType<typeof tempDb>;
let en: PortraitData, fr: PortraitData;
const byId = (charts: PageChart[], id: string) => charts.find((c) => c.model.id === id)!;

beforeAll(async () => {
	env = tempDb();
	await ensureDemoData(env.db, env.path, 'survey');
	en = buildPortrait(env.db, 'MN', query(portraitQuery, ''), 'en', { suppress: true });
	fr = buildPortrait(env.db, 'MN', query(portraitQuery, ''), 'fr', { suppress: true });
}, 240_000);

afterAll(() => env?.cleanup());

/** The footer of an exported SVG: its text lines under the chart. */
const footerLines = (svg: string) => svg.slice(svg.lastIndexOf('</g>')).match(/<text /g)?.length ?? 0;

describe('the portrait\'s chart exports', () => {
	test('"all indicators": one compact footer (the marks drawn, the source, the method), no line per indicator', () => {
		for (const data of [en, fr]) {
			const charts = chartsOf({ view: 'portrait', data }, { locale: data === en ? 'en' : 'fr', unsuppressed: false });
			for (const id of ['all', 'all-means', 'youth', 'youth-men']) {
				const chart = byId(charts, id);
				const labels = data.indicators.map((i) => i.label);
				for (const note of chart.model.notes) expect(labels.filter((l) => note.includes(l)), `${id}: ${note}`).toEqual([]);
				// Marks (E, ×, –), the Women+ note, the demo notice, the source and the method: a few lines, whatever the number of indicators.
				expect(chart.model.notes.length, id).toBeLessThanOrEqual(4);
				expect(footerLines(chartSvg(chart)), id).toBeLessThanOrEqual(7);
			}
		}
	});

	test('the tick is the whole city and says so, in both languages; no note speaks of the rest of the city', () => {
		for (const [data, locale, legend, rest] of [[en, 'en', 'Whole city (Montréal-Nord included)', 'rest of the city'], [fr, 'fr', 'Ensemble de la ville (Montréal-Nord compris)', 'reste de la ville']] as const) {
			const charts = chartsOf({ view: 'portrait', data }, { locale, unsuppressed: false });
			const all = byId(charts, 'all');
			expect(all.draw).toMatchObject({ kind: 'dots', legend: { reference: legend } });
			for (const c of charts) for (const note of c.model.notes) expect(note).not.toContain(rest);
			// The numbers drawn as the tick are the whole city's: the explorer's city value of each indicator.
			if (all.draw.kind !== 'dots') throw new Error('dots expected');
			for (const row of all.draw.rows.slice(0, 3)) {
				const city = buildExplorer(env.db, query(explorerQuery, `?indicator=${row.key}`), locale, { suppress: true }).city!;
				expect(row.reference).toBe(city.estimate);
				const line = data.indicators.find((i) => i.id === row.key)!.all;
				expect(line.rest?.other).not.toBe(city.estimate);
			}
		}
	});
});

describe('"In brief" and the deck\'s first slide', () => {
	test('lead with everyone\'s most important finding; the young people\'s come after unless much larger', () => {
		for (const b of en.boroughs) {
			const data = buildPortrait(env.db, b.code, query(portraitQuery, ''), 'en', { suppress: true });
			const everyone = data.findings.filter((f) => !f.group);
			const lead = data.findings[0];
			if (!lead) continue;
			// A subgroup leads only when it outweighs everyone's largest finding twice over.
			if (lead.group) expect(lead.size * SUBGROUP_WEIGHT, b.code).toBeGreaterThanOrEqual(Math.max(0, ...everyone.map(weightOf)));
			const ranked = data.findings.map(weightOf);
			expect(ranked, b.code).toEqual([...ranked].sort((x, y) => y - x));
		}
		// Montréal-Nord: the young women were the lead; now a finding about everyone is.
		const lead = en.findings[0]!;
		expect(lead.group).toBeUndefined();
		const sentence = findingSentence(lead, { locale: 'en', borough: en.boroughName, wave: en.selected.wave, twoGenders: en.twoGenders,
			label: (id) => en.indicators.find((i) => i.id === id)!.label });
		expect(sentence).not.toMatch(/12.24/);
		expect(portraitDeck(en, 'en').summary[0]).toBe(sentence);
	});
});

describe('the explorer\'s age group × gender export', () => {
	test('where the page falls back to coarser tables, the export holds the same tables and the same sentence', () => {
		const data = buildExplorer(env.db, query(explorerQuery, '?borough=IS'), 'fr', { suppress: true });
		expect(data.fallback).not.toBeNull();
		const f = indicatorFormat('fr', data.indicator.type);
		const tables = fallbackTables(f, data.fallback!, { indicator: data.indicator.label, place: data.boroughName!, wave: data.selected.wave });
		expect(tables.length).toBeGreaterThan(0);
		const chart = byId(chartsOf({ view: 'explorer', data }, { locale: 'fr', unsuppressed: false }), 'age-gender');
		expect(chart.model.summary.startsWith(fallbackSentence(f, tables, data.boroughName!))).toBe(true);
		expect(chart.model.cells.map((c) => [c.category, c.estimate, c.status])).toEqual(
			tables.flatMap((tb) => tb.rows.map((r) => [tb.label(r.key), r.status === 'suppressed' ? null : r.estimate, r.status])));
		expect(chart.model.title).toBe(tables.length === 2 ? t('fr', 'screens.fallback_both_title', { indicator: data.indicator.label, place: data.boroughName!, wave: data.selected.wave }) : tables[0]!.title);
		const svg = chartSvg(chart);
		expect(svg).toContain('La plupart des cases du tableau groupe d’âge × genre');
		// The subtitle says which tables are shown, not the age group × gender table they replace.
		expect(chart.model.subtitle).not.toContain('groupe d’âge et genre');
		const shown = tables.map((tb) => tb.id).join();
		expect(chart.model.subtitle).toContain(shown === 'fallback-age,fallback-gender' ? 'par groupe d’âge et par genre' : shown === 'fallback-age' ? 'par groupe d’âge' : 'par genre');
		// Where the page shows the full table, the export does too.
		const full = buildExplorer(env.db, query(explorerQuery, '?borough=MN'), 'fr', { suppress: true });
		expect(full.fallback).toBeNull();
		expect(byId(chartsOf({ view: 'explorer', data: full }, { locale: 'fr', unsuppressed: false }), 'age-gender').model.cells).toHaveLength(full.ageGroups.length * full.genders.length);
	});
});

describe('the portrait\'s victims\' heat maps', () => {
	const unescape = (x: string) => x.replace(/&apos;/g, "'").replace(/&amp;/g, '&');
	test('where the page shows all victims together, every export does, with the page\'s sentence', async () => {
		// L'Île-Bizard–Sainte-Geneviève: most cells by the victim's gender are hidden in both matrices.
		const data = buildPortrait(env.db, 'IS', query(portraitQuery, ''), 'fr', { suppress: true });
		expect(data.matrices.length).toBeGreaterThan(0);
		const charts = chartsOf({ view: 'portrait', data }, { locale: 'fr', unsuppressed: false });
		for (const m of data.matrices) {
			expect(m.fallback, m.id).not.toBeNull();
			const chart = byId(charts, m.id);
			const why = t('fr', 'screens.fallback_matrix', { borough: data.boroughName });
			expect(chart.model.title).toBe(t('fr', 'screens.matrix_title_all', { indicator: m.label, borough: data.boroughName, wave: data.selected.wave }));
			expect(chart.model.summary.startsWith(why)).toBe(true);
			expect(chart.model.series).toEqual(['Toutes les victimes']);
			expect(chart.model.cells.map((c) => [c.category, c.series, c.estimate, c.status])).toEqual(m.categories.map((c) => {
				const v = m.fallback!.find((x) => x.category === c.key)!;
				return [c.label, 'Toutes les victimes', v.status === 'suppressed' ? null : v.estimate, v.status];
			}));
			expect(chart.model.cells.some((c) => c.estimate !== null)).toBe(true);
			expect(chart.draw).toMatchObject({ kind: 'heatmap', columns: ['all'] });
			const svg = unescape(chartSvg(chart));
			expect(svg).toContain(why.slice(0, 40));
			expect(svg).toContain(' · Toutes les victimes');
			expect(svg).toContain('data-column="all"');
			expect(svg).not.toMatch(/data-column="(wo)?men\+?"/);
			const csv = chartCsv(chart.model);
			expect(csv).toContain('Toutes les victimes');
			expect(csv).not.toContain('Femmes+');
			expect((await chartPptx(chart.model)).length).toBeGreaterThan(0);
		}
		// A look at one, drawn as a viewer downloads it.
		mkdirSync(OUT, { recursive: true });
		writeFileSync(`${OUT}portrait-IS-${data.matrices[0]!.id}-fallback.png`, (await svgToPng(chartSvg(byId(charts, data.matrices[0]!.id)), { scale: 2, background: 'white' })).png);
	});

	test('where the page shows the table by the victim\'s gender, so do the exports', () => {
		for (const data of [en, fr]) {
			const charts = chartsOf({ view: 'portrait', data }, { locale: data === en ? 'en' : 'fr', unsuppressed: false });
			for (const m of data.matrices) {
				expect(m.fallback, m.id).toBeNull();
				const chart = byId(charts, m.id);
				expect(chart.model.cells).toHaveLength(m.categories.length * m.genders.length);
				expect(chart.model.series).toHaveLength(m.genders.length);
				expect(chart.model.title).toBe(t(data === en ? 'en' : 'fr', 'portrait.matrix_title', { indicator: m.label, borough: data.boroughName, wave: data.selected.wave }));
				expect(chart.model.summary).not.toContain(t(data === en ? 'en' : 'fr', 'screens.fallback_matrix', { borough: data.boroughName }));
			}
		}
	});
});
