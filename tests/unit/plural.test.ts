import { describe, expect, test } from 'vitest';
import { t, tn, type Locale, type PluralKey } from '../../app/lib/i18n';
import { en } from '../../app/lib/i18n/en';
import { fr } from '../../app/lib/i18n/fr';
import { categoryName, geographyName } from '../../app/lib/place-words';

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

describe('plural branches in catalog messages', () => {
	test.each<{ locale: Locale; n: number; expected: string }>([
		{ locale: 'fr', n: 1, expected: '1 valeur marquée E' },
		{ locale: 'fr', n: 0, expected: '0 valeur marquée E' },
		{ locale: 'fr', n: 3, expected: '3 valeurs marquées E' },
		{ locale: 'en', n: 1, expected: '1 value marked E' },
		{ locale: 'en', n: 0, expected: '0 values marked E' }
	])('$locale export note for $n flagged value', ({ locale, n, expected }) => {
		expect(t(locale, 'export.note_flag', { n, mark: 'E', reason: 'r' })).toMatch(new RegExp(`^${expected}`));
	});

	test('a summary with one higher indicator reads in the singular ("1 est", "1 is"), never "1 sont"', () => {
		const p = { count: 8, higher: 1, lower: 2, same: 5, borough: 'Anjou' };
		expect(t('fr', 'portrait.chart_all_summary', p)).toContain('1 est significativement plus élevé à Anjou');
		expect(t('en', 'portrait.chart_all_summary', p)).toContain('1 is significantly higher in Anjou');
		expect(t('fr', 'explorer.boroughs_summary', { ...p, hidden: 1 })).toContain('1 ne peut pas être montré.');
	});

	test('no message uses "(s)" or "(e)" for a plural or a feminine', () => {
		for (const catalog of [en, fr]) for (const [key, text] of Object.entries(catalog)) expect(text, key).not.toMatch(/\w\((?:s|e|es|x)\)/);
	});
});

describe('names of codes from the data', () => {
	test('a geography by its display name, an incident category in the reader’s language, unknown codes as they are', () => {
		expect(geographyName('fr', 'montreal')).toBe('Montréal, arrondissements et villes liées');
		expect(geographyName('en', 'montreal')).toBe('Montréal, boroughs and related cities');
		expect(geographyName('en', 'essex_lsoa')).toBe('essex_lsoa');
		expect(categoryName('en', 'Vol dans / sur véhicule à moteur')).toBe('Theft from a motor vehicle');
		expect(categoryName('en', 'Méfait')).toBe('Mischief');
		expect(categoryName('fr', 'Méfait')).toBe('Méfait');
		expect(categoryName('en', 'Burglary')).toBe('Burglary');
	});
});
