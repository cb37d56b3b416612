import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { t } from '$lib/i18n';
import { getDb } from '$lib/server/db';
import { cachedView } from '$lib/server/view-cache';
import { buildExplorer } from '$lib/server/explorer';
import { allows, requirePermission } from '$lib/server/auth/guard';
import { parseSuppress } from '$lib/server/params';

/** The indicator explorer; `?suppress=0` shows an analyst the suppressed values (not for publication). */
export const load: PageServerLoad = (event) => {
	requirePermission(event, 'dashboard.read');
	const { url, locals } = event;
	const suppress = parseSuppress(url.searchParams.get('suppress'));
	if (!suppress.ok) error(400, t(locals.locale, 'api.bad_parameter', { name: 'suppress', detail: suppress.value }));
	if (!suppress.value) requirePermission(event, 'estimates.unsuppressed');
	return {
		...cachedView(getDb(), ['explorer', url.searchParams.get('indicator'), url.searchParams.get('wave'), url.searchParams.get('borough'), locals.locale, suppress.value],
			() => buildExplorer(getDb(), url, locals.locale, { suppress: suppress.value })),
		unsuppressed: !suppress.value,
		canUnsuppress: allows(locals, 'estimates.unsuppressed')
	};
};
