import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { t } from '$lib/i18n';
import { getDb } from '$lib/server/db';
import { buildOverview } from '$lib/server/overview';
import { requirePermission } from '$lib/server/auth/guard';
import { parseSuppress } from '$lib/server/params';

/** Every indicator's city value and map; `?suppress=0` for analysts (not for publication). */
export const load: PageServerLoad = (event) => {
	requirePermission(event, 'dashboard.read');
	const { url, locals } = event;
	const suppress = parseSuppress(url.searchParams.get('suppress'));
	if (!suppress.ok) error(400, t(locals.locale, 'api.bad_parameter', { name: 'suppress', detail: suppress.value }));
	if (!suppress.value) requirePermission(event, 'estimates.unsuppressed');
	return { ...buildOverview(getDb(), url, locals.locale, { suppress: suppress.value }), unsuppressed: !suppress.value };
};
