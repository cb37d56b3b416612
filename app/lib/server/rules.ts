import type { Db } from '../../../db/connection';
import { getSetting, setSetting } from '../../../db/settings';
import { DEFAULT_RULES, ReliabilityRules } from '../engine/reliability';

const KEY = 'reliability';

/** The reliability rules in force: the stored setting over the defaults of PRODUCT.md §6. */
export function loadRules(db: Db): ReliabilityRules {
	const stored = getSetting(db, KEY) as Partial<ReliabilityRules> | undefined;
	if (!stored) return DEFAULT_RULES;
	return ReliabilityRules.parse({
		proportion: { ...DEFAULT_RULES.proportion, ...stored.proportion },
		mean: { ...DEFAULT_RULES.mean, ...stored.mean },
		count: { ...DEFAULT_RULES.count, ...stored.count }
	});
}

/**
 * Sets one threshold, e.g. `setRule(db, 'proportion.minN', 50)`; validated before it is stored.
 * Returns the problem in words when the value is refused.
 */
export function setRule(db: Db, path: string, value: number, by: string): { ok: true; rules: ReliabilityRules } | { ok: false; problem: string } {
	const [group, name, ...rest] = path.split('.');
	const current = loadRules(db);
	if (rest.length || (group !== 'proportion' && group !== 'mean' && group !== 'count') || !name || !Object.hasOwn(current[group], name))
		return { ok: false, problem: `unknown rule "${path}"; rules: ${Object.entries(current).flatMap(([g, r]) => Object.keys(r).map((k) => `${g}.${k}`)).join(', ')}` };
	const next = { ...current, [group]: { ...current[group], [name]: value } };
	const parsed = ReliabilityRules.safeParse(next);
	if (!parsed.success) return { ok: false, problem: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
	setSetting(db, KEY, parsed.data, by);
	return { ok: true, rules: parsed.data };
}
