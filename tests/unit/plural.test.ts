import { describe, expect, test } from 'vitest';
import { tn, type Locale, type PluralKey } from '../../app/lib/i18n';
import { en } from '../../app/lib/i18n/en';

describe('tn: a count in the form the language’s plural rules choose', () => {
	test.each<{ locale: Locale; key: PluralKey; count: number; expected: string }>([
		{ locale: 'en', key: 'count.rows', count: 0, expected: '0 rows' },
		{ locale: 'en', key: 'count.rows', count: 1, expected: '1 row' },
		{ locale: 'en', key: 'count.rows', count: 2, expected: '2 rows' },
		{ locale: 'en', key: 'count.rows', count: 1500, expected: '1,500 rows' },
		// French puts 0 and 1 in the singular.
		{ locale: 'fr', key: 'count.rows', count: 0, expected: '0 ligne' },
		{ locale: 'fr', key: 'count.rows', count: 1, expected: '1 ligne' },
		{ locale: 'fr', key: 'count.rows', count: 2, expected: '2 lignes' },
		{ locale: 'fr', key: 'count.datasets', count: 3, expected: '3 jeux de données' },
		// CLDR's "many" (a million) reads as the plural.
		{ locale: 'fr', key: 'count.rows', count: 1_000_000, expected: '1\u00a0000\u00a0000 lignes' }
	])('$locale $key $count → $expected', ({ locale, key, count, expected }) => {
		expect(tn(locale, key, count).replace(/\s/g, ' ')).toBe(expected.replace(/\s/g, ' '));
	});

	test('every .one key has its .other', () => {
		const keys = Object.keys(en);
		for (const k of keys.filter((k) => k.endsWith('.one'))) expect(keys, k).toContain(k.replace(/\.one$/, '.other'));
	});
});
