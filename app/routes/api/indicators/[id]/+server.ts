import { json, type RequestHandler } from '@sveltejs/kit';
import { listSurveyWaves } from '$db/datasets';
import { nameKey } from '$ingest/names';
import { computeIndicator, RequestError } from '$lib/server/indicators/survey';
import { getDb } from '$lib/server/db';
import { parseBy, parseCategories, parseCi, parseCompare, parseDesign, parseSuppress } from '$lib/server/http/params';
import { apiError, csvResponse, wantsCsv } from '$lib/server/http/api';
import { estimateCsv } from '$lib/server/http/csv';
import { withVerdictText } from '$lib/server/indicators/verdicts';
import { withNoteText } from '$lib/server/indicators/design-notes';
import { requirePermission } from '$lib/server/auth/guard';
import type { Domain } from '$lib/engine/types';
import { findDiagnostic } from '$lib/server/indicators/diagnostics';
import { diagnosticResponse } from '$lib/server/http/diagnostic-api';

const FILTERS = ['borough', 'age_group', 'gender'] as const;

/**
 * GET /api/indicators/{id}?wave&by&design&ci&compare&suppress&borough&age_group&gender — one
 * indicator's domain table (engine/types.ts), JSON or CSV. Suppressed values are removed, unless an
 * analyst asks for them with `suppress=0`: the answer is then marked `not_for_publication`.
 */
export const GET: RequestHandler = (event) => {
	requirePermission(event, 'dashboard.read');
	const { params, url, request, locals } = event;
	const locale = locals.locale;
	const id = params.id!.replace(/\.csv$/, '');
	if (findDiagnostic(getDb(), id)) return diagnosticResponse(id, url, request, locale);
	const q = url.searchParams;
	const by = parseBy(q.get('by') ?? 'borough,age_group,gender');
	const design = parseDesign(q.get('design'));
	const ci = parseCi(q.get('ci'));
	const compare = parseCompare(q.get('compare'));
	const suppress = parseSuppress(q.get('suppress'));
	const categories = parseCategories(q.get('categories'));
	for (const [name, p] of [['by', by], ['design', design], ['ci', ci], ['compare', compare], ['suppress', suppress], ['categories', categories]] as const) {
		if (!p.ok) return apiError(400, locale, 'api.bad_value', { name, value: p.value, allowed: p.allowed.join(', ') });
	}
	if (!by.ok || !design.ok || !ci.ok || !compare.ok || !suppress.ok || !categories.ok) throw new Error('unreachable');
	if (!suppress.value) requirePermission(event, 'estimates.unsuppressed');
	const db = getDb();
	const wave = q.get('wave') ?? listSurveyWaves(db).at(-1);
	if (!wave) return apiError(404, locale, 'api.unknown_wave', { wave: '' });
	try {
		const { dataset: _ds, ...table } = computeIndicator(db, {
			indicator: id, wave, by: by.value, design: design.value, ci: ci.value, suppress: suppress.value, compare: compare.value,
			published: categories.value === 'published'
		});
		const match = (d: Domain, f: (typeof FILTERS)[number], v: string) =>
			f === 'borough' ? nameKey(d.borough ?? '') === nameKey(v) : d[f] === v;
		const active = FILTERS.filter((f) => q.has(f));
		const rows = table.rows.filter((r) => active.every((f) => match(r.domain, f, q.get(f)!)));
		const out = { ...table, design_notes: withNoteText(table.design_notes, locale), ...(suppress.value ? {} : { not_for_publication: true }),
			rows: withVerdictText(rows, locale) };
		if (wantsCsv(request, url))
			return csvResponse(estimateCsv(out, by.value, { notForPublication: !suppress.value }), `vigie-${id}-${wave}${suppress.value ? '' : '-not-for-publication'}.csv`);
		return json(out);
	} catch (err) {
		if (err instanceof RequestError) {
			const status = err.code === 'unknown_indicator' || err.code === 'unknown_wave' ? 404 : err.code === 'design_unpublished' ? 403 : 400;
			return apiError(status, locale, `api.${err.code}`, err.params);
		}
		throw err;
	}
};
