import Papa from 'papaparse';
import { describe, expect, test } from 'vitest';
import { chartCsv } from '../../../app/lib/exports/csv';
import { neutralise } from '../../../app/lib/exports/spreadsheet-text';
import type { ChartExport } from '../../../app/lib/exports/model';

const chart = (over: Partial<ChartExport> = {}): ChartExport => ({
	id: 'age-gender', chart: 'bars', file: 'vigie-test', locale: 'fr',
	title: 'Titre, avec virgule ; et point-virgule', subtitle: '=HYPERLINK("http://x")', source: 'Source : test', method: 'Méthode',
	notes: ['@note dangereuse', 'Ligne "citée"'], summary: 'Résumé',
	measure: { type: 'proportion', label: 'part (%)' }, categories: ['12–17 ans', '-18'], series: ['Femmes', '+Hommes'],
	cells: [
		{ category: '12–17 ans', series: 'Femmes', estimate: 0.6234567, ci: [0.5, 0.71], n: 120, status: 'ok', flags: [] },
		{ category: '12–17 ans', series: '+Hommes', estimate: null, ci: null, n: 12, status: 'suppressed', flags: ['n_below_min'] },
		{ category: '-18', series: 'Femmes', estimate: 0.1, ci: [0.05, 0.2], n: 40, status: 'flag', flags: ['cv_high'] },
		{ category: '\tonglet', series: null, estimate: null, ci: null, n: 0, status: 'no_data', flags: [] }
	],
	...over
});

const table = (csv: string, delimiter: string) => Papa.parse<string[]>(csv.replace(/^\uFEFF/, ''), { delimiter, comments: '#', skipEmptyLines: true });
const meta = (csv: string, delimiter: string) => Papa.parse<string[]>(csv.replace(/^\uFEFF/, ''), { delimiter, skipEmptyLines: true }).data.filter((r) => r[0] === '#').map((r) => r[1]);

describe('chartCsv', () => {
	test('UTF-8 BOM, CRLF, French variant: ; between fields, decimal commas, percent', () => {
		const csv = chartCsv(chart());
		expect(csv.startsWith('\uFEFF#;')).toBe(true);
		expect(csv.endsWith('\r\n')).toBe(true);
		const t = table(csv, ';');
		expect(t.errors).toEqual([]);
		expect(t.data[0]).toEqual(['Catégorie', 'Série', 'Estimation (%)', 'IC 95 % borne inférieure (%)', 'IC 95 % borne supérieure (%)', 'n', 'Fiabilité', 'Codes de fiabilité']);
		expect(t.data[1]).toEqual(['12–17 ans', 'Femmes', '62,3457', '50', '71', '120', 'Fiable', '']);
	});

	test('English variant: , and .; the words stay in the export\'s language', () => {
		const t = table(chartCsv(chart(), 'en'), ',');
		expect(t.errors).toEqual([]);
		expect(t.data[1]!.slice(2, 5)).toEqual(['62.3457', '50', '71']);
		expect(t.data[0]![0]).toBe('Catégorie');
		const en = table(chartCsv(chart({ locale: 'en' })), ',');
		expect(en.data[0]).toEqual(['Category', 'Series', 'Estimate (%)', '95% CI low (%)', '95% CI high (%)', 'n', 'Reliability', 'Flags']);
	});

	test('a suppressed cell is empty and its reliability says why; no data says so', () => {
		const t = table(chartCsv(chart()), ';');
		expect(t.data[2]).toEqual(['12–17 ans', "'+Hommes", '', '', '', '12', 'Supprimée : trop peu de répondants', 'n_below_min']);
		expect(t.data[3]![6]).toBe('À utiliser avec prudence : assez imprécise');
		expect(t.data[4]!.slice(2, 7)).toEqual(['', '', '', '0', 'Aucune donnée']);
	});

	test('an analyst\'s unsuppressed cell keeps its value, marked not for publication', () => {
		const c = chart();
		c.cells[1] = { ...c.cells[1]!, estimate: 0.42, ci: [0.2, 0.66] };
		const row = table(chartCsv(c), ';').data[2]!;
		expect(row.slice(2, 5)).toEqual(['42', '20', '66']);
		expect(row[6]).toBe('Supprimée : trop peu de répondants · non publiable');
	});

	test('cells a spreadsheet would run as formulas are neutralised, in the table and the words', () => {
		const csv = chartCsv(chart());
		const t = table(csv, ';');
		expect(t.data[3]![0]).toBe("'-18");
		expect(t.data[4]![0]).toBe("'\tonglet");
		const m = meta(csv, ';');
		expect(m).toContain("'=HYPERLINK(\"http://x\")");
		expect(m).toContain("'@note dangereuse");
		expect(m).toContain('Ligne "citée"');
		expect(m[0]).toBe('Titre, avec virgule ; et point-virgule');
		for (const line of csv.replace(/^\uFEFF/, '').split('\r\n')) for (const field of Papa.parse<string[]>(line, { delimiter: ';' }).data[0] ?? []) expect(field).not.toMatch(/^[=+\-@\t\r]/);
	});

	test('compared values end with a verdict column, neutralised like every text cell; charts without comparisons have none', () => {
		const c = chart();
		c.cells = c.cells.map((x, k) => ({ ...x, verdict: ['Significativement plus bas (reste de la ville : 58 %)', '=1+1', '', '-'][k]! }));
		const t = table(chartCsv(c), ';');
		expect(t.errors).toEqual([]);
		expect(t.data[0]!.at(-1)).toBe('Verdict');
		expect(t.data.slice(1).map((r) => r.at(-1))).toEqual(['Significativement plus bas (reste de la ville : 58 %)', "'=1+1", '', "'-"]);
		expect(table(chartCsv({ ...c, locale: 'en' }), ',').data[0]!.at(-1)).toBe('Verdict');
		expect(table(chartCsv(chart()), ';').data[0]).toHaveLength(8);
	});

	test('neutralise leaves ordinary text alone', () => {
		expect(neutralise('Montréal-Nord')).toBe('Montréal-Nord');
		expect(neutralise('=1+1')).toBe("'=1+1");
		expect(neutralise('\r')).toBe("'\r");
	});

	test('means are written as they are, without (%)', () => {
		const t = table(chartCsv(chart({ measure: { type: 'mean', label: 'score' }, cells: [{ category: 'a', series: null, estimate: 6.54321, ci: [6.1, 7], n: 50, status: 'ok', flags: [] }] })), ';');
		expect(t.data[0]![2]).toBe('Estimation');
		expect(t.data[1]!.slice(2, 5)).toEqual(['6,5432', '6,1', '7']);
	});
});
