import { t, type Locale } from '../../i18n';
import type { ComparisonResult, EstimateRow } from '../../engine/types';

/** "significantly lower than in the rest of the city" / "pas de changement significatif depuis 2023". */
export function verdictText(locale: Locale, kind: 'rest' | 'previous_wave', c: ComparisonResult & { wave?: string }): string {
	return t(locale, `verdict.${kind}.${c.verdict}`, { wave: c.wave ?? '' });
}

/** The rows with each comparison's verdict in words (`text`), for the API and the command line. */
export function withVerdictText(rows: EstimateRow[], locale: Locale): EstimateRow[] {
	return rows.map((r) => {
		if (!r.comparisons) return r;
		const c = { ...r.comparisons };
		if (c.rest) c.rest = { ...c.rest, text: verdictText(locale, 'rest', c.rest) } as typeof c.rest;
		if (c.previous_wave) c.previous_wave = { ...c.previous_wave, text: verdictText(locale, 'previous_wave', c.previous_wave) } as typeof c.previous_wave;
		return { ...r, comparisons: c };
	});
}
