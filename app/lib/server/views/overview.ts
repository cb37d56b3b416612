import { error } from '@sveltejs/kit';
import type { Db } from '../../../../db/connection';
import { listAreaGeometries } from '../../../../db/areas';
import { listSurveyWaves } from '../../../../db/datasets';
import { buildChoropleth, type ChoroplethSpec } from '../../charts/choropleth';
import type { CellStatus } from '../../charts/cell-status';
import type { EstimateRow } from '../../engine/types';
import { t, type Locale } from '../../i18n';
import { prepareIfAvailable, tabulate } from '../indicators/survey';
import { loadCatalog } from '../settings/catalog';
import { verdictText } from '../indicators/verdicts';
import { reportedAreas, surveyGeography } from '../settings/geography';
import type { OverviewQuery } from '../request/queries';

const SMALL_MAP = { width: 420, height: 300 };

export interface OverviewIndicator {
	id: string;
	label: string;
	/** What the indicator measures, in the reader's language (exports' subtitles). */
	description: string;
	type: 'proportion' | 'mean';
	city: { estimate: number | null; ci: [number, number] | null; n: number | null; status: CellStatus; flags: string[] };
	previous: { wave: string; other: number; text: string } | null;
	map: ChoroplethSpec;
	/** The map's values, one per borough in the map's order (what its exports hold). */
	boroughs: { code: string; name: string; estimate: number | null; ci: [number, number] | null; n: number | null; status: CellStatus; flags: string[] }[];
}

export interface OverviewData {
	empty: boolean;
	waves: string[];
	wave: string;
	indicators: OverviewIndicator[];
	/** Boroughs on the maps (the map's description says how many). */
	boroughCount: number;
	source: { title: string; wave: string; respondents: number; design: string; synthetic: boolean } | null;
}

const statusOf = (r: EstimateRow): CellStatus => (r.n === 0 ? 'no_data' : r.reliability);

/**
 * Every survey indicator's city value for a wave, its change since the previous wave in words,
 * and a small map by borough. Distributions belong to the portraits. Suppression as in `buildIndicator`.
 */
export function buildOverview(db: Db, q: Pick<OverviewQuery, 'wave'>, locale: Locale, opts: { suppress: boolean }): OverviewData {
	const waves = listSurveyWaves(db);
	const wave = q.wave || waves.at(-1) || '';
	if (waves.length && !waves.includes(wave)) error(400, t(locale, 'api.unknown_wave', { wave }));
	const out: OverviewData = { empty: waves.length === 0, waves, wave, indicators: [], boroughCount: 0, source: null };
	if (out.empty) return out;
	const areas = listAreaGeometries(db, surveyGeography(db, wave));
	const reported = reportedAreas(areas);
	out.boroughCount = reported.length;
	const request = { ci: 'kg' as const, suppress: opts.suppress, published: true };
	for (const def of loadCatalog(db).indicators) {
		if (def.type === 'distribution') continue;
		const prepared = prepareIfAvailable(db, { indicator: def.id, wave, design: 'auto' });
		if (!prepared) continue;
		out.source ??= { title: prepared.dataset.title, wave, respondents: prepared.dataset.rows, design: prepared.design, synthetic: prepared.dataset.synthetic };
		const city = tabulate(db, prepared, { ...request, by: [], compare: ['previous_wave'] }).rows[0]!;
		// The table with comparisons that the key findings (and the explorer) read: its rows are the
		// plain table's, with comparisons the map leaves aside, and a reader of `/` then waits for one
		// table by borough rather than two.
		const byName = new Map(tabulate(db, prepared, { ...request, by: ['borough'], compare: ['rest', 'previous_wave'] }).rows.map((r) => [r.domain.borough, r]));
		const prev = city.comparisons?.previous_wave;
		out.indicators.push({
			id: def.id, label: def.label[locale], description: def.description[locale], type: def.type === 'mean' ? 'mean' : 'proportion',
			city: { estimate: city.estimate, ci: city.ci, n: city.n, status: statusOf(city), flags: city.flags },
			previous: prev ? { wave: prev.wave, other: prev.other, text: verdictText(locale, 'previous_wave', prev) } : null,
			map: buildChoropleth({ ...SMALL_MAP, id: `map-${def.id}`, areas: areas.map((a) => {
				const r = byName.get(a.name);
				return { code: a.code, name: a.name, geometry: a.geometry, value: r?.estimate ?? null, status: r ? statusOf(r) : ('no_data' as const) };
			}) }),
			boroughs: reported.map((a) => {
				const r = byName.get(a.name);
				return { code: a.code, name: a.name, estimate: r?.estimate ?? null, ci: r?.ci ?? null, n: r?.n ?? 0,
					status: r ? statusOf(r) : ('no_data' as const), flags: r?.flags ?? [] };
			})
		});
	}
	return out;
}
