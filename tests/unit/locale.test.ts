import { describe, expect, test } from 'vitest';
import { localeFromEnv, resolveLocale } from '../../app/lib/server/settings/locale';
import { parseThreshold } from '../../app/lib/server/settings/rules';

describe('resolveLocale: ?lang= → cookie → Accept-Language → the default setting', () => {
	test.each([
		{ param: 'en', cookie: 'fr', accept: 'fr-CA', fallback: 'fr', expected: { locale: 'en', remember: true } },
		{ param: 'fr', cookie: 'fr', accept: 'en', fallback: 'en', expected: { locale: 'fr', remember: false } },
		{ param: 'de', cookie: 'en', accept: 'fr', fallback: 'fr', expected: { locale: 'en', remember: false } },
		{ param: null, cookie: 'xx', accept: 'en-GB,en;q=0.8', fallback: 'fr', expected: { locale: 'en', remember: false } },
		{ param: null, cookie: undefined, accept: 'de-DE, fr;q=0.5', fallback: 'en', expected: { locale: 'fr', remember: false } },
		{ param: null, cookie: undefined, accept: 'de-DE', fallback: 'en', expected: { locale: 'en', remember: false } },
		{ param: null, cookie: undefined, accept: null, fallback: 'fr', expected: { locale: 'fr', remember: false } },
		{ param: null, cookie: undefined, accept: '', fallback: 'en', expected: { locale: 'en', remember: false } }
	] as const)('lang=$param cookie=$cookie accept=$accept default=$fallback → $expected.locale', ({ param, cookie, accept, fallback, expected }) => {
		expect(resolveLocale(param, cookie, accept, fallback)).toEqual(expected);
	});
});

describe('VIGIE_DEFAULT_LANG', () => {
	test.each([[undefined, undefined], ['', undefined], ['en', 'en'], ['FR', 'fr'], [' en ', 'en']])('%j → %j', (value, expected) => {
		expect(localeFromEnv(value)).toBe(expected);
	});
	test.each(['de', 'english', 'fr-CA'])('%j is refused with the values allowed', (value) => {
		expect(() => localeFromEnv(value)).toThrow(`VIGIE_DEFAULT_LANG must be fr or en, not "${value}"`);
	});
});

describe('parseThreshold: numbers as the settings page receives them', () => {
	test.each([['30', 30], [' 30 ', 30], ['0,3', 0.3], ['0.3', 0.3], ['.5', 0.5], ['-1', -1], ['1 000', 1000], ['', null], ['trente', null], ['0,3,1', null], ['1e3', null], ['Infinity', null]])(
		'%j → %j', (input, expected) => {
			expect(parseThreshold(input)).toBe(expected);
		}
	);
});
