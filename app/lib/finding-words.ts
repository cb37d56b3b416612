/**
 * A portrait's finding in one sentence, the same on the page ("In brief") and on the deck's first
 * slide: everyone's as the overview says them, a subgroup's naming its group.
 */
import { indicatorFormat, youthGroupKey } from './format';
import type { Locale } from './i18n';
import type { Finding } from './server/indicators/findings';

export interface FindingContext {
	locale: Locale;
	borough: string;
	wave: string;
	/** The indicator's label, by id. */
	label: (id: string) => string;
	/** The youth sides are Women+ and Men+. */
	twoGenders: boolean;
}

export function findingSentence(f: Finding, c: FindingContext): string {
	const fmt = indicatorFormat(c.locale, f.type);
	const common = { indicator: c.label(f.indicator), value: fmt.value(f.value), other: fmt.value(f.other), wave: c.wave };
	if (f.group) {
		const group = fmt.tr(youthGroupKey(f.group === 'youth-woman' ? 'woman' : 'man', c.twoGenders));
		return fmt.tr(`screens.finding_group_rest.${f.verdict}`, { ...common, borough: c.borough, group });
	}
	return f.kind === 'rest'
		? fmt.tr(`screens.finding_rest.${f.verdict}`, { ...common, borough: c.borough })
		: fmt.tr(`screens.finding_change.${f.verdict}`, { ...common, place: c.borough, since: f.since ?? '' });
}

/** The findings of "In brief", most important first, or the sentence saying there is none. */
export function briefSentences(findings: readonly Finding[], c: FindingContext, max = 3): string[] {
	if (!findings.length) return [indicatorFormat(c.locale, 'proportion').tr('screens.brief_none', { wave: c.wave, borough: c.borough })];
	return findings.slice(0, max).map((f) => findingSentence(f, c));
}
