import { error, type RequestHandler } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { PORTRAIT } from '$lib/server/views/page-views';
import { loadView, readRequest } from '$lib/server/request/load';
import { portraitQuery } from '$lib/server/request/queries';
import { portraitDeck } from '$lib/exports/portrait-deck';
import { deckPptx, PPTX_MIME } from '$lib/exports/pptx';

/**
 * GET /export/portrait/deck.pptx?borough=MN&wave=2024[&lang=fr|en][&suppress=0] — the borough's
 * portrait as a PowerPoint deck: the key findings, then one native chart (or table) per slide.
 * The page's permission and suppression: `suppress=0` for analysts only (the deck then says
 * "not for publication" on every slide). No borough: 400; unknown borough: 404; unknown wave: 400.
 */
export const GET: RequestHandler = async (event) => {
	const { locals } = event;
	if (!readRequest(event, portraitQuery).q.borough) error(400, t(locals.locale, 'deck.missing_borough'));
	const { view: data, reader: { unsuppressed } } = loadView(event, PORTRAIT);
	if (data.empty) error(404, t(locals.locale, 'dashboard.no_data'));
	const bytes = await deckPptx(portraitDeck(data, locals.locale, { unsuppressed }));
	const name = `vigie-portrait-${data.selected.borough}-${data.selected.wave}-${locals.locale}${unsuppressed ? '-not-for-publication' : ''}.pptx`
		.replace(/[^A-Za-z0-9._-]/g, '-');
	return new Response(bytes as BodyInit, {
		headers: {
			'content-type': PPTX_MIME,
			'content-disposition': `attachment; filename="${name}"`,
			'content-length': String(bytes.byteLength),
			'cache-control': 'private, no-store'
		}
	});
};
