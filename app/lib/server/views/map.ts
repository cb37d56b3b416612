/**
 * The map page's view: one map of a geography's areas with toggled layers (incident rates by
 * area, hexagon aggregates of mapped points or incidents, audit sites) and, for a selected area,
 * its survey and diagnostic indicators side by side (map-panel.ts). Reads the query; unknown
 * values are a 400 in the reader's language. Viewers get suppressed values removed.
 */
import { error } from '@sveltejs/kit';
import type { Db } from '../../../../db/connection';
import { listAreaGeometries } from '../../../../db/areas';
import { listDatasets, type DatasetKind } from '../../../../db/datasets';
import { listIncidentGeographies } from '../../../../db/incidents';
import { latestWave, listWaves } from '../../../../db/waves';
import { buildChoropleth, fitMapProjection, type ChoroplethLegend } from '../../charts/choropleth';
import type { MapLabels } from '../../charts/map-labels';
import { buildAuditSymbols, buildHexagonLayer, type AuditFeature, type AuditSymbol, type HexagonFeature, type HexagonLayer, type LegendClass } from '../../charts/map-layers';
import type { CellStatus } from '../../charts/cell-status';
import type { DiagnosticRow } from '../../engine/types';
import { t, type Locale } from '../../i18n';
import { computeDiagnostic, DiagnosticRequestError } from '../indicators/diagnostics';
import { buildLayer } from './map-layers';
import { loadRules } from '../settings/rules';
import { loadCatalog } from '../settings/catalog';
import { buildAreaPanel, type AreaPanel } from './map-panel';
import { waveInWords } from '../../wave-words';
import { loadGeography } from '../settings/geography';
import type { MapQuery } from '../request/queries';

export const MAP_LAYERS = ['rates', 'hexagons', 'audit', 'partners'] as const;
export type MapLayer = (typeof MAP_LAYERS)[number];
const RATE_INDICATORS = ['incident_rate', 'incident_count'] as const;
const HEXAGON_SOURCES = ['mapping', 'incidents'] as const;
const SIZE = { width: 760, height: 560 };
/** Hexagons of 500 m (centre to vertex): about 12 px across on the island's map. */
const HEX_SIZE_M = 500;

export interface RateRow {
	code: string; name: string; n: number | null; estimate: number | null; ci: [number, number] | null;
	rate_ratio: { estimate: number; ci: [number, number] } | null; population: number | null; status: CellStatus; flags: string[];
}

export interface MapData {
	selected: { layers: MapLayer[]; indicator: string; geography: string; wave: string; category: string; borough: string | null; hexagons: 'mapping' | 'incidents' };
	options: { indicators: { id: string; label: string }[]; geographies: string[]; waves: string[]; categories: string[]; areas: { code: string; name: string }[];
		hexagonSources: ('mapping' | 'incidents')[] };
	map: { width: number; height: number; patternId: string; areas: { code: string; name: string; d: string; fill: string; status: CellStatus; value: number | null; selected: boolean }[];
		/** The areas' names: the chosen one, the highest and lowest rates, others where they fit. */
		labels: MapLabels };
	/** `legend`: the classes that hold an area, and how many areas have no rate, a suppressed one or one to use with caution. */
	rates: { indicator: string; label: string; domain: [number, number]; legend: ChoroplethLegend | null; rows: RateRow[]; period: string; populationYear: string | null;
		title: string; synthetic: boolean } | null;
	hexagons: (HexagonLayer & { source: 'mapping' | 'incidents'; wave: string; sizeM: number; minPoints: number; withheld: number; title: string; synthetic: boolean }) | null;
	audit: { symbols: AuditSymbol[]; legend: LegendClass[]; poorMax: number; wave: string; title: string; synthetic: boolean } | null;
	/** Why the rates layer is missing although incidents are loaded. */
	ratesNote: 'map.no_population' | null;
	panel: AreaPanel | null;
	synthetic: boolean;
	empty: boolean;
}

/** The newest dataset of a kind's most recent wave in time (waves.ts): the one a layer drawn without a wave shows. */
const latest = (db: Db, kind: DatasetKind) => {
	const wave = latestWave(db, kind);
	return listDatasets(db, kind).filter((d) => d.wave === wave).sort((a, b) => a.id - b.id).at(-1);
};
const statusOf = (r: DiagnosticRow | undefined): CellStatus => (!r ? 'no_data' : r.reliability === 'suppressed' ? 'suppressed' : r.estimate === null ? 'no_data' : r.reliability);

/** The months of the rates in words ("janv. – déc. 2024"), else as written, else the wave. */
function periodInWords(locale: Locale, period: { from: string | null; to: string | null }, wave: string): string {
	if (!period.from || !period.to) return wave;
	const label = period.from === period.to ? period.from : `${period.from}..${period.to}`;
	return waveInWords(locale, label) ?? (period.from === period.to ? period.from : `${period.from} – ${period.to}`);
}

/**
 * `?layers=` as given (null: absent): checkboxes repeat it, links may join with commas; the form's
 * empty hidden value means "none". Without it, one layer: the first of `available` (one picture at
 * a time reads better than four on top of each other).
 */
function parseLayers(given: string[] | null, locale: Locale, available: MapLayer[]): MapLayer[] {
	if (given === null) return [available[0] ?? 'rates'];
	const asked = given;
	const bad = asked.find((v) => !MAP_LAYERS.includes(v as MapLayer));
	if (bad) error(400, t(locale, 'api.bad_value', { name: 'layers', value: bad, allowed: MAP_LAYERS.join(', ') }));
	return MAP_LAYERS.filter((l) => asked.includes(l));
}

function oneOf<T extends string>(q: MapQuery, name: 'wave' | 'geography' | 'indicator' | 'hexagons' | 'category', allowed: readonly T[], fallback: T, locale: Locale): T {
	const v = q[name];
	if (v === undefined) return fallback;
	if (!allowed.includes(v as T)) error(400, t(locale, 'api.bad_value', { name, value: v, allowed: allowed.join(', ') }));
	return v as T;
}

function tryRates<T>(f: () => T): T | null {
	try {
		return f();
	} catch (err) {
		if (err instanceof DiagnosticRequestError && err.code === 'population_unavailable') return null;
		throw err;
	}
}

export function buildMap(db: Db, q: MapQuery, locale: Locale, opts: { suppress: boolean }): MapData {
	const hexagonSources = HEXAGON_SOURCES.filter((k) => listDatasets(db, k).length > 0);
	const withData = { rates: listDatasets(db, 'incidents').length > 0, hexagons: hexagonSources.length > 0, audit: !!latest(db, 'audit'), partners: listDatasets(db, 'partners').length > 0 };
	const layers = parseLayers(q.layers, locale, MAP_LAYERS.filter((l) => withData[l]));
	const diagnostics = loadCatalog(db).diagnostics;
	const indicators = RATE_INDICATORS.map((id) => ({ id, label: diagnostics.find((d) => d.id === id)?.label[locale] ?? id }));
	const incidents = listDatasets(db, 'incidents');
	// Oldest first in time (waves.ts); the most recent is the default.
	const waves = listWaves(db, 'incidents').map((w) => w.wave);
	const wave = oneOf(q, 'wave', waves, waves.at(-1) ?? '', locale);
	const ofWave = incidents.filter((d) => d.wave === wave);
	const geographies = ofWave.length ? listIncidentGeographies(db, ofWave[0]!.id).map((g) => g.geography) : [loadGeography(db)];
	const firstGeography = (ofWave[0]?.mapping.geographies as string[] | undefined)?.[0] ?? geographies[0]!;
	const geography = oneOf(q, 'geography', geographies, firstGeography, locale);
	const indicator = oneOf(q, 'indicator', RATE_INDICATORS, 'incident_rate', locale);
	const hexSource = oneOf(q, 'hexagons', HEXAGON_SOURCES, hexagonSources[0] ?? 'mapping', locale);
	const geometries = listAreaGeometries(db, geography);
	const areas = geometries.map((a) => ({ code: a.code, name: a.name })).sort((a, b) => a.name.localeCompare(b.name, 'fr'));
	const code = q.borough || null;
	const area = code ? areas.find((a) => a.code === code) : undefined;
	if (code && !area) error(400, t(locale, 'api.bad_parameter', { name: 'borough', detail: code }));

	// Categories come from a count by category (cheap: one pass over the stored columns).
	const categories = ofWave.length
		? computeDiagnostic(db, { indicator: 'incident_count', wave, by: ['category'], geography, suppress: true }).rows.map((r) => r.domain.category!)
		: [];
	const category = oneOf(q, 'category', categories, '', locale);

	// The rates: always computed when there are incidents (the panel needs the area's row), drawn when toggled.
	let rates: MapData['rates'] = null;
	const byName = new Map<string, DiagnosticRow>();
	let ratesNote: 'map.no_population' | null = null;
	// Rates need residents: a geography without a population table (police districts) has counts only.
	const table = ofWave.length ? tryRates(() => computeDiagnostic(db, { indicator, wave, by: category ? ['borough', 'category'] : ['borough'], geography, suppress: opts.suppress })) : null;
	if (ofWave.length && !table) ratesNote = 'map.no_population';
	if (table) {
		for (const r of table.rows) if (!category || r.domain.category === category) byName.set(r.domain.borough!, r);
		const rows: RateRow[] = areas.map((a) => {
			const r = byName.get(a.name);
			return { ...a, n: r?.n ?? null, estimate: r?.estimate ?? null, ci: r?.ci ?? null, rate_ratio: r?.rate_ratio ?? null,
				population: r?.population ?? null, status: statusOf(r), flags: r?.flags ?? [] };
		});
		const period = table.period as { from: string | null; to: string | null };
		// From zero to the highest published rate: the classes are round steps over it (classBreaks).
		const top = Math.max(0, ...rows.map((r) => (r.status === 'ok' || r.status === 'flag' ? r.estimate ?? 0 : 0)));
		rates = { indicator, label: indicators.find((i) => i.id === indicator)!.label, domain: [0, top > 0 ? top : 1], legend: null, rows,
			period: periodInWords(locale, period, wave), populationYear: (table.population_year as string | undefined) ?? null,
			title: ofWave.map((d) => d.title).join(t(locale, 'format.list_sep')), synthetic: ofWave.every((d) => d.synthetic) };
	}
	const choropleth = buildChoropleth({
		areas: geometries.map((a) => {
			const r = rates?.rows.find((x) => x.code === a.code);
			const drawn = layers.includes('rates') && r;
			return { code: a.code, name: a.name, geometry: a.geometry, value: drawn ? r.estimate : null, status: drawn ? r.status : 'no_data' };
		}),
		...SIZE, legendWidth: 0, domain: rates?.domain ?? [0, 1], selected: area?.code, id: 'map'
	});
	if (rates) rates.legend = choropleth.legend;
	const projection = fitMapProjection(geometries.map((a) => a.geometry), SIZE.width, SIZE.height, 0);
	const minPoints = loadRules(db).count.minPoints;

	let hexagons: MapData['hexagons'] = null;
	if (layers.includes('hexagons') && hexagonSources.includes(hexSource)) {
		const layer = buildLayer(db, { kind: hexSource, size: HEX_SIZE_M, wave: hexSource === 'incidents' ? wave : undefined, category: hexSource === 'incidents' && category ? category : undefined });
		const source = latest(db, hexSource)!;
		const ds = listDatasets(db, hexSource).filter((d) => d.wave === layer.wave);
		hexagons = { ...buildHexagonLayer({ features: layer.features as HexagonFeature[], projection, measure: hexSource === 'mapping' ? 'unsafe_share' : 'points', minPoints, id: 'map' }),
			source: hexSource, wave: layer.wave, sizeM: HEX_SIZE_M, minPoints, withheld: (layer as { withheld_hexagons?: number }).withheld_hexagons ?? 0,
			title: ds.map((d) => d.title).join(t(locale, 'format.list_sep')) || source.title, synthetic: ds.every((d) => d.synthetic) };
	}
	let audit: MapData['audit'] = null;
	const auditSet = latest(db, 'audit');
	if (layers.includes('audit') && auditSet) {
		const layer = buildLayer(db, { kind: 'audit', size: HEX_SIZE_M });
		const poorMax = (auditSet.mapping.scale as { poorMax: number } | undefined)?.poorMax ?? 2;
		audit = { ...buildAuditSymbols({ features: layer.features as AuditFeature[], projection, poorMax, ...SIZE }), poorMax, wave: layer.wave, title: auditSet.title, synthetic: auditSet.synthetic };
	}
	return {
		selected: { layers, indicator, geography, wave, category, borough: area?.code ?? null, hexagons: hexSource },
		options: { indicators, geographies, waves, categories, areas, hexagonSources },
		map: { width: SIZE.width, height: SIZE.height, patternId: choropleth.legend.suppressedPatternId,
			areas: choropleth.areas.map(({ code, name, d, fill, status, value, selected }) => ({ code, name, d, fill, status, value, selected })), labels: choropleth.labels },
		rates, ratesNote, hexagons, audit,
		panel: area ? buildAreaPanel(db, { name: area.name, indicator, populationYear: rates?.populationYear ?? null, rate: byName.get(area.name) ?? null, geography, wave, category, suppress: opts.suppress, locale }) : null,
		synthetic: [...incidents, ...listDatasets(db, 'audit'), ...listDatasets(db, 'mapping')].some((d) => d.synthetic),
		empty: incidents.length === 0 && hexagonSources.length === 0 && !auditSet && listDatasets(db, 'partners').length === 0
	};
}
