import { json } from '@sveltejs/kit';
import { formatNumber, t, type Locale } from '../../i18n';
import { getDb } from '../db';
import { apiError, csvResponse, wantsCsv } from './api';
import { diagnosticCsv } from './csv';
import { computeDiagnostic, DiagnosticRequestError } from '../indicators/diagnostics';
import { parseDiagnosticBy } from '../request/params';
import { nameKey } from '../../../../ingest/names';
import { buildLayer, LAYER_KINDS, type LayerKind } from '../views/map-layers';

const FILTERS = ['borough', 'category', 'month', 'age_group', 'gender', 'time_of_day', 'criterion'] as const;

/**
 * GET /api/indicators/{id} for a diagnostic indicator: `?wave&by&geography&population_year` and
 * filters on the breakdown's variables. Every client is a viewer until accounts exist: suppressed
 * cells lose their values.
 */
export function diagnosticResponse(id: string, url: URL, request: Request, locale: Locale): Response {
	const q = url.searchParams;
	const by = parseDiagnosticBy(q.get('by') ?? 'borough');
	if (!by.ok) return apiError(400, locale, 'api.bad_value', { name: 'by', value: by.value, allowed: by.allowed.join(', ') });
	try {
		const table = computeDiagnostic(getDb(), {
			indicator: id, wave: q.get('wave') ?? undefined, by: by.value, geography: q.get('geography') ?? undefined,
			populationYear: q.get('population_year') ?? undefined, suppress: true
		});
		const active = FILTERS.filter((f) => q.has(f));
		const rows = table.rows.filter((r) => active.every((f) =>
			f === 'borough' ? nameKey(r.domain.borough ?? '') === nameKey(q.get(f)!) : r.domain[f] === q.get(f)));
		const out = { ...table, rows };
		if (wantsCsv(request, url)) return csvResponse(diagnosticCsv(out, by.value), `vigie-${id}-${table.wave}.csv`);
		return json(out);
	} catch (err) {
		if (err instanceof DiagnosticRequestError) {
			return apiError(err.code === 'unknown_indicator' || err.code === 'no_data_for_wave' ? 404 : 400, locale, `api.${err.code}`, err.params);
		}
		throw err;
	}
}

/**
 * Hexagon sizes, in metres, anyone may ask for. Grids of nearly equal sizes overlap in thin
 * slivers, and their counts subtracted from each other would place single points, so viewers get
 * a few well-separated grids; analysts, who may see unsuppressed values, any size.
 */
export const PUBLIC_HEXAGON_SIZES = [250, 500, 1000] as const;
/** Any size an analyst may ask for, in metres: finer grids cost too much, coarser ones say nothing. */
const ANALYST_HEXAGON_SIZES = { min: 100, max: 5000 } as const;

/** The sizes a reader may ask for, in their words: "one of 250, 500 or 1,000 m", "l’une de 250, 500 ou 1 000 m". */
function allowedSizes(locale: Locale, anySize: boolean): string {
	if (anySize) return t(locale, 'api.hexagon_size_range', { min: formatNumber(locale, ANALYST_HEXAGON_SIZES.min), max: formatNumber(locale, ANALYST_HEXAGON_SIZES.max) });
	const sizes = new Intl.ListFormat(locale === 'fr' ? 'fr-CA' : 'en-CA', { type: 'disjunction' }).format(PUBLIC_HEXAGON_SIZES.map((s) => formatNumber(locale, s)));
	return t(locale, 'api.hexagon_size_public', { sizes });
}

/** GET /api/layers/{mapping|incidents|audit}?wave&size&category: a map layer as GeoJSON, aggregated for viewers (one category at most). */
export function layerResponse(kind: string, url: URL, locale: Locale, anySize: boolean): Response {
	if (!LAYER_KINDS.includes(kind as LayerKind)) return apiError(404, locale, 'api.unknown_layer', { layer: kind, allowed: LAYER_KINDS.join(', ') });
	const q = url.searchParams;
	const size = Number(q.get('size') ?? 500);
	if (anySize ? !(size >= ANALYST_HEXAGON_SIZES.min && size <= ANALYST_HEXAGON_SIZES.max) : !(PUBLIC_HEXAGON_SIZES as readonly number[]).includes(size))
		return apiError(400, locale, 'api.bad_parameter', { name: 'size', detail: allowedSizes(locale, anySize) });
	// One category or every one: a set of categories would tell which hidden cells are not empty.
	// An empty `category=` (a form's "every category") is none.
	const categories = q.getAll('category').filter((c) => c !== '');
	if (categories.length > 1) return apiError(400, locale, 'api.bad_parameter', { name: 'category', detail: t(locale, 'api.one_category') });
	try {
		return json(buildLayer(getDb(), { kind: kind as LayerKind, wave: q.get('wave') ?? undefined, size, category: categories[0] }));
	} catch (err) {
		if (err instanceof DiagnosticRequestError) return apiError(404, locale, `api.${err.code}`, err.params);
		throw err;
	}
}
