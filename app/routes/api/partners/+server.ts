import { json, type RequestHandler } from '@sveltejs/kit';
import { csvResponse, wantsCsv } from '$lib/server/http/api';
import { requirePermission } from '$lib/server/auth/guard';
import { directoryFor } from '$lib/server/partners/page';
import { partnersCsv } from '$lib/server/partners/export';

/**
 * GET /api/partners?q&service&area&age&gender&language: the partners directory, filtered as the
 * directory page filters it. JSON, or CSV with `Accept: text/csv` or `/api/partners.csv`.
 * Contact details (`contact`, `phone`, `email`) only for a signed-in caller (session or token).
 */
export const GET: RequestHandler = (event) => {
	requirePermission(event, 'dashboard.read');
	const d = directoryFor(event);
	if (wantsCsv(event.request, event.url)) {
		const labels = new Map(d.services.map((s) => [s.id, s.label]));
		return csvResponse(partnersCsv(d.partners, { contacts: d.contacts, serviceLabel: (id) => labels.get(id) ?? id }), 'vigie-partners.csv');
	}
	return json({ total: d.total, count: d.partners.length, contacts: d.contacts, source: d.source, services: d.services, partners: d.partners });
};
