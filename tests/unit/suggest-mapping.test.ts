/**
 * The mapping assistant's pure parts, as tables: what a column's name and values say about each
 * role, PSUs within strata, identifiers made of several columns, replicate series, missing codes
 * that stand apart, and whole proposals for small files in French, English and Spanish.
 */
import { describe, expect, test } from 'vitest';
import { nameEvidence } from '../../ingest/suggest/aliases';
import { profileColumns } from '../../ingest/suggest/profile';
import { scoreColumn } from '../../ingest/suggest/score';
import { findJoinedKey } from '../../ingest/suggest/joined-key';
import { replicateSeries } from '../../ingest/suggest/replicates';
import { gapMissingCodes, geographyName } from '../../ingest/suggest/draft';
import { suggestRoles, draftMapping } from '../../ingest/suggest';
import { nameKey } from '../../ingest/names';

const profile = (header: string, values: string[]) => profileColumns([header], values.map((v) => [v]), '.')[0]!;
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => String(from + i));

describe('names', () => {
	test.each([
		['SEX', 'gender', { kind: 'alias', language: null }],
		['sexo', 'gender', { kind: 'alias', language: 'es' }],
		['Genre', 'gender', { kind: 'alias', language: 'fr' }],
		['EDA', 'age', { kind: 'alias', language: 'es' }],
		['Âge', 'age', { kind: 'alias', language: null }],
		['FACTOR', 'weight', { kind: 'alias', language: 'es' }],
		['Pondération', 'weight', { kind: 'alias', language: 'fr' }],
		['EST_DIS', 'stratum', { kind: 'alias', language: 'es' }],
		['UPM', 'psu', { kind: 'alias', language: 'es' }],
		['conglomerado', 'psu', { kind: 'alias', language: 'es' }],
		['CD_NOMBRE', 'borough', { kind: 'alias', language: 'es' }],
		['municipio', 'borough', { kind: 'alias', language: 'es' }],
		['SEXO_INF', 'gender', { kind: 'part', part: 'sexo' }],
		['FAC_HOG', 'weight', { kind: 'part', part: 'fac' }],
		['P1', 'gender', null],
		['demo/genre', 'gender', { kind: 'alias', language: 'fr' }]
	] as const)('%s for %s', (header, role, expected) => {
		expect(nameEvidence(header, role)).toEqual(expected);
	});
});

describe('what a column says about a role', () => {
	const sex = profile('SEX', ['1', '2', '2', '1', '2']);
	const words = profile('q7', ['F', 'H', 'F', 'F', 'H']);
	const items = profile('P3', ['1', '2', '9', '1', '2']);
	const ages = profile('EDA', [...range(18, 60), '18', '40']);
	const weights = profile('w', ['12.5', '300.25', '45.1', '80', '990.5', '15', '22.2', '31.3', '44.4', '51.5', '600']);
	const integerCounts = profile('amount', ['120', '3000', '450', '80', '990', '15', '222', '313', '444', '515', '600']);
	test.each([
		['SEX: name and two codes', sex, 'gender', 0.8, ['alias_common', 'gender_codes']],
		['a column of F and H, named nothing', words, 'gender', 0.4, ['gender_words']],
		['an item with 1, 2, 9 is no gender by its values alone', items, 'gender', 0.2, ['gender_codes']],
		['EDA: name and ages', ages, 'age', 0.95, ['alias', 'ages']],
		['decimals with a wide spread', weights, 'weight', 0.35, ['weights']],
		['whole amounts are weaker weights', integerCounts, 'weight', 0.25, ['weights']],
		['ages are no weights', ages, 'weight', 0.1, ['alias_part'].slice(1)]
	] as const)('%s', (_name, p, role, score, reasons) => {
		const s = scoreColumn(p, role);
		expect(s.score).toBeCloseTo(score, 9);
		expect(s.reasons.map((r) => r.code)).toEqual(reasons);
	});

	test('a name contradicted by the values counts for half (a "sex" column with 40 codes is no gender)', () => {
		expect(scoreColumn(profile('sexo', range(1, 40)), 'gender').score).toBeCloseTo(0.3, 9);
	});
});

describe('missing codes that stand apart', () => {
	test.each([
		[['1', '2', '3', '4', '9'], ['9']],
		[['1', '2', '8', '9'], ['8', '9']],
		[range(0, 10), []],
		[[...range(0, 10), '99'], ['99']],
		[['1', '2'], []],
		[['a', 'b', '9'], []]
	])('%j → %j', (values, expected) => {
		expect(gapMissingCodes(profile('q', values))).toEqual(expected);
	});
});

describe('identifiers and replicates', () => {
	test('the fewest columns that identify every row, leftmost on a tie', () => {
		const header = ['upm', 'viv', 'ren', 'P1'];
		const rows = [['1', '1', '1', '1'], ['1', '2', '1', '2'], ['2', '1', '1', '1'], ['2', '2', '1', '1'], ['3', '1', '1', '2']];
		expect(findJoinedKey(profileColumns(header, rows, '.'), rows, new Set())).toEqual([0, 1]);
		// Without the dwelling column, nothing identifies a row.
		expect(findJoinedKey(profileColumns(header, rows, '.'), rows, new Set([1]))).toBeNull();
	});

	test.each([
		[['id', 'bw_1', 'bw_2', 'bw_3'], 'bw_'],
		[['id', 'REPWT1', 'REPWT2'], 'REPWT'],
		[['id', 'P3_1', 'P3_2', 'P3_3'], null]
	])('%j → prefix %s', (header, prefix) => {
		const rows = Array.from({ length: 40 }, (_, i) => header.map((h, k) => (k === 0 ? `r${i}` : h.startsWith('P3') ? String(1 + (i % 3)) : String(10 + ((i * 7 + k * 13) % 97)))));
		expect(replicateSeries(profileColumns(header, rows, '.'))?.prefix ?? null).toBe(prefix);
	});
});

describe('whole proposals', () => {
	const montreal = { name: 'montreal', areas: ['Verdun', 'Montréal-Nord', 'Saint-Laurent', 'Outremont'].map((name, id) => ({ id, name, key: nameKey(name) })) };

	test('a French file: roles, codes, areas matched to the geography with a near miss mapped', () => {
		const header = ['No_questionnaire', 'Arrondissement', 'Sexe_R', 'Âge', 'Pondération', 'Q1'];
		const boroughs = ['Verdun', 'Montreal Nord', 'Saint-Laurent', 'Outremont', 'Montral-Nord'];
		const rows = Array.from({ length: 60 }, (_, i) => [`Q${1000 + i}`, boroughs[i % 5]!, String(1 + (i % 2)), String(18 + i), String(20 + ((i * 37) % 200) + 0.5), String(1 + (i % 4))]);
		const s = suggestRoles(header, rows, [montreal]);
		expect(Object.fromEntries(Object.entries(s.chosen).map(([r, c]) => [r, c.source]))).toEqual({
			respondent_id: 'No_questionnaire', borough: 'Arrondissement', age: 'Âge', gender: 'Sexe_R', weight: 'Pondération' });
		const draft = draftMapping(s, { fileName: 'enquete.csv', geographies: [montreal], dialect: {}, header });
		expect(draft.mapping).toMatchObject({ geography: 'montreal', new_areas: false, values: { gender: { '1': 'man', '2': 'woman' }, borough: { 'Montral-Nord': 'Montréal-Nord' } } });
		expect(draft.waveNeeded).toBe(true);
	});

	test('an English file without gender or age: declared absent in the draft', () => {
		const header = ['respondent', 'district', 'wgt', 'q1'];
		const rows = Array.from({ length: 30 }, (_, i) => [`R${i}`, ['Verdun', 'Outremont'][i % 2]!, String(1.5 + i), String(i % 2)]);
		const draft = draftMapping(suggestRoles(header, rows, [montreal]), { fileName: 'x.csv', geographies: [montreal], dialect: {}, header });
		expect(draft.mapping.columns).toMatchObject({ respondent_id: 'respondent', borough: 'district', weight: 'wgt', gender: null, age: null });
	});

	test('a Spanish file of another country: its areas as a new geography named after the file', () => {
		const header = ['folio', 'municipio', 'sexo', 'edad', 'factor'];
		const rows = Array.from({ length: 40 }, (_, i) => [String(i + 1), ['Puebla', 'León', 'Toluca'][i % 3]!, String(1 + (i % 2)), String(20 + i), String(1000 + i * 37)]);
		const s = suggestRoles(header, rows, [montreal]);
		const draft = draftMapping(s, { fileName: 'Encuesta 2024 (T1).csv', geographies: [montreal], dialect: {}, header });
		expect(draft.mapping).toMatchObject({ geography: 'encuesta-2024-t1', new_areas: true, columns: { borough: 'municipio', gender: 'sexo', age: 'edad', weight: 'factor' } });
		expect(geographyName('ENSU 2015 (Q1).csv')).toBe('ensu-2015-q1');
	});
});
