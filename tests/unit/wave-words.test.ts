import { describe, expect, test } from 'vitest';
import { waveInWords } from '../../app/lib/wave-words';

// Intl puts thin or no-break spaces around range dashes in some languages: compare with plain spaces.
const plain = (s: string | null) => s?.replace(/[\u2009\u202f\u00a0]/g, ' ') ?? null;

describe('waveInWords(locale, wave)', () => {
	test.each([
		{ wave: '2024-01..2024-12', fr: 'janv. – déc. 2024', en: 'Jan–Dec 2024' },
		{ wave: '2023-11..2024-02', fr: 'nov. 2023 – févr. 2024', en: 'Nov 2023–Feb 2024' },
		{ wave: '2024-03', fr: 'mars 2024', en: 'Mar 2024' },
		{ wave: '2024-03..2024-03', fr: 'mars 2024', en: 'Mar 2024' },
		{ wave: '2024-Q4', fr: 'oct. – déc. 2024', en: 'Oct–Dec 2024' },
		{ wave: '2024-S1', fr: 'janv. – juin 2024', en: 'Jan–Jun 2024' },
		{ wave: '2024-03-15', fr: '15 mars 2024', en: 'Mar 15, 2024' },
		{ wave: '2024-01-03..2024-01-20', fr: '3–20 janv. 2024', en: 'Jan 3–20, 2024' }
	])('$wave → $fr / $en', ({ wave, fr, en }) => {
		expect(plain(waveInWords('fr', wave))).toBe(fr);
		expect(plain(waveInWords('en', wave))).toBe(en);
	});

	test.each(['2024', 'hiver 2024', 'Enquête 2023', 'Q4 2024', 'vague B', '2024-13', ''])('%j stays as it is (null)', (wave) => {
		expect(waveInWords('fr', wave)).toBeNull();
	});
});
