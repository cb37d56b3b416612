/**
 * A chart of a dashboard page as a file: `GET /export/{view}/{chart}.{format}` with the page's own
 * query (`indicator`, `wave`, `borough`, `lang`, `suppress`; for the explorer also `order=rank|alpha`; for the map also `layers`, `geography`,
 * `category`, `hexagons`; for the comparison `a` and `b`) and, for PNG, `scale=2|4` and
 * `background=white|transparent`, for CSV `variant=en|fr` (default: the language's); `pptx` is a
 * one-slide deck with the chart as a native, editable PowerPoint chart. The same
 * permission checks and suppression as the page; the numbers come from the page's own view.
 */
import { error, redirect, type RequestHandler } from '@sveltejs/kit';
import { COMPARE, EXPLORER, MAP, OVERVIEW, PORTRAIT } from '$lib/server/views/page-views';
import { loadView, readQuery, type Reader } from '$lib/server/request/load';
import { exportQuery } from '$lib/server/request/queries';
import { requirePermission } from '$lib/server/auth/guard';
import { chartsOf, EXPORT_VIEWS, type ExportView, type ViewData } from '$lib/exports/charts';
import { chartCsv } from '$lib/exports/csv';
import { chartSvg, drawingSvg } from '$lib/exports/svg';
import { chartPptx, PPTX_MIME as PPTX } from '$lib/exports/pptx';
import type { ChartExport } from '$lib/exports/model';
import { renderPng } from '$lib/server/jobs/png-in-worker';
import { t } from '$lib/i18n';

const FORMATS = ['csv', 'svg', 'png', 'pptx'] as const;


export const GET: RequestHandler = async (event) => {
	requirePermission(event, 'dashboard.read');
	const { url, locals, params } = event;
	const L = locals.locale;
	const view = params.view ?? '';
	// The former home page's charts are the explorer's first two: links kept from then still work.
	if (view === 'home') redirect(308, url.pathname.replace(/^\/export\/home\//, '/export/explorer/') + url.search);
	if (!(EXPORT_VIEWS as readonly string[]).includes(view)) error(404, t(L, 'export.unknown_view', { view, allowed: EXPORT_VIEWS.join(', ') }));
	const file = /^([A-Za-z0-9_-]+)\.([a-z]+)$/.exec(params.file ?? '');
	if (!file || !(FORMATS as readonly string[]).includes(file[2]!)) error(400, t(L, 'export.bad_file', { file: params.file ?? '', allowed: FORMATS.join(', ') }));
	const [, id, format] = file;
	const { scale, background, order, ...asked } = readQuery(event, exportQuery);
	const variant = asked.variant ?? L;

	const { data, reader } = viewData(view as ExportView, event);
	const charts = chartsOf(data, { locale: L, unsuppressed: reader.unsuppressed, order });
	if (!charts.length) error(404, t(L, view === 'map' ? 'export.map_no_chart' : 'export.no_data'));
	const chart = charts.find((c) => c.model.id === id)
		?? error(404, t(L, 'export.unknown_chart', { chart: id!, allowed: charts.map((c) => c.model.id).join(', ') }));
	const headers = (type: string, ext: string) => ({
		'content-type': type,
		'content-disposition': `attachment; filename="${chart.model.file}${ext}"`,
		'cache-control': 'private, no-store'
	});
	if (format === 'csv') return new Response(chartCsv(chart.model, variant), { headers: headers('text/csv; charset=utf-8', variant === L ? '.csv' : `-${variant}.csv`) });
	if (format === 'pptx') {
		// A map's slide shows the map as drawn (PowerPoint has no map chart), then its areas as bars.
		const picture = chart.model.chart === 'map' ? await renderPng(drawingSvg(chart), { scale: 2, background: 'white' }) : undefined;
		return new Response((await chartPptx(drawable(chart.model), picture)) as Uint8Array<ArrayBuffer>, { headers: headers(PPTX, '.pptx') });
	}
	const svg = chartSvg(chart);
	if (format === 'svg') return new Response(svg, { headers: headers('image/svg+xml; charset=utf-8', '.svg') });
	const png = await renderPng(svg, { scale, background });
	return new Response(png.png as Uint8Array<ArrayBuffer>, { headers: headers('image/png', `-${scale}x${background === 'transparent' ? '-transparent' : ''}.png`) });
};

/**
 * A chart as it may be drawn: an analyst's unsuppressed export keeps suppressed values in its
 * CSV (marked), but no chart draws them, the PowerPoint chart included.
 */
function drawable(model: ChartExport): ChartExport {
	return { ...model, cells: model.cells.map((c) => (c.status === 'suppressed' ? { ...c, estimate: null, ci: null } : c)) };
}

/** The page's view, read as the page reads it, from the same cache entry as the page's `load`. */
function viewData(view: ExportView, event: Parameters<RequestHandler>[0]): { data: ViewData; reader: Reader } {
	switch (view) {
		case 'explorer': {
			const { view: data, reader } = loadView(event, EXPLORER);
			return { data: { view, data }, reader };
		}
		case 'overview': {
			const { view: data, reader } = loadView(event, OVERVIEW);
			return { data: { view, data }, reader };
		}
		case 'portrait': {
			const { view: data, reader } = loadView(event, PORTRAIT);
			return { data: { view, data }, reader };
		}
		case 'map': {
			const { view: data, reader } = loadView(event, MAP);
			return { data: { view, data }, reader };
		}
		case 'compare': {
			// Always the viewer's tables, as the page shows them.
			const { view: data, reader } = loadView(event, COMPARE);
			return { data: { view, data }, reader };
		}
	}
}
