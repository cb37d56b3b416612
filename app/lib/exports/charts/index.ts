/**
 * Every exportable chart of a page, from the view the page renders: `chartsOf('explorer', data, ctx)`.
 * A viewer's export never holds a suppressed value: whatever the view carries, a suppressed
 * cell loses its estimate and interval here unless the export is an analyst's unsuppressed one.
 */
import type { CompareData } from '../../server/views/compare';
import type { ExplorerData } from '../../server/views/explorer';
import type { MapData } from '../../server/views/map';
import type { OverviewData } from '../../server/views/overview';
import type { PortraitData } from '../../server/views/portrait';
import type { ExportContext, PageChart } from './common';
import { compareCharts } from './compare';
import { explorerCharts } from './explorer';
import { mapCharts } from './map';
import { overviewCharts } from './overview';
import { portraitCharts } from './portrait';

export { EXPORT_VIEWS, type ExportView, type ExportContext, type PageChart, type ChartDraw } from './common';

export type ViewData =
	| { view: 'explorer'; data: ExplorerData }
	| { view: 'overview'; data: OverviewData }
	| { view: 'portrait'; data: PortraitData }
	| { view: 'map'; data: MapData }
	| { view: 'compare'; data: CompareData };

export function chartsOf(v: ViewData, ctx: ExportContext): PageChart[] {
	const charts = v.view === 'explorer' ? explorerCharts(v.data, ctx)
			: v.view === 'overview' ? overviewCharts(v.data, ctx)
				: v.view === 'portrait' ? portraitCharts(v.data, ctx)
					: v.view === 'compare' ? compareCharts(v.data, ctx)
						: mapCharts(v.data, ctx);
	if (ctx.unsuppressed) return charts;
	for (const c of charts)
		for (const cell of c.model.cells)
			// A suppressed incident count is itself the number to hide (the map's n); a survey's respondents are not.
			if (cell.status === 'suppressed') Object.assign(cell, { estimate: null, ci: null, ...(v.view === 'map' ? { n: null } : {}) });
	return charts;
}
