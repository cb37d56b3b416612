import { describe, expect, test } from 'vitest';
import { canonicalValue, parseNumber } from '../../ingest/survey/schema';

describe('parseNumber: numbers in cells, with the file\'s decimal mark', () => {
	test.each([
		['12', 12], ['-0.5', -0.5], ['.5', 0.5], ['+3', 3], ['1.', 1], ['1e-3', 0.001], ['1E+2', 100], ['0', 0], ['007', 7]
	])('"%s" → %s', (s, v) => expect(parseNumber(s)).toBe(v));
	test.each(['', ' ', '1 ', ' 1', '1,5', '0x10', '0b1', '0o7', 'Infinity', '-Infinity', 'NaN', '1e400', '.', '-', '+', '1e', '1_000',
		'1.2.3', '--1', 'abc', '1 000'])('"%s" is not a number', (s) => expect(parseNumber(s)).toBeUndefined());
	test('with a decimal comma: "1,5" is 1.5, "1.5" is refused (a file cannot mix the two)', () => {
		expect(parseNumber('1,5', ',')).toBe(1.5);
		expect(parseNumber('-0,25', ',')).toBe(-0.25);
		expect(parseNumber('12', ',')).toBe(12);
		expect(parseNumber('1.5', ',')).toBeUndefined();
		expect(parseNumber('1,5,0', ',')).toBeUndefined();
		expect(parseNumber('1 234,5', ',')).toBeUndefined();
	});
});

describe('canonicalValue: answers written as words', () => {
	test.each([['oui', '1'], ['Non', '0'], ['TRUE', '1'], ['FALSE', '0'], ['vrai', '1'], ['Faux', '0'], ['yes', '1'],
		['Soir', 'evening'], ['nuit', 'night'], ['jour', 'day'], ['private', 'private'], ['3', '3'], ['Montréal', 'Montréal']])(
		'"%s" → "%s"', (v, c) => expect(canonicalValue(v)).toBe(c));
});
