import { describe, expect, test } from 'vitest';
import { orderWaves, parseWavePeriod, type WaveDates } from '../../db/wave-period';

describe('parseWavePeriod(label)', () => {
	test.each([
		{ label: '2023', expected: ['2023-01-01', '2023-12-31'] },
		{ label: '2024-03', expected: ['2024-03-01', '2024-03-31'] },
		{ label: '2024-02', expected: ['2024-02-01', '2024-02-29'] },
		{ label: '2024-03-15', expected: ['2024-03-15', '2024-03-15'] },
		{ label: '2024-Q4', expected: ['2024-10-01', '2024-12-31'] },
		{ label: '2024Q1', expected: ['2024-01-01', '2024-03-31'] },
		{ label: 'Q2 2024', expected: ['2024-04-01', '2024-06-30'] },
		{ label: 'T3-2024', expected: ['2024-07-01', '2024-09-30'] },
		{ label: '2024-S1', expected: ['2024-01-01', '2024-06-30'] },
		{ label: 'S2 2024', expected: ['2024-07-01', '2024-12-31'] },
		{ label: '2024-H2', expected: ['2024-07-01', '2024-12-31'] },
		{ label: '2024-01..2024-12', expected: ['2024-01-01', '2024-12-31'] },
		{ label: '2023-11..2024-02', expected: ['2023-11-01', '2024-02-29'] },
		{ label: '2024-01-03..2024-01-20', expected: ['2024-01-03', '2024-01-20'] },
		{ label: '2023-2024', expected: ['2023-01-01', '2024-12-31'] },
		{ label: '2023 – 2024', expected: ['2023-01-01', '2024-12-31'] },
		{ label: 'hiver 2024', expected: ['2024-01-01', '2024-03-31'] },
		{ label: 'Winter 2024', expected: ['2024-01-01', '2024-03-31'] },
		{ label: 'Été 2024', expected: ['2024-07-01', '2024-09-30'] },
		{ label: 'automne 2023', expected: ['2023-10-01', '2023-12-31'] },
		{ label: 'Fall 2023', expected: ['2023-10-01', '2023-12-31'] },
		{ label: 'printemps 2025', expected: ['2025-04-01', '2025-06-30'] },
		{ label: 'mars 2024', expected: ['2024-03-01', '2024-03-31'] },
		{ label: 'Février 2024', expected: ['2024-02-01', '2024-02-29'] },
		{ label: 'janv. 2024', expected: ['2024-01-01', '2024-01-31'] },
		{ label: 'March 2024', expected: ['2024-03-01', '2024-03-31'] },
		{ label: 'janv.–déc. 2024', expected: ['2024-01-01', '2024-12-31'] },
		{ label: 'Jan–Dec 2024', expected: ['2024-01-01', '2024-12-31'] },
		{ label: 'Enquête 2023', expected: ['2023-01-01', '2023-12-31'] },
		{ label: 'vague 2 (2022)', expected: ['2022-01-01', '2022-12-31'] }
	])('$label → $expected', ({ label, expected }) => {
		const p = parseWavePeriod(label);
		expect(p && [p.start, p.end]).toEqual(expected);
	});

	test.each(['vague B', 'pilot', '', '12', '2024-13', '2024-02-30', '2024-Q5', '2024-S3', '2025..2024', '2023 et 2024', '0999', 'hiver'])(
		'%j names no period', (label) => {
			expect(parseWavePeriod(label)).toBeNull();
		}
	);
});

describe('orderWaves(waves): oldest first, by time and not as text', () => {
	const w = (wave: string, loadedAt = '2025-06-01T12:00:00Z', dataPeriod: WaveDates['dataPeriod'] = null): WaveDates => ({ wave, loadedAt, dataPeriod });
	const order = (waves: WaveDates[]) => orderWaves(waves).map((x) => x.wave);

	test.each([
		{ waves: ['2025', '2024-Q4'], expected: ['2024-Q4', '2025'] },
		{ waves: ['2025', '2024-Q4', '2023', '2024-03', '2024-S1'], expected: ['2023', '2024-03', '2024-S1', '2024-Q4', '2025'] },
		{ waves: ['2024-Q4', '2024'], expected: ['2024', '2024-Q4'] },
		{ waves: ['automne 2024', 'hiver 2025', 'été 2024', 'printemps 2024'], expected: ['printemps 2024', 'été 2024', 'automne 2024', 'hiver 2025'] },
		{ waves: ['2024-01..2024-12', '2023-07..2024-06', '2025-01..2025-03'], expected: ['2023-07..2024-06', '2024-01..2024-12', '2025-01..2025-03'] },
		// Same end: the one that began earlier first; same period: by label.
		{ waves: ['Winter 2024', '2023', 'mars 2024', '2024-Q1'], expected: ['2023', '2024-Q1', 'Winter 2024', 'mars 2024'] }
	])('$waves → $expected', ({ waves, expected }) => {
		expect(order(waves.map((x) => w(x)))).toEqual(expected);
	});

	test('a label that names no period falls back to its load date', () => {
		expect(order([w('vague B', '2024-05-01T00:00:00Z'), w('2023'), w('vague A', '2022-05-01T00:00:00Z')])).toEqual(['vague A', '2023', 'vague B']);
		expect(order([w('wave 10', '2024-01-01T00:00:00Z'), w('wave 9', '2024-01-01T00:00:00Z')])).toEqual(['wave 9', 'wave 10']);
	});

	test('the data\'s own dates come before what the label says', () => {
		const mislabelled = w('2025', '2025-01-01T00:00:00Z', { start: '2023-01-01', end: '2023-12-31' });
		expect(order([mislabelled, w('2024')])).toEqual(['2025', '2024']);
	});
});
