import { z } from 'zod';

const Bilingual = z.object({ en: z.string().min(1), fr: z.string().min(1) });
const Code = z.string().min(1);

/** `item` ∈ success → 1, ∈ valid \ success → 0, anything else (missing codes, empty) → excluded. */
const CodesRecode = z.object({
	kind: z.literal('codes'),
	item: z.string().min(1),
	success: z.array(Code).min(1),
	valid: z.array(Code).min(1),
	/** Only respondents for whom this other indicator is 1 (e.g. reporting among victims). */
	universe: z.string().optional()
});
/** 1 if any item is a success, 0 if every item is valid and none is, else excluded. */
const AnyOfRecode = z.object({
	kind: z.literal('any_of'),
	items: z.array(z.string().min(1)).min(2),
	success: z.array(Code).min(1),
	valid: z.array(Code).min(1),
	universe: z.string().optional()
});
/** The item's numeric value within [min, max]; `missing` codes and anything else excluded. */
const ValueRecode = z.object({
	kind: z.literal('value'),
	item: z.string().min(1),
	min: z.number(),
	max: z.number(),
	missing: z.array(Code).default([]),
	universe: z.string().optional()
});

/** Each category's share among the answers that are one of `categories` (a distribution indicator). */
const CategoriesRecode = z.object({
	kind: z.literal('categories'),
	item: z.string().min(1),
	categories: z.array(Code).min(2),
	/** Labels of the categories, French and English, by code. */
	labels: z.record(z.string(), Bilingual),
	universe: z.string().optional()
});

/** Custom problems carry `params.key`, a message key, so the server can say them in the reader's language. */
export const ID_FORMAT = 'ids are lower-case letters, digits and _';

export const IndicatorDefinition = z
	.object({
		id: z.string().regex(/^[a-z][a-z0-9_]*$/, { error: ID_FORMAT }),
		type: z.enum(['proportion', 'mean', 'distribution']),
		recode: z.discriminatedUnion('kind', [CodesRecode, AnyOfRecode, ValueRecode, CategoriesRecode]),
		label: Bilingual,
		description: Bilingual,
		unit: z.enum(['percent', 'score']),
		standard: z.string().optional()
	})
	.refine((d) => (d.type === 'mean') === (d.recode.kind === 'value') && (d.type === 'distribution') === (d.recode.kind === 'categories'), {
		error: 'a mean uses a "value" recode, a distribution a "categories" recode, a proportion "codes" or "any_of"',
		params: { key: 'catalog.problem.type_recode' }
	})
	.refine((d) => d.recode.kind !== 'categories' || d.recode.categories.every((c) => c in (d.recode as { labels: object }).labels), {
		error: 'every category of a distribution needs a label',
		params: { key: 'catalog.problem.category_label' }
	});
export type IndicatorDefinition = z.infer<typeof IndicatorDefinition>;

/**
 * Diagnostic indicators: computed from incidents (with population), audits or
 * participatory mapping instead of survey items. The measure says what is computed; an analyst
 * can add one restricted to some incident categories (e.g. a burglary rate) without code.
 */
export const DIAGNOSTIC_MEASURES = {
	incident_count: { source: 'incidents', type: 'count', unit: 'count' },
	incident_rate: { source: 'incidents', type: 'rate', unit: 'per_1000' },
	audit_score: { source: 'audit', type: 'score', unit: 'score' },
	audit_poor_share: { source: 'audit', type: 'proportion', unit: 'percent' },
	mapping_points: { source: 'mapping', type: 'count', unit: 'count' },
	mapping_unsafe_share: { source: 'mapping', type: 'proportion', unit: 'percent' }
} as const;
export type DiagnosticMeasure = keyof typeof DIAGNOSTIC_MEASURES;

export const DiagnosticDefinition = z
	.object({
		id: z.string().regex(/^[a-z][a-z0-9_]*$/, { error: ID_FORMAT }),
		source: z.enum(['incidents', 'audit', 'mapping']),
		type: z.enum(['count', 'rate', 'score', 'proportion']),
		measure: z.enum(Object.keys(DIAGNOSTIC_MEASURES) as [DiagnosticMeasure, ...DiagnosticMeasure[]]),
		/** Incidents: only these categories (as written in the files); all when absent. */
		categories: z.array(z.string().min(1)).min(1).optional(),
		label: Bilingual,
		description: Bilingual,
		unit: z.enum(['count', 'per_1000', 'score', 'percent']),
		standard: z.string().optional()
	})
	.refine((d) => {
		const m = DIAGNOSTIC_MEASURES[d.measure];
		return m.source === d.source && m.type === d.type && m.unit === d.unit;
	}, { error: 'source, type and unit must be those of the measure (incident_rate: incidents, rate, per_1000; …)', params: { key: 'catalog.problem.measure' } })
	.refine((d) => d.categories === undefined || d.source === 'incidents', { error: 'only incident indicators take categories', params: { key: 'catalog.problem.categories' } });
export type DiagnosticDefinition = z.infer<typeof DiagnosticDefinition>;

export const Catalog = z
	.object({ indicators: z.array(IndicatorDefinition).min(1), diagnostics: z.array(DiagnosticDefinition).default([]) })
	.superRefine((c, ctx) => {
		const ids = new Set<string>();
		for (const d of [...c.indicators, ...c.diagnostics]) {
			if (ids.has(d.id)) ctx.addIssue({ code: 'custom', message: `duplicate indicator id ${d.id}`, params: { key: 'catalog.problem.duplicate', id: d.id } });
			ids.add(d.id);
		}
		const universeOf = new Map(c.indicators.map((d) => [d.id, d.recode.universe]));
		for (const d of c.indicators) {
			const u = d.recode.universe;
			if (u && !universeOf.has(u)) ctx.addIssue({ code: 'custom', message: `${d.id}: universe ${u} is not an indicator of the catalog`, params: { key: 'catalog.problem.universe', id: d.id, universe: u } });
			// A universe chain must end: x within y within x would never finish recoding.
			const seen = new Set([d.id]);
			for (let next = u; next; next = universeOf.get(next)) {
				if (seen.has(next)) {
					ctx.addIssue({ code: 'custom', message: `${d.id}: its universe chain comes back to ${next} (a cycle)`, params: { key: 'catalog.problem.cycle', id: d.id, universe: next } });
					break;
				}
				seen.add(next);
			}
		}
	});
export type Catalog = z.infer<typeof Catalog>;

/** Items an indicator reads, its universe's included. */
export function itemsOf(catalog: Catalog, id: string, seen = new Set<string>()): string[] {
	const d = catalog.indicators.find((x) => x.id === id);
	if (!d || seen.has(id)) return [];
	seen.add(id);
	const own = d.recode.kind === 'any_of' ? d.recode.items : [d.recode.item];
	return [...own, ...(d.recode.universe ? itemsOf(catalog, d.recode.universe, seen) : [])];
}
