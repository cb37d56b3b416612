import { json, type RequestHandler } from '@sveltejs/kit';
import { listSurveyWaves } from '$db/datasets';
import { nameKey } from '$ingest/names';
import { computeIndicator, RequestError } from '$lib/server/indicators/survey';
import { getDb } from '$lib/server/db';
import { parseQuery } from '$lib/server/request/params';
import { indicatorApiQuery } from '$lib/server/request/queries';
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
	const parsed = parseQuery(indicatorApiQuery, url.searchParams);
	if (!parsed.ok) return apiError(400, locale, 'api.bad_value', { name: parsed.bad.name, value: parsed.bad.value, allowed: parsed.bad.allowed.join(', ') });
	const { by, design, ci, compare, suppress, categories, ...filters } = parsed.value;
	if (!suppress) requirePermission(event, 'estimates.unsuppressed');
	const db = getDb();
	const wave = filters.wave ?? listSurveyWaves(db).at(-1);
	if (!wave) return apiError(404, locale, 'api.unknown_wave', { wave: '' });
	try {
		const { dataset: _ds, ...table } = computeIndicator(db, {
			indicator: id, wave, by, design, ci, suppress, compare,
			published: categories === 'published'
		});
		const match = (d: Domain, f: (typeof FILTERS)[number], v: string) =>
			f === 'borough' ? nameKey(d.borough ?? '') === nameKey(v) : d[f] === v;
		const active = FILTERS.filter((f) => filters[f] !== undefined);
		const rows = table.rows.filter((r) => active.every((f) => match(r.domain, f, filters[f]!)));
		const out = { ...table, design_notes: withNoteText(table.design_notes, locale), ...(suppress ? {} : { not_for_publication: true }),
			rows: withVerdictText(rows, locale) };
		if (wantsCsv(request, url))
			return csvResponse(estimateCsv(out, by, { notForPublication: !suppress }), `vigie-${id}-${wave}${suppress ? '' : '-not-for-publication'}.csv`);
		return json(out);
	} catch (err) {
		if (err instanceof RequestError) {
			const status = err.code === 'unknown_indicator' || err.code === 'unknown_wave' ? 404 : err.code === 'design_unpublished' ? 403 : 400;
			return apiError(status, locale, `api.${err.code}`, err.params);
		}
		throw err;
	}
};
