/**
 * The analysts' catalog page: every indicator in force, in the reader's language, with
 * its definition in words, the survey items it reads, its standard, and which loaded waves can
 * compute it (a wave lacking one of the items cannot: prepareIndicator would refuse it).
 */
import type { Db } from '../../../../db/connection';
import { listCatalogIndicators } from '../../../../db/catalog';
import { listDatasets, listSurveyWaves, type DatasetKind } from '../../../../db/datasets';
import { listWaves } from '../../../../db/waves';
import { listSurveyColumns } from '../../../../db/survey';
import { itemsOf, type Catalog, type DiagnosticDefinition, type IndicatorDefinition } from '../../engine/catalog';
import { t, type Locale, type MessageKey } from '../../i18n';
import { formatDateTime } from '../../format';
import { isDefaultIndicator, loadCatalog, universeUsers } from '../settings/catalog';

export interface WaveCheck {
	wave: string;
	/** Items the wave's dataset lacks; empty when it can compute the indicator. */
	missing: string[];
}

export interface CatalogRow {
	id: string;
	label: string;
	description: string;
	/** Translated type and unit. */
	type: string;
	unit: string;
	standard: string | null;
	/** The numerator and universe in words. */
	definition: string[];
	items: string[];
	json: string;
	analyst: { by: string; at: string } | null;
	/** Indicators that use this one as their universe (it cannot be removed while they do). */
	usedBy: string[];
	waves: WaveCheck[];
}

/** Codes as the reader says them: "1 or 2", "1, 2, 3 ou 4". */
const either = (locale: Locale, codes: string[]) => new Intl.ListFormat(locale, { type: 'disjunction' }).format(codes);
const names = (items: string[]) => items.join(', ');

/** The recode of a survey indicator, said in words: what counts as 1, among whom. */
export function definitionInWords(catalog: Catalog, d: IndicatorDefinition, locale: Locale): string[] {
	const r = d.recode;
	const out: string[] = [];
	if (r.kind === 'codes') out.push(t(locale, 'catalog.def.codes', { item: r.item, success: either(locale, r.success), valid: either(locale, r.valid) }));
	else if (r.kind === 'any_of') out.push(t(locale, 'catalog.def.any_of', { items: names(r.items), success: either(locale, r.success), valid: either(locale, r.valid) }));
	else if (r.kind === 'value') out.push(t(locale, r.missing.length ? 'catalog.def.value_missing' : 'catalog.def.value', { item: r.item, min: r.min, max: r.max, missing: either(locale, r.missing) }));
	else out.push(t(locale, 'catalog.def.categories', { item: r.item, categories: r.categories.map((c) => `${r.labels[c]?.[locale] ?? c} (${c})`).join(', ') }));
	if (r.universe) {
		const u = catalog.indicators.find((x) => x.id === r.universe);
		out.push(t(locale, 'catalog.def.universe', { universe: u ? u.label[locale] : r.universe, id: r.universe }));
	}
	return out;
}

const SOURCE_KIND: Record<DiagnosticDefinition['source'], DatasetKind> = { incidents: 'incidents', audit: 'audit', mapping: 'mapping' };

export function buildCatalogPage(db: Db, locale: Locale) {
	const catalog = loadCatalog(db);
	const stored = new Map(listCatalogIndicators(db).map((s) => [s.id, s]));
	const datasets = listDatasets(db);
	const surveyWaves = listSurveyWaves(db);
	const surveys = datasets.filter((d) => d.kind === 'survey').sort((a, b) => surveyWaves.indexOf(a.wave) - surveyWaves.indexOf(b.wave));
	const columns = new Map(surveys.map((d) => [d.wave, new Set(listSurveyColumns(db, d.id).map((c) => c.name))]));
	const analyst = (id: string) => {
		const s = stored.get(id);
		return s && !isDefaultIndicator(id) ? { by: s.created_by, at: formatDateTime(locale, s.created_at) ?? s.created_at } : null;
	};
	const common = (d: IndicatorDefinition | DiagnosticDefinition) => ({
		id: d.id,
		label: d.label[locale],
		description: d.description[locale],
		type: t(locale, `catalog.type.${d.type}` as MessageKey),
		unit: t(locale, `catalog.unit.${d.unit}` as MessageKey),
		standard: d.standard ?? null,
		json: JSON.stringify(d, null, 2),
		analyst: analyst(d.id)
	});
	const survey: CatalogRow[] = catalog.indicators.map((d) => {
		const items = itemsOf(catalog, d.id);
		return {
			...common(d),
			definition: definitionInWords(catalog, d, locale),
			items,
			usedBy: universeUsers(catalog, d.id),
			waves: surveys.map((s) => ({ wave: s.wave, missing: items.filter((i) => !columns.get(s.wave)!.has(i)) }))
		};
	});
	const diagnostic = catalog.diagnostics.map((d) => {
		return {
			...common(d),
			source: t(locale, `datasets.kind.${SOURCE_KIND[d.source]}` as MessageKey),
			definition: [t(locale, `catalog.measure.${d.measure}` as MessageKey)
				+ (d.categories ? ' ' + t(locale, 'catalog.def.incident_categories', { categories: names(d.categories) }) : '')],
			periods: listWaves(db, SOURCE_KIND[d.source]).map((w) => w.wave)
		};
	});
	return { survey, diagnostic, waves: surveys.map((s) => s.wave) };
}
