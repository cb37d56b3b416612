/**
 * The rules behind the ingestion report, as tables: an answer judged against an item's domain,
 * the domains the catalog declares, weights that are no weights, the report's plurals, and the
 * upload page's mapping form turned into a mapping.
 */
import { describe, expect, test } from 'vitest';
import { judgeAnswer, type ItemDomain } from '../../ingest/survey/item-check';
import { weightProblem } from '../../ingest/survey/weights';
import { itemDomains } from '../../app/lib/server/settings/item-domains';
import { Catalog } from '../../app/lib/engine/catalog';
import defaultCatalog from '../../app/lib/catalog/default-catalog.json';
import { t } from '../../app/lib/i18n';
import { issueAdvice, issueMessage, issueProblem } from '../../app/lib/server/ingestion/issues';
import { reasonText } from '../../app/lib/server/ingestion/reasons';
import type { IngestIssue } from '../../ingest/report';
import { mappingFromForm } from '../../app/lib/server/ingestion/column-mapping-form';

const fourCodes: ItemDomain = { codes: ['1', '2', '3', '4'], missing: ['8', '9', '99'] };
const yesNo: ItemDomain = { codes: ['0', '1'], missing: ['8', '9', '99'] };
const score: ItemDomain = { codes: [], range: { min: 0, max: 10 }, missing: ['99'] };
const context: ItemDomain = { codes: ['private', 'academic'], missing: ['8', '9', '99'] };

describe('an answer against its item’s domain', () => {
	test.each([
		['safe_after_dark', '2', fourCodes, null, { ok: true, value: '2' }],
		['safe_after_dark', '9', fourCodes, null, { ok: true, value: '9' }],
		['safe_after_dark', '', fourCodes, null, { ok: true, value: undefined }],
		['safe_after_dark', '5', fourCodes, null, { ok: false, code: 'item_code_unknown', params: { expected: '1, 2, 3, 4', missing: '8, 9, 99' } }],
		['safe_after_dark', '5', fourCodes, ['5'], { ok: true, value: undefined, extra: true }],
		['safe_after_dark', '9', fourCodes, ['9'], { ok: true, value: undefined, extra: false }],
		['safe_after_dark', '02', fourCodes, null, { ok: false, code: 'item_code_unknown', suggestion: '2' }],
		['victim', 'oui', yesNo, null, { ok: false, code: 'item_not_code', suggestion: '1', hint: { code: 'map_item_value' } }],
		['victim', 'TRUE', yesNo, null, { ok: false, code: 'item_not_code', suggestion: '1' }],
		['victim', 'peut-être', yesNo, null, { ok: false, code: 'item_not_code', hint: { code: 'declare_missing' } }],
		['victim', '2', yesNo, null, { ok: false, code: 'item_code_unknown' }],
		['trust', '7.5', score, null, { ok: true, value: '7.5' }],
		['trust', '11', score, null, { ok: false, code: 'item_out_of_range', params: { min: 0, max: 10, missing: '99' } }],
		['trust', 'beaucoup', score, null, { ok: false, code: 'item_not_code' }],
		['trust', '99', score, null, { ok: true, value: '99' }],
		['context', 'privé', context, null, { ok: false, code: 'item_code_unknown' }],
		['context', 'private', context, null, { ok: true, value: 'private' }]
	] as const)('%s “%s”', (item, v, d, declared, expected) => {
		expect(judgeAnswer(item, v, d, declared)).toMatchObject(expected);
	});
});

describe('the domains the catalog declares', () => {
	const domains = itemDomains(Catalog.parse(defaultCatalog));
	test.each([
		['safe_after_dark', { codes: ['1', '2', '3', '4'], missing: ['8', '9', '99'] }],
		['victim_sexual_12m', { codes: ['0', '1'], missing: ['8', '9', '99'] }],
		['trust_police', { codes: [], range: { min: 0, max: 10 }, missing: ['99'] }],
		['victim_context', { codes: ['private', 'academic', 'external_public', 'internal_public'], missing: ['8', '9', '99'] }]
	])('%s', (item, expected) => {
		expect(domains[item]).toEqual(expected);
	});
});

describe('weights that are no weights', () => {
	test.each([
		[250.5, null],
		[1e12, null],
		[1e12 * 1.000001, 'weight_out_of_range'],
		[1e-300, null],
		[1e-310, 'weight_out_of_range'],
		[Infinity, 'weight_out_of_range'],
		[NaN, 'weight_out_of_range']
	])('%s', (w, code) => {
		expect(weightProblem(w)?.code ?? null).toBe(code);
	});
});

describe('plurals and the report’s words', () => {
	test.each([
		['en', 0, '0 errors: nothing was stored.'],
		['en', 1, '1 error: nothing was stored.'],
		['en', 2, '2 errors: nothing was stored.'],
		['fr', 0, '0 erreur : rien n’a été enregistré.'],
		['fr', 1, '1 erreur : rien n’a été enregistré.'],
		['fr', 2, '2 erreurs : rien n’a été enregistré.']
	] as const)('%s, %i', (locale, count, expected) => {
		expect(t(locale, 'ingest.failed', { count })).toBe(expected);
	});

	const wave = { line: null, column: 'wave', value: null, code: 'wave_missing' as const };
	test.each([
		['cli', /--wave/],
		['web', /the “Wave” field/],
		['api', /wave=… to the request/]
	] as const)('no wave, read on the %s', (audience, words) => {
		const m = issueMessage('en', wave, audience);
		expect(m).toMatch(words);
		if (audience !== 'cli') expect(m).not.toContain('--wave');
	});

	test('a blank weight’s advice names the mapping key on the command line and the form’s choice on the page', () => {
		const blank = { line: 4, column: 'weight', value: '', code: 'required' as const, hint: { code: 'weight_blank' as const } };
		expect(issueAdvice('en', blank, 'cli')).toContain('"weight": {"constant": "1"}');
		expect(issueAdvice('fr', blank, 'web')).toContain('« Pas de poids (1 pour tous) »');
	});
});

describe('the mapping form, posted', () => {
	const form = (fields: Record<string, string>) => {
		const f = new FormData();
		for (const [k, v] of Object.entries(fields)) f.append(k, v);
		return f;
	};
	test.each([
		['roles over the JSON, absent and constant choices',
			{ role_gender: '(absent)', role_stratum: '(one)', role_borough: 'CD_NOMBRE', role_age: '' }, '{"columns": {"age": "EDA"}, "geography": "x"}',
			{ columns: { gender: null, stratum: { constant: 'all' }, borough: 'CD_NOMBRE' }, geography: 'x' }],
		['a joined id', { role_respondent_id: 'join:["UPM","VIV"]' }, '',
			{ columns: { respondent_id: { join: ['UPM', 'VIV'], separator: '-' } } }],
		['gender codes, the obvious ones left out', { gender_code_0: '1', gender_value_0: 'woman', gender_code_1: 'F', gender_value_1: 'woman', gender_code_2: '9', gender_value_2: '' }, '',
			{ values: { gender: { '1': 'woman' } } }],
		['areas of a new geography', { geography: '(new)', new_geography: 'ensu-mx' }, '', { geography: 'ensu-mx', new_areas: true }],
		['an area matched by hand (a name that already matches needs no entry)', { area_code_0: 'Montral-Nord', area_value_0: 'Montréal-Nord', area_code_1: 'Pointe Claire', area_value_1: 'Pointe-Claire' }, '',
			{ values: { borough: { 'Montral-Nord': 'Montréal-Nord' } } }],
		['missing codes for every item', { missing: '8, 9;99' }, '{"missing": {"P1": ["9"]}}', { missing: ['8', '9', '99'] }],
		['an empty missing field keeps the codes per item', { missing: '' }, '{"missing": {"P1": ["9"]}}', { missing: { P1: ['9'] } }]
	])('%s', (_name, fields, json, expected) => {
		expect(JSON.parse(mappingFromForm(form(fields), json, 'montreal'))).toEqual(expected);
	});

	test('a JSON that cannot be read is left as it is, for the check to report', () => {
		expect(mappingFromForm(form({ role_gender: 'SEX' }), '{"columns": ', 'montreal')).toBe('{"columns": ');
	});
});

describe('geographies in ingestion messages', () => {
	const issue: IngestIssue = { line: null, column: 'borough', value: null, code: 'areas_not_in_geography', params: { count: 3, geography: 'montreal', examples: 'Basildon, Harlow' } };
	test('the upload page names a geography, the command line writes it as it is typed', () => {
		expect(issueProblem('fr', issue, 'web')).toContain('« Montréal, arrondissements et villes liées »');
		expect(issueProblem('en', issue, 'cli')).toContain('“montreal”');
		expect(issueProblem('en', { ...issue, params: { ...issue.params, geography: 'essex' } }, 'web')).toContain('“essex”');
	});
	test('the assistant’s reasons name the geography', () => {
		expect(reasonText('en', { code: 'areas_match', params: { matched: 5, count: 6, geography: 'montreal' } })).toBe('5 of 6 values are areas of “Montréal, boroughs and related cities”');
	});
});
