import { describe, expect, test } from 'vitest';
import { listItems, parseAgeRange, parseEmail, parseGender, parseLanguage, parsePhone, parseWebsite, parseYesNo, serviceMatcher } from '../../../ingest/partners/values';

describe('partners cell rules', () => {
	test.each([
		{ args: '12-25', expected: [12, 25] },
		{ args: '12–25 ans', expected: [12, 25] },
		{ args: '12 à 25 ans', expected: [12, 25] },
		{ args: '12 to 25 years', expected: [12, 25] },
		{ args: '18+', expected: [18, null] },
		{ args: '25 ans et plus', expected: [25, null] },
		{ args: '65 and over', expected: [65, null] },
		{ args: 'tous âges', expected: [null, null] },
		{ args: '25-12', expected: undefined },
		{ args: '18', expected: undefined },
		{ args: 'teenagers', expected: undefined }
	])('parseAgeRange($args) = $expected', ({ args, expected }) => {
		expect(parseAgeRange(args)).toEqual(expected);
	});

	test.each([
		{ args: 'www.example.org/jeunes', expected: 'https://www.example.org/jeunes' },
		{ args: 'https://example.org', expected: 'https://example.org/' },
		{ args: 'http://example.org/a?b=1', expected: 'http://example.org/a?b=1' },
		{ args: 'javascript:alert(1)', expected: undefined },
		{ args: 'data:text/html,<b>x</b>', expected: undefined },
		{ args: 'ftp://example.org', expected: undefined },
		{ args: 'not a site', expected: undefined },
		{ args: 'https://localhost', expected: undefined }
	])('parseWebsite($args) = $expected', ({ args, expected }) => {
		expect(parseWebsite(args)).toBe(expected);
	});

	test.each([
		['oui', true], ['Yes', true], ['1', true], ['non', false], ['No', false], ['0', false], ['peut-être', undefined]
	] as const)('parseYesNo(%s) = %s', (cell, expected) => {
		expect(parseYesNo(cell)).toBe(expected);
	});

	test.each([
		['Français', 'fr'], ['anglais', 'en'], ['English', 'en'], ['Créole haïtien', 'ht'], ['LSQ', 'sgn'], ['de', 'de'], ['klingon', undefined]
	] as const)('parseLanguage(%s) = %s', (cell, expected) => {
		expect(parseLanguage(cell)).toBe(expected);
	});

	test.each([
		['femmes', 'woman'], ['Girls', 'woman'], ['garçons', 'man'], ['non binaires', 'non-binary'], ['tous', 'all'], ['adults', undefined]
	] as const)('parseGender(%s) = %s', (cell, expected) => {
		expect(parseGender(cell)).toBe(expected);
	});

	test('e-mail addresses and phone numbers', () => {
		expect(parseEmail('info@example.org')).toBe('info@example.org');
		expect(parseEmail('info@example')).toBeUndefined();
		expect(parseEmail('<a>@example.org')).toBeUndefined();
		expect(parsePhone('514 555-0101 poste 22')).toBe('514 555-0101 poste 22');
		expect(parsePhone('+1 (514) 555-0101')).toBe('+1 (514) 555-0101');
		expect(parsePhone('555')).toBeUndefined();
		expect(parsePhone('call us')).toBeUndefined();
	});

	test('lists are split on ; , | and new lines', () => {
		expect(listItems('prévention; travail de rue, Shelter | santé\nécoute')).toEqual(['prévention', 'travail de rue', 'Shelter', 'santé', 'écoute']);
		expect(listItems(' ; ')).toEqual([]);
	});

	test('services match by id, name in either language or alias, and suggest the nearest name', () => {
		const match = serviceMatcher([
			{ id: 'street_work', label_fr: 'Travail de rue', label_en: 'Street work', aliases: ['outreach'] },
			{ id: 'shelter', label_fr: 'Hébergement', label_en: 'Shelter', aliases: [] }
		]);
		expect(match('street_work')).toEqual({ id: 'street_work' });
		expect(match('TRAVAIL DE RUE')).toEqual({ id: 'street_work' });
		expect(match('Outreach')).toEqual({ id: 'street_work' });
		expect(match('hebergement')).toEqual({ id: 'shelter' });
		expect(match('Street wrok')).toEqual({ suggestion: 'Street work' });
	});
});
