import { z } from 'zod';
import type { Db } from '../../../../db/connection';
import { getSetting, setSetting } from '../../../../db/settings';
import { DEFAULT_RULES, ReliabilityRules } from '../../engine/reliability';
import { isMessageKey, t, type Locale } from '../../i18n';

const KEY = 'reliability';

/** The reliability rules in force: the stored setting over the defaults (engine/reliability.ts). */
export function loadRules(db: Db): ReliabilityRules {
	const stored = getSetting(db, KEY) as Partial<ReliabilityRules> | undefined;
	if (!stored) return DEFAULT_RULES;
	return ReliabilityRules.parse({
		proportion: { ...DEFAULT_RULES.proportion, ...stored.proportion },
		mean: { ...DEFAULT_RULES.mean, ...stored.mean },
		count: { ...DEFAULT_RULES.count, ...stored.count }
	});
}

export type RuleGroup = keyof ReliabilityRules;
/** Every rule as `group.name` (e.g. `proportion.minN`), in the order the settings page shows them. */
export const RULE_PATHS = (Object.keys(DEFAULT_RULES) as RuleGroup[]).flatMap((g) => Object.keys(DEFAULT_RULES[g]).map((k) => `${g}.${k}`));

export const ruleValue = (rules: ReliabilityRules, path: string): number => {
	const [g, k] = path.split('.') as [RuleGroup, string];
	return (rules[g] as Record<string, number>)[k]!;
};

/** A threshold as typed on the settings page: "0,3", "0.3", " 30 " → the number; anything else → null. */
export function parseThreshold(s: string): number | null {
	const v = s.replace(/\s/g, '').replace(',', '.');
	if (!/^-?(\d+\.?\d*|\.\d+)$/.test(v)) return null;
	return Number(v);
}

const zodLocale = { en: z.locales.en().localeError, fr: z.locales.fr().localeError };

/**
 * Validates a whole set of rules; the problems by rule path (`mean.flagCv`), in the reader's
 * language. The settings page checks every field at once with it; setRule one at a time.
 */
export function checkRules(next: unknown, locale: Locale): { ok: true; rules: ReliabilityRules } | { ok: false; problems: Record<string, string> } {
	const parsed = ReliabilityRules.safeParse(next, { error: zodLocale[locale] });
	if (parsed.success) return { ok: true, rules: parsed.data };
	const problems: Record<string, string> = {};
	for (const i of parsed.error.issues) {
		const key = (i.code === 'custom' ? (i.params as { key?: string } | undefined)?.key : undefined);
		problems[i.path.join('.')] ??= key && isMessageKey(key) ? t(locale, key) : i.message;
	}
	return { ok: false, problems };
}

/** Stores validated rules (the caller audits the change). */
export function saveRules(db: Db, rules: ReliabilityRules, by: string): void {
	setSetting(db, KEY, rules, by);
}

/**
 * Sets one threshold, e.g. `setRule(db, 'proportion.minN', 50)`; validated before it is stored.
 * Returns the problem in words when the value is refused.
 */
export function setRule(db: Db, path: string, value: number, by: string): { ok: true; rules: ReliabilityRules } | { ok: false; problem: string } {
	const [group, name, ...rest] = path.split('.');
	const current = loadRules(db);
	if (rest.length || (group !== 'proportion' && group !== 'mean' && group !== 'count') || !name || !Object.hasOwn(current[group], name))
		return { ok: false, problem: `unknown rule "${path}"; rules: ${RULE_PATHS.join(', ')}` };
	const next = { ...current, [group]: { ...current[group], [name]: value } };
	// The command line names the rules as it takes them (flagCv, suppressCv): zod's own words.
	const parsed = ReliabilityRules.safeParse(next);
	if (!parsed.success) return { ok: false, problem: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
	saveRules(db, parsed.data, by);
	return { ok: true, rules: parsed.data };
}
