import { fail } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf, requireUser } from '$lib/server/auth/guard';
import { audit } from '$lib/server/auth/audit-log';
import { field } from '$lib/server/auth/cookies';
import { checkRules, loadRules, parseThreshold, RULE_PATHS, ruleValue, saveRules } from '$lib/server/settings/rules';
import { DEFAULT_RULES } from '$lib/engine/reliability';
import { t, type Locale } from '$lib/i18n';
import type { Actions, PageServerLoad } from './$types';

/** A threshold as the reader writes numbers: 0,3 in French, 0.3 in English. */
const show = (locale: Locale, v: number) => (locale === 'fr' ? String(v).replace('.', ',') : String(v));

/** /settings: the reliability and disclosure rules, for analysts. */
export const load: PageServerLoad = (event) => {
	requireUser(event, 'rules.edit');
	const rules = loadRules(getDb());
	const locale = event.locals.locale;
	return {
		rules: RULE_PATHS.map((path) => ({ path, value: show(locale, ruleValue(rules, path)), default: show(locale, ruleValue(DEFAULT_RULES, path)),
			changed: ruleValue(rules, path) !== ruleValue(DEFAULT_RULES, path) }))
	};
};

export const actions: Actions = {
	default: async (event) => {
		requireUser(event, 'rules.edit');
		const locale = event.locals.locale;
		const form = await event.request.formData();
		const db = getDb();
		const current = loadRules(db);
		const values: Record<string, string> = {};
		const problems: Record<string, string> = {};
		const next = structuredClone(current) as unknown as Record<string, Record<string, number>>;
		for (const path of RULE_PATHS) {
			const raw = form.has(path) ? field(form, path) : show(locale, ruleValue(current, path));
			values[path] = raw;
			const v = parseThreshold(raw);
			if (v === null) problems[path] = t(locale, 'rules.not_a_number', { value: raw });
			else {
				const [g, k] = path.split('.') as [string, string];
				next[g]![k] = v;
			}
		}
		if (Object.keys(problems).length) return fail(400, { values, problems });
		const checked = checkRules(next, locale);
		if (!checked.ok) return fail(400, { values, problems: checked.problems });
		const changed = RULE_PATHS.filter((p) => ruleValue(checked.rules, p) !== ruleValue(current, p));
		if (changed.length) {
			saveRules(db, checked.rules, actorOf(event).name);
			for (const p of changed) audit(db, actorOf(event), 'settings_change', { setting: `reliability.${p}`, from: ruleValue(current, p), to: ruleValue(checked.rules, p) });
		}
		return { saved: changed };
	}
};
