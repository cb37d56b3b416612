import { z } from 'zod';
import type { Db } from '../../../../db/connection';
import { deleteCatalogIndicator, listCatalogIndicators, upsertCatalogIndicator } from '../../../../db/catalog';
import { Catalog, DiagnosticDefinition, ID_FORMAT, IndicatorDefinition } from '../../engine/catalog';
import { isMessageKey, t, type Locale } from '../../i18n';
import defaultCatalogJson from '../../catalog/default-catalog.json';

/** The default catalog (default-catalog.json), validated at start-up like any analyst's indicator. */
export const defaultCatalog: Catalog = Catalog.parse(defaultCatalogJson);
const defaultIds = new Set([...defaultCatalog.indicators, ...defaultCatalog.diagnostics].map((d) => d.id));

/** A stored or submitted definition is a diagnostic one when it names its source (incidents, audit, mapping). */
const isDiagnostic = (d: unknown) => typeof d === 'object' && d !== null && 'source' in d;

/** The catalog in force: the default indicators, then those analysts added (stored in the database). */
export function loadCatalog(db: Db): Catalog {
	const stored = listCatalogIndicators(db).map((r) => r.definition);
	return {
		indicators: [...defaultCatalog.indicators, ...stored.filter((d) => !isDiagnostic(d)).map((d) => IndicatorDefinition.parse(d))],
		diagnostics: [...defaultCatalog.diagnostics, ...stored.filter(isDiagnostic).map((d) => DiagnosticDefinition.parse(d))]
	};
}

const Many = z.object({ indicators: z.array(IndicatorDefinition).min(1) });
const ManyDiagnostics = z.object({ diagnostics: z.array(DiagnosticDefinition).min(1) });

export type CatalogChange = { ok: true; ids: string[] } | { ok: false; problems: string[] };

/** zod's own messages in the reader's language (its French locale); the catalog's custom ones through the message catalogs. */
const zodLocale = { en: z.locales.en().localeError, fr: z.locales.fr().localeError };

function describe(e: z.ZodError, locale: Locale): string[] {
	return e.issues.map((i) => {
		const params = (i.code === 'custom' ? i.params : undefined) as Record<string, string> | undefined;
		const key = params?.key ?? (i.message === ID_FORMAT ? 'catalog.problem.id_format' : undefined);
		const message = key && isMessageKey(key) ? t(locale, key, params) : i.message;
		return t(locale, 'catalog.problem.at', { path: i.path.join('.') || t(locale, 'catalog.problem.whole'), message });
	});
}

/**
 * Adds (or replaces) analyst indicators from a JSON definition or `{ indicators: [...] }`, all or
 * nothing: each is validated, the default ids are reserved, and the whole catalog must still be
 * valid (unique ids, universes that exist). The engine needs no code for a new survey item.
 */
export function addIndicators(db: Db, input: unknown, by: string, locale: Locale = 'en'): CatalogChange {
	const how = { error: zodLocale[locale] };
	// One schema at a time, so that the problems name the fields of what was meant.
	const many = typeof input === 'object' && input !== null && 'indicators' in input;
	const manyDiagnostics = typeof input === 'object' && input !== null && 'diagnostics' in input && !many;
	const parsed = many ? Many.safeParse(input, how) : manyDiagnostics ? ManyDiagnostics.safeParse(input, how)
		: isDiagnostic(input) ? DiagnosticDefinition.safeParse(input, how) : IndicatorDefinition.safeParse(input, how);
	if (!parsed.success) return { ok: false, problems: describe(parsed.error, locale) };
	const defs: (IndicatorDefinition | DiagnosticDefinition)[] = 'indicators' in parsed.data ? parsed.data.indicators
		: 'diagnostics' in parsed.data ? parsed.data.diagnostics : [parsed.data];
	const reserved = defs.filter((d) => defaultIds.has(d.id)).map((d) => t(locale, 'catalog.problem.reserved', { id: d.id }));
	if (reserved.length) return { ok: false, problems: reserved };
	const ids = new Set(defs.map((d) => d.id));
	const current = loadCatalog(db);
	const merged = {
		indicators: [...current.indicators.filter((d) => !ids.has(d.id)), ...defs.filter((d) => !isDiagnostic(d))],
		diagnostics: [...current.diagnostics.filter((d) => !ids.has(d.id)), ...defs.filter(isDiagnostic)]
	};
	const whole = Catalog.safeParse(merged, how);
	if (!whole.success) return { ok: false, problems: describe(whole.error, locale) };
	db.transaction(() => defs.forEach((d) => upsertCatalogIndicator(db, d.id, d, by)))();
	return { ok: true, ids: defs.map((d) => d.id) };
}

/** Removes an analyst indicator (default ones cannot be removed), unless another one uses it as its universe. */
export function removeIndicator(db: Db, id: string, locale: Locale = 'en'): CatalogChange {
	if (defaultIds.has(id)) return { ok: false, problems: [t(locale, 'catalog.problem.remove_default', { id })] };
	const users = universeUsers(loadCatalog(db), id);
	if (users.length) return { ok: false, problems: [t(locale, 'catalog.problem.remove_universe', { id, users: users.join(', ') })] };
	return deleteCatalogIndicator(db, id) ? { ok: true, ids: [id] } : { ok: false, problems: [t(locale, 'catalog.problem.remove_unknown', { id })] };
}

/** The indicators whose universe is `id` (they would lose their denominator without it). */
export function universeUsers(catalog: Catalog, id: string): string[] {
	return catalog.indicators.filter((d) => d.recode.universe === id).map((d) => d.id);
}

/** Whether `id` is one of the default catalog's (which analysts cannot remove or replace). */
export const isDefaultIndicator = (id: string) => defaultIds.has(id);
