/**
 * The query of each dashboard page, shared by the page's `load`, its exports (`/export/{view}/…`,
 * the portrait's deck) and, for the indicator table, the API. Parameters a page does not know are
 * ignored (a link may carry another page's); `lang` is read before any page (hooks.server.ts).
 */
import { z } from 'zod';
import { BOROUGH_ORDERS, by, categories, choice, ci, compare, design, many, preference, suppress, text } from './params';

export const overviewQuery = z.object({ wave: text(), borough: text(), suppress });
/** `order`: the boroughs chart's order, a preference (an unknown value reads as the ranked default). */
export const explorerQuery = z.object({ indicator: text(), wave: text(), borough: text(), order: preference(BOROUGH_ORDERS, 'rank'), suppress });
/** `borough`: the page's path gives it; the exports and the deck take it from the query. */
export const portraitQuery = z.object({ borough: text(), wave: text(), suppress });
/** The portraits' index: the viewer's values of a wave, whoever reads; its form's `borough` is a redirect to that portrait. */
export const portraitIndexQuery = z.object({ wave: text() });
/** `b` may be `city`. The viewer's tables only: no `suppress`. */
export const compareQuery = z.object({ a: text(), b: text(), wave: text() });
/** `layers`: checkboxes repeat it, links may join with commas; absent means the default layers, empty none. */
export const mapQuery = z.object({ layers: many(), geography: text(), wave: text(), indicator: text(), category: text(), hexagons: text(), borough: text(), suppress });

export const PNG_SCALES = ['2', '4'] as const;
export const PNG_BACKGROUNDS = ['white', 'transparent'] as const;
export const CSV_VARIANTS = ['en', 'fr'] as const;
/** What an export adds to its page's query: the image's scale and background, the CSV's variant (default: the reader's language), the order. */
export const exportQuery = z.object({
	scale: choice('scale', PNG_SCALES, '2').transform((s) => Number(s) as 2 | 4),
	background: choice('background', PNG_BACKGROUNDS, 'white'),
	variant: z.string().optional().superRefine((v, ctx) => {
		if (v !== undefined && !(CSV_VARIANTS as readonly string[]).includes(v))
			ctx.addIssue({ code: 'custom', message: `"${v}" is not one of ${CSV_VARIANTS.join(', ')}`, params: { name: 'variant', value: v, allowed: CSV_VARIANTS } });
	}).transform((v) => v as (typeof CSV_VARIANTS)[number] | undefined),
	order: choice('order', BOROUGH_ORDERS, 'rank')
});

/** GET /api/indicators/{id}: a survey indicator's table. */
export const indicatorApiQuery = z.object({
	by: by('borough,age_group,gender'), design, ci, compare, suppress, categories,
	// As given: an empty wave is an unknown one (404), not the latest.
	wave: z.string().optional(),
	borough: z.string().optional(), age_group: z.string().optional(), gender: z.string().optional()
});

export type OverviewQuery = z.output<typeof overviewQuery>;
export type ExplorerQuery = z.output<typeof explorerQuery>;
export type PortraitQuery = z.output<typeof portraitQuery>;
export type CompareQuery = z.output<typeof compareQuery>;
export type MapQuery = z.output<typeof mapQuery>;
