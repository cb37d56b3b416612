/**
 * Reliability in words: the plain reason a reader sees ("too few respondents"), and on demand the
 * rule behind it with the threshold in force, which an analyst may have changed in the settings.
 */
import { describe, expect, test } from 'vitest';
import { DEFAULT_RULES, type ReliabilityRules } from '../../app/lib/engine/reliability';
import { indicatorFormat } from '../../app/lib/format';
import { en } from '../../app/lib/i18n/en';
import { fr } from '../../app/lib/i18n/fr';

const changed: ReliabilityRules = {
	...DEFAULT_RULES,
	proportion: { ...DEFAULT_RULES.proportion, minN: 50, maxRelativeWidth: 1.5 },
	mean: { ...DEFAULT_RULES.mean, suppressCv: 0.25 }
};

describe('reliability words', () => {
	test('plain reasons hold no threshold: they stay true whatever the settings', () => {
		for (const catalog of [en, fr])
			for (const [key, text] of Object.entries(catalog))
				if (/^reason\.(n_below_min|n_eff_below_min|ci_too_wide|relative_ci_too_wide|df_below_min|cv_too_high|cv_high|count_below_min|points_below_min)$/.test(key))
					expect(text, key).not.toMatch(/\d/);
		expect(indicatorFormat('en', 'proportion').reasons(['n_below_min'])).toBe('too few respondents');
	});

	test('several reasons are listed with each language\'s punctuation (no space before the English semicolon)', () => {
		expect(indicatorFormat('en', 'proportion').reasons(['n_below_min', 'ci_too_wide'])).toMatch(/^[^;]+[^ ]; [^;]+$/);
		expect(indicatorFormat('fr', 'proportion').reasons(['n_below_min', 'ci_too_wide'])).toMatch(/^[^;]+ ; [^;]+$/);
	});

	test('the technical detail states the thresholds in force, not the defaults', () => {
		const f = indicatorFormat('en', 'proportion', changed);
		expect(f.reasonDetails(['n_below_min', 'relative_ci_too_wide'])).toBe('fewer than 50 respondents; interval wider than 5 percentage points and than 150% of the estimate');
		expect(f.thresholds()).toContain('fewer than 50 respondents');
		expect(f.thresholds()).not.toContain('fewer than 30 respondents');
		expect(indicatorFormat('fr', 'mean', changed).thresholds()).toMatch(/supérieur à 25\s%/);
		expect(indicatorFormat('fr', 'mean', DEFAULT_RULES).thresholds()).toMatch(/supérieur à 33,3\s%/);
	});

	test('without the rules, the detail is the plain reason (never a default passed off as in force)', () => {
		const f = indicatorFormat('en', 'proportion');
		expect(f.reasonDetails(['n_below_min'])).toBe('too few respondents');
		expect(f.thresholds()).toBe('');
	});
});
