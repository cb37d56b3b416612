import { error } from '@sveltejs/kit';
import type { Db } from '../../../../db/connection';
import { listAreaGeometries } from '../../../../db/areas';
import { listSurveyWaves } from '../../../../db/datasets';
import { buildChoropleth, type ChoroplethSpec } from '../../charts/choropleth';
import type { CellStatus } from '../../charts/cell-status';
import type { EstimateRow } from '../../engine/types';
import { DEFAULT_AGE_BANDS, GENDERS } from '../../../../domain/words';
import { surveyAreas, surveyGeography } from '../settings/geography';
import { t, type Locale } from '../../i18n';
import { findIndicator, prepareIndicator, RequestError, tabulate, type PreparedIndicator } from '../indicators/survey';
import { loadCatalog } from '../settings/catalog';
import { verdictText } from '../indicators/verdicts';
import { designNoteText } from '../indicators/design-notes';
import { breakdownFallback, type BreakdownFallback } from '../indicators/fallbacks';
import type { ExplorerQuery } from '../request/queries';

const MAP_SIZE = { width: 640, height: 480 };

export interface IndicatorRow {
	age_group: string;
	gender: string;
	estimate: number | null;
	ci: [number, number] | null;
	n: number | null;
	weighted_n: number | null;
	reliability: EstimateRow['reliability'];
	status: CellStatus;
	flags: string[];
}

export interface IndicatorData {
	empty: boolean;
	indicators: { id: string; label: string }[];
	waves: string[];
	boroughs: { code: string; name: string }[];
	selected: { indicator: string; wave: string; borough: string | null };
	indicator: { id: string; label: string; description: string; type: 'proportion' | 'mean'; standard: string | null };
	boroughName: string | null;
	map: ChoroplethSpec | null;
	mapRows: { code: string; name: string; estimate: number | null; ci: [number, number] | null; n: number | null; status: CellStatus; flags: string[];
		/** Against the rest of the city (null where no honest comparison can be shown). */
		verdict: 'higher' | 'lower' | 'no_difference' | null }[];
	ageGroups: string[];
	genders: string[];
	rows: IndicatorRow[];
	/** By age group and by gender alone, when most cells of `rows` are hidden. */
	fallback: BreakdownFallback | null;
	summary: { estimate: number | null; ci: [number, number] | null; status: CellStatus; flags: string[];
		rest: { other: number; text: string } | null; previous: { other: number; wave: string; text: string } | null } | null;
	city: { estimate: number | null; ci: [number, number] | null; n: number | null; status: CellStatus; flags: string[] } | null;
	source: { title: string; wave: string; respondents: number; design: string; ci_method: string; synthetic: boolean;
		/** How the design used the dataset's design columns, in the reader's language. */
		design_notes: string[] } | null;
}

const statusOf = (r: EstimateRow): CellStatus => (r.n === 0 ? 'no_data' : r.reliability);

/** The wave's dataset cannot give this indicator (an item it lacks, `lonely_psu: fail`…): a 400 that says why, not a 500. */
function prepareOrRefuse(db: Db, indicator: string, wave: string, locale: Locale): PreparedIndicator {
	try {
		return prepareIndicator(db, { indicator, wave, design: 'auto' });
	} catch (err) {
		if (err instanceof RequestError) error(400, t(locale, `api.${err.code}`, err.params));
		throw err;
	}
}

/**
 * One indicator's view, the explorer's first part: an indicator for a wave, its map by borough, and a chart and table by
 * age group × gender for one borough (or the whole city). Reads the query (`indicator`, `wave`,
 * `borough` = area code); unknown values are a 400 with a message in the reader's language.
 * Suppressed values are removed unless `opts.suppress` is false (analysts only: the caller checks).
 */
export function buildIndicator(db: Db, q: Pick<ExplorerQuery, 'indicator' | 'wave' | 'borough'>, locale: Locale, opts: { suppress: boolean } = { suppress: true }): IndicatorData {
	const waves = listSurveyWaves(db);
	const catalog = loadCatalog(db);
	// Distributions need a category axis: they belong to the portrait pages, not this chart.
	const indicators = catalog.indicators.filter((d) => d.type !== 'distribution').map((d) => ({ id: d.id, label: d.label[locale] }));
	const indicatorId = q.indicator ?? 'feel_safe_after_dark';
	const def = findIndicator(catalog, indicatorId);
	if (!def || def.type === 'distribution') error(400, t(locale, 'api.unknown_indicator', { indicator: indicatorId }));
	const wave = q.wave || waves.at(-1) || '';
	if (waves.length && !waves.includes(wave)) error(400, t(locale, 'api.unknown_wave', { wave }));
	const geography = surveyGeography(db, wave || undefined);
	const areas = listAreaGeometries(db, geography);
	const boroughs = surveyAreas(db, geography).map((a) => ({ code: a.code, name: a.name }));
	const code = q.borough || null;
	const borough = code ? boroughs.find((b) => b.code === code) : undefined;
	if (code && !borough) error(400, t(locale, 'api.bad_parameter', { name: 'borough', detail: code }));
	const base: IndicatorData = {
		empty: waves.length === 0, indicators, waves, boroughs,
		selected: { indicator: def.id, wave, borough: borough?.code ?? null },
		indicator: { id: def.id, label: def.label[locale], description: def.description[locale], type: def.type === 'mean' ? 'mean' : 'proportion', standard: def.standard ?? null },
		boroughName: borough?.name ?? null, map: null, mapRows: [], ageGroups: DEFAULT_AGE_BANDS.map((b) => b.label), genders: [...GENDERS],
		rows: [], fallback: null, summary: null, city: null, source: null
	};
	if (base.empty) return base;

	// One preparation (items read and recoded once) for the page's three breakdowns.
	const prepared = prepareOrRefuse(db, def.id, wave, locale);
	const request = { ci: 'kg' as const, suppress: opts.suppress, published: true };
	const byBorough = tabulate(db, prepared, { ...request, by: ['borough'], compare: ['rest', 'previous_wave'] });
	const overall = tabulate(db, prepared, { ...request, by: [], compare: ['previous_wave'] }).rows[0]!;
	const cells = tabulate(db, prepared, { ...request, by: borough ? ['borough', 'age_group', 'gender'] : ['age_group', 'gender'] });
	const byName = new Map(byBorough.rows.map((r) => [r.domain.borough, r]));
	const mapAreas = areas.map((a) => {
		const r = byName.get(a.name);
		return { code: a.code, name: a.name, geometry: a.geometry, value: r?.estimate ?? null, status: r ? statusOf(r) : ('no_data' as const) };
	});
	const mapRows = boroughs.map((b) => {
		const r = byName.get(b.name);
		return { code: b.code, name: b.name, estimate: r?.estimate ?? null, ci: r?.ci ?? null, n: r?.n ?? 0,
			status: r ? statusOf(r) : ('no_data' as const), flags: r?.flags ?? [], verdict: r?.comparisons?.rest?.verdict ?? null };
	});
	const mine = borough ? byName.get(borough.name) : overall;
	const rows = cells.rows
		.filter((r) => !borough || r.domain.borough === borough.name)
		.map((r) => ({ age_group: r.domain.age_group!, gender: r.domain.gender!, estimate: r.estimate, ci: r.ci, n: r.n,
			weighted_n: r.weighted_n, reliability: r.reliability, status: statusOf(r), flags: r.flags }));
	return {
		...base,
		map: buildChoropleth({ areas: mapAreas, ...MAP_SIZE, selected: borough?.code, id: 'map' }),
		mapRows,
		// The genders the published table has (Women+ and Men+ by borough when non-binary people are too few).
		genders: [...new Set(cells.rows.map((r) => r.domain.gender!))],
		rows,
		fallback: breakdownFallback(db, prepared, { suppress: opts.suppress }, borough?.name ?? null, rows),
		summary: mine ? {
			estimate: mine.estimate, ci: mine.ci, status: statusOf(mine), flags: mine.flags,
			rest: mine.comparisons?.rest ? { other: mine.comparisons.rest.other, text: verdictText(locale, 'rest', mine.comparisons.rest) } : null,
			previous: mine.comparisons?.previous_wave
				? { other: mine.comparisons.previous_wave.other, wave: mine.comparisons.previous_wave.wave,
					text: verdictText(locale, 'previous_wave', mine.comparisons.previous_wave) }
				: null
		} : null,
		city: { estimate: overall.estimate, ci: overall.ci, n: overall.n, status: statusOf(overall), flags: overall.flags },
		source: { title: cells.dataset.title, wave: cells.dataset.wave, respondents: cells.dataset.rows, design: cells.design,
			ci_method: def.type === 'mean' ? 't' : cells.ci_method, synthetic: cells.dataset.synthetic,
			design_notes: (cells.design_notes ?? []).map((n) => designNoteText(locale, n)) }
	};
}
