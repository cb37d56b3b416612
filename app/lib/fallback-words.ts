/**
 * What replaces a mostly hidden age group × gender table, in words and in order, the same on the
 * explorer's page and in every export of its chart: the tables that can be published (by age
 * group, by gender) with their titles, and the one sentence saying why.
 */
import type { IndicatorFormat } from './format';
import type { BreakdownFallback, FallbackRow } from './server/indicators/fallbacks';

export interface FallbackTable {
	id: 'fallback-age' | 'fallback-gender';
	rows: FallbackRow[];
	title: string;
	/** A row's key (an age group, a gender) in words. */
	label: (key: string) => string;
}

/** The tables of the fallback that can be shown, age groups first. */
export function fallbackTables(f: IndicatorFormat, fallback: BreakdownFallback, words: { indicator: string; place: string; wave: string }): FallbackTable[] {
	const tables: (Omit<FallbackTable, 'rows'> & { rows: FallbackRow[] | null })[] = [
		{ id: 'fallback-age', rows: fallback.ages, title: f.tr('screens.fallback_age_title', words), label: f.ageGroup },
		{ id: 'fallback-gender', rows: fallback.genders, title: f.tr('screens.fallback_gender_title', words), label: f.gender }
	];
	return tables.filter((t): t is FallbackTable => t.rows !== null);
}

/** The sentence saying why the coarser tables are shown instead (or that none can be). */
export function fallbackSentence(f: IndicatorFormat, tables: readonly FallbackTable[], place: string): string {
	if (!tables.length) return f.tr('screens.fallback_none', { place });
	const what = tables.length === 2 ? 'both' : tables[0]!.id === 'fallback-age' ? 'ages' : 'genders';
	return f.tr('screens.fallback_age_gender', { place, what: f.tr(`screens.fallback_what.${what}`) });
}
