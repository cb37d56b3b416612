/**
 * From the pages' views to their exports, on the demo survey in a real SQLite file: the
 * ChartExports hold the views' numbers exactly, suppression holds, the SVG is self-contained XML
 * with the words around the chart, and the PNG has real glyphs drawn with the shipped font.
 */
import { XMLValidator } from 'fast-xml-parser';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { chartsOf } from '../../app/lib/exports/charts';
import type { PageChart } from '../../app/lib/exports/charts/common';
import { chartSvg, wrap } from '../../app/lib/exports/svg';
import { chartCsv } from '../../app/lib/exports/csv';
import Papa from 'papaparse';
import { svgToPng } from '../../app/lib/exports/png';
import { ensureDemoData } from '../../app/lib/server/ingestion/demo';
import { buildExplorer, type ExplorerData } from '../../app/lib/server/views/explorer';
import { buildOverview } from '../../app/lib/server/views/overview';
import { buildPortrait, type PortraitData } from '../../app/lib/server/views/portrait';
import { tempDb } from '../helpers/temp-db';
import { query } from '../helpers/query';
import { explorerQuery, overviewQuery, portraitQuery } from '../../app/lib/server/request/queries';

let env: ReturnType<typeof tempDb>;
let explorer: ExplorerData, explorerOpen: ExplorerData, portrait: PortraitData;
const byId = (charts: PageChart[], id: string) => charts.find((c) => c.model.id === id)!;

beforeAll(async () => {
	env = tempDb();
	await ensureDemoData(env.db, env.path, 'survey');
	explorer = buildExplorer(env.db, query(explorerQuery, '?borough=AC&wave=2024'), 'fr', { suppress: true });
	explorerOpen = buildExplorer(env.db, query(explorerQuery, '?borough=AC&wave=2024'), 'fr', { suppress: false });
	portrait = buildPortrait(env.db, 'MN', query(portraitQuery, ''), 'en', { suppress: true });
}, 240_000);

afterAll(() => env?.cleanup());

describe('views → ChartExports', () => {
	test('the explorer has its four charts, with the page\'s numbers', () => {
		const charts = chartsOf({ view: 'explorer', data: explorer }, { locale: 'fr', unsuppressed: false });
		expect(charts.map((c) => c.model.id)).toEqual(['map', 'age-gender', 'boroughs', 'trend']);
		const bars = byId(charts, 'age-gender').model;
		expect(bars.cells).toHaveLength(explorer.ageGroups.length * explorer.genders.length);
		for (const r of explorer.rows) {
			const c = bars.cells.find((x) => x.category === `${r.age_group.replace('-', '–')} ans` && x.series === { woman: 'Femmes', man: 'Hommes', 'non-binary': 'Personnes non binaires', 'women+': 'Femmes+', 'men+': 'Hommes+' }[r.gender])!;
			expect([c.estimate, c.ci, c.n, c.status]).toEqual([r.estimate, r.ci, r.n, r.status]);
		}
		const map = byId(charts, 'map').model;
		expect(map.cells.map((c) => [c.category, c.estimate, c.n])).toEqual(explorer.mapRows.map((r) => [r.name, r.estimate, r.n]));
		const trend = byId(charts, 'trend').model;
		expect(trend.cells.map((c) => [c.category, c.estimate])).toEqual(explorer.trend.map((t) => [t.wave, t.estimate]));
		expect(bars.title).toBe('Se sentent en sécurité seuls le soir selon le groupe d’âge et le genre : Ahuntsic-Cartierville, 2024');
		// The subtitle adds what the title does not say: the definition, the wave, the population.
		expect(bars.subtitle).toBe('Part des résidents qui se sentent très ou plutôt en sécurité lorsqu’ils marchent seuls dans leur quartier le soir · Vague 2024 · Répondants : Ahuntsic-Cartierville, par groupe d’âge et genre');
		expect(bars.subtitle).not.toContain(bars.title);
		expect(bars.source).toMatch(/^Source : Enquête de démonstration Vigie .* \(vague 2024\), 27\s000 répondants\. Plan : poids de réplication\. Intervalle : Korn–Graubard\.$/);
		expect(bars.method).toBe('Valeurs avec intervalles de confiance à 95 % (Korn–Graubard).');
		expect(bars.file).toBe('vigie-explorer-feel_safe_after_dark-age-gender-2024-AC-fr');
	});

	test('one note per reason present, then the synthetic-data note; suppressed cells have no value', () => {
		const bars = byId(chartsOf({ view: 'explorer', data: explorer }, { locale: 'fr', unsuppressed: false }), 'age-gender').model;
		const suppressed = bars.cells.filter((c) => c.status === 'suppressed');
		expect(suppressed.length).toBeGreaterThan(0);
		for (const c of suppressed) expect([c.estimate, c.ci]).toEqual([null, null]);
		expect(bars.notes.filter((n) => n.includes('supprimée'))).toHaveLength(1);
		// In the plural the language asks for, with the mark the chart draws for them.
		expect(bars.notes[0]).toMatch(new RegExp(`^${suppressed.length} valeurs supprimées \\(×\\) :`));
		expect(bars.notes.some((n) => n.startsWith('Données de démonstration'))).toBe(true);
		expect(bars.notes.some((n) => n.startsWith('Non publiable'))).toBe(false);
	});

	test('an analyst\'s unsuppressed view keeps the values, noted not for publication; the same view exported for a viewer loses them', () => {
		const open = byId(chartsOf({ view: 'explorer', data: explorerOpen }, { locale: 'fr', unsuppressed: true }), 'age-gender').model;
		const hidden = open.cells.filter((c) => c.status === 'suppressed');
		expect(hidden.some((c) => c.estimate !== null)).toBe(true);
		expect(open.notes.at(-1)).toMatch(/^Non publiable/);
		const viewer = byId(chartsOf({ view: 'explorer', data: buildExplorer(env.db, query(explorerQuery, '?borough=AC&wave=2024'), 'fr', { suppress: false }) }, { locale: 'fr', unsuppressed: false }), 'age-gender').model;
		for (const c of viewer.cells.filter((x) => x.status === 'suppressed')) expect([c.estimate, c.ci]).toEqual([null, null]);
	});

	test('the portrait: the shares and the means against the city, the young women, the young men, and each matrix, in English', () => {
		const charts = chartsOf({ view: 'portrait', data: portrait }, { locale: 'en', unsuppressed: false });
		expect(charts.map((c) => c.model.id)).toEqual(['all', 'all-means', 'youth', 'youth-men', ...portrait.matrices.map((m) => m.id)]);
		const all = byId(charts, 'all').model;
		const shares = portrait.indicators.filter((i) => i.type === 'proportion');
		expect(all.series).toEqual(['Montréal-Nord', 'Whole city']);
		expect(byId(charts, 'all').draw).toMatchObject({ kind: 'dots', legend: { value: 'Montréal-Nord (95% CI)', reference: 'Whole city (Montréal-Nord included)' } });
		expect(all.cells.filter((c) => c.series === all.series[0]).map((c) => c.estimate)).toEqual(shares.map((i) => i.all.borough.estimate));
		expect(all.cells.filter((c) => c.series === all.series[1]).map((c) => c.estimate)).toEqual(shares.map((i) => i.all.city.estimate));
		const youth = byId(charts, 'youth').model;
		expect(youth.cells.filter((c) => c.series === youth.series[0]).map((c) => c.n)).toEqual(shares.map((i) => i.youth.find((y) => y.gender === 'woman')!.borough.n));
		const m = portrait.matrices[0]!;
		const heat = byId(charts, m.id);
		expect(heat.model.chart).toBe('heatmap');
		expect(heat.model.cells).toHaveLength(m.categories.length * m.genders.length);
		expect(heat.model.source).toMatch(/^Source: .*\(wave 2024\)/);
		// What the marks mean and who Women+ and Men+ are, as every chart export says it.
		expect(m.genders).toContain('women+');
		expect(heat.model.notes).toContain('Women+ and Men+: women and men, each with some of the non-binary people, who are too few to be shown on their own at this level (the two-category gender of Statistics Canada’s 2021 Census).');
	});

	test('the portrait\'s CSV: each borough row says how it compares, in the page\'s words, under a translated "verdict" header', () => {
		const words = {
			en: { rest: /^(Significantly (higher|lower) than in|No significant difference from) the rest of the city \(rest of the city: [\d.]+%\)/, header: 'Verdict' },
			fr: { rest: /^(Significativement plus (élevé|bas) que dans|Pas de différence significative avec) le reste de la ville \(reste de la ville : [\d,]+\s%\)/, header: 'Verdict' }
		};
		for (const locale of ['en', 'fr'] as const) {
			const data = locale === 'en' ? portrait : buildPortrait(env.db, 'MN', query(portraitQuery, ''), 'fr', { suppress: true });
			for (const id of ['all', 'youth']) {
				const chart = byId(chartsOf({ view: 'portrait', data }, { locale, unsuppressed: false }), id).model;
				const parsed = Papa.parse<Record<string, string>>(chartCsv(chart).replace(/^\uFEFF/, ''), { delimiter: locale === 'fr' ? ';' : ',', header: true, comments: '#', skipEmptyLines: true });
				expect(parsed.errors).toEqual([]);
				expect(parsed.meta.fields!.at(-1)).toBe(words[locale].header);
				const shares = data.indicators.filter((i) => i.type === 'proportion');
				const mine = parsed.data.filter((r) => r[locale === 'fr' ? 'Série' : 'Series'] === data.boroughName);
				expect(mine).toHaveLength(shares.length);
				shares.forEach((ind, k) => {
					const line = id === 'all' ? ind.all : ind.youth.find((y) => y.gender === 'woman')!;
					const verdict = mine[k]![words[locale].header]!;
					if (!line.rest) return;
					expect(verdict, `${locale} ${id} ${ind.id}`).toMatch(words[locale].rest);
					expect(verdict.toLowerCase()).toContain(line.rest.text.toLowerCase());
					// The change since the previous wave where the page shows one.
					if (line.previous) expect(verdict).toContain(` · ${line.previous.text.charAt(0).toUpperCase()}${line.previous.text.slice(1)} (${line.previous.wave}`);
				});
				expect(mine.some((r) => r[words[locale].header] !== '')).toBe(true);
				// The city is not compared: its rows say nothing.
				for (const r of parsed.data.filter((x) => x[locale === 'fr' ? 'Série' : 'Series'] !== data.boroughName)) expect(r[words[locale].header]).toBe('');
			}
		}
	});

	test('the overview: one map per indicator, with every borough\'s value', () => {
		const data = buildOverview(env.db, query(overviewQuery, '?wave=2023'), 'fr', { suppress: true });
		const charts = chartsOf({ view: 'overview', data }, { locale: 'fr', unsuppressed: false });
		expect(charts.map((c) => c.model.id)).toEqual(data.indicators.map((i) => `map-${i.id}`));
		expect(charts[0]!.model.cells).toHaveLength(19);
		expect(charts[0]!.model.cells.map((c) => c.estimate)).toEqual(data.indicators[0]!.boroughs.map((b) => b.estimate));
	});
});

describe('SVG', () => {
	test('every chart: XML, xmlns, title, subtitle, source, method and notes as text; no CSS, no classes', () => {
		const charts = [...chartsOf({ view: 'explorer', data: explorer }, { locale: 'fr', unsuppressed: false }), ...chartsOf({ view: 'portrait', data: portrait }, { locale: 'en', unsuppressed: false })];
		const text = (s: string) => s.replace(/&amp;/g, '&').replace(/&apos;/g, "'").replace(/&quot;/g, '"');
		for (const c of charts) {
			const svg = chartSvg(c);
			expect(XMLValidator.validate(svg), c.model.id).toBe(true);
			expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
			expect(text(svg)).toContain(`<title>${c.model.title}</title>`);
			const words = text(svg.replace(/<\/text>\n<text[^>]*>/g, ' '));
			for (const s of [c.model.title, c.model.subtitle, c.model.source, c.model.method, ...c.model.notes]) expect(words, `${c.model.id}: ${s}`).toContain(s);
			for (const bad of ['class=', '<style', 'var(', 'foreignObject', 'system-ui', '<!--', 'em"']) expect(svg).not.toContain(bad);
			expect(svg).toContain("font-family=\"&apos;Liberation Sans&apos;, Arial, Helvetica, sans-serif\"");
		}
	});

	test('the analyst\'s export never draws a suppressed value: the cell is hatched and its value is nowhere', () => {
		const bars = byId(chartsOf({ view: 'explorer', data: explorerOpen }, { locale: 'fr', unsuppressed: true }), 'age-gender');
		const svg = chartSvg(bars);
		const hidden = explorerOpen.rows.filter((r) => r.status === 'suppressed' && r.estimate !== null);
		expect(hidden.length).toBeGreaterThan(0);
		for (const r of hidden) {
			const esc = (x: string) => x.replace(/[+]/g, '\\+');
			expect(svg).toMatch(new RegExp(`<rect data-group="${esc(r.age_group)}" data-series="${esc(r.gender)}"[^>]*fill="url\\(#export-age-gender-hatch\\)"`));
			expect(svg).not.toContain(new Intl.NumberFormat('fr-CA', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(r.estimate!) + ' [');
		}
	});

	test('wrap cuts at spaces, never inside a number with its non-breaking space', () => {
		const lines = wrap('Source : 27\u00a0000 répondants dans une très longue phrase qui ne tient pas sur une ligne', 200, 12);
		expect(lines.length).toBeGreaterThan(1);
		expect(lines.join(' ')).toBe('Source : 27\u00a0000 répondants dans une très longue phrase qui ne tient pas sur une ligne');
		for (const l of lines) expect(l.length).toBeLessThanOrEqual(Math.floor(200 / (12 * 0.52)));
	});
});

describe('PNG', () => {
	test('2× and 4× of the SVG\'s size; white or transparent; the title is drawn in real glyphs', async () => {
		const chart = byId(chartsOf({ view: 'portrait', data: portrait }, { locale: 'en', unsuppressed: false }), portrait.matrices[0]!.id);
		const svg = chartSvg(chart);
		const [w, h] = [/ width="(\d+)"/, / height="(\d+)"/].map((re) => Number(re.exec(svg)![1]));
		for (const [scale, background] of [[2, 'white'], [4, 'transparent']] as const) {
			const out = await svgToPng(svg, { scale, background });
			const png = PNG.sync.read(Buffer.from(out.png));
			expect([png.width, png.height]).toEqual([w! * scale, h! * scale]);
			const alpha0 = png.data[3];
			expect(alpha0).toBe(background === 'white' ? 255 : 0);
			// The title's band (its first line, 18 px at y 24–47): dark pixels in many columns, as letters make.
			const columns = new Set<number>();
			for (let y = 26 * scale; y < 46 * scale; y++)
				for (let x = 0; x < png.width; x++) {
					const i = (y * png.width + x) * 4;
					if (png.data[i + 3]! > 128 && png.data[i]! < 90) columns.add(x);
				}
			expect(columns.size).toBeGreaterThan(200 * scale);
		}
	});

	test('text only: the shipped font draws glyphs (an unknown family falls back to it)', async () => {
		const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><text x="10" y="28" font-family="NoSuchFont, sans-serif" font-size="24" fill="#000">Vigie é 62,4 %</text></svg>';
		const png = PNG.sync.read(Buffer.from((await svgToPng(svg, { scale: 2, background: 'white' })).png));
		let dark = 0;
		for (let i = 0; i < png.data.length; i += 4) if (png.data[i]! < 100) dark++;
		expect(dark).toBeGreaterThan(1000);
		const blank = PNG.sync.read(Buffer.from((await svgToPng(svg.replace(/<text[^]*<\/text>/, ''), { scale: 2, background: 'white' })).png));
		expect([...blank.data].filter((v, i) => i % 4 === 0 && v < 100)).toHaveLength(0);
	});
});
