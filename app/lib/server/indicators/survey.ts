import type { Db } from '../../../../db/connection';
import { findSurveyDataset, listSurveyWaves, type DatasetRecord } from '../../../../db/datasets';
import { itemsOf, type Catalog, type IndicatorDefinition } from '../../engine/catalog';
import { autoDesign, estimateDomains, type DomainResult } from '../../engine/estimate';
import { lonelyFailure } from '../../engine/design';
import { designNotes } from './design-notes';
import { compareWithRest, testDifference } from '../../engine/compare';
import { recodeCategory, recodeIndicator } from '../../engine/recode';
import type { SurveyFrame } from '../../engine/frame';
import type { CiMethod, ComparisonResult, Design, DomainVariable, EstimateRow, EstimateTable } from '../../engine/types';
import { mergeAgeGroups, YOUTH } from '../../engine/age-regroup';
import { NON_BINARY } from '../../engine/gender-groups';
import { surveyFrame, surveyItems } from './survey-frame';
import { levelName, publication, publishedKey, viewerFrame, type Publication } from './publication';
import { loadCatalog } from '../settings/catalog';
import { loadRules } from '../settings/rules';
import { audienceOf, cached } from '../cache/cache';
import type { PreparedIndicator } from './prepared';

export type { PreparedIndicator } from './prepared';

export function findIndicator(catalog: Catalog, id: string): IndicatorDefinition | undefined {
	return catalog.indicators.find((d) => d.id === id);
}

export const DOMAIN_VARIABLES: readonly DomainVariable[] = ['borough', 'age_group', 'gender'];

export interface IndicatorRequest {
	indicator: string;
	wave: string;
	by: DomainVariable[];
	design: Design | 'auto';
	ci: CiMethod;
	/** Viewers get suppressed values removed; only analysts may ask for them (auth/permissions.ts). */
	suppress: boolean;
	/** Tests to add to each row: against the rest of the city (needs `borough` in `by`), against the previous wave. */
	compare?: Comparand[];
	/**
	 * An analyst's unsuppressed table in the categories of the published tables (Women+ and Men+
	 * where they are used) instead of the survey's own: what viewers see, with the hidden values.
	 */
	published?: boolean;
}

export type Comparand = 'rest' | 'previous_wave';

export class RequestError extends Error {
	constructor(readonly code: 'unknown_indicator' | 'unknown_wave' | 'design_unavailable' | 'design_unpublished' | 'missing_item' | 'lonely_psu_fail', readonly params: Record<string, string>) {
		super(`${code}: ${JSON.stringify(params)}`);
	}
}

/**
 * A row as it may leave the server for a viewer once its cell is hidden: no value, interval,
 * standard error, size, degrees of freedom or comparison (each, or a difference, would give the
 * value back or help to), and no flag but the reasons it is hidden.
 */
export function redact(row: EstimateRow, reasons: string[]): EstimateRow {
	const out: EstimateRow = { ...row, n: null, weighted_n: null, estimate: null, se: null, ci: null, df: null, n_eff: null,
		reliability: 'suppressed', flags: reasons };
	if (row.comparisons) out.comparisons = { ...(row.comparisons.rest !== undefined ? { rest: null } : {}),
		...(row.comparisons.previous_wave !== undefined ? { previous_wave: null } : {}) };
	return out;
}

function publicRow(r: DomainResult): EstimateRow {
	const { domain, n, weighted_n, estimate, se, ci, df, n_eff, reliability, flags } = r;
	return { domain, n, weighted_n, estimate, se, ci, df, n_eff, reliability, flags };
}

/** The prepared indicator with the 12–24 year-olds as its only age group (published beside the age groups). */
export function youthOf(p: PreparedIndicator): PreparedIndicator {
	return { ...p, frame: mergeAgeGroups(p.frame, YOUTH.label, YOUTH.members), whole: p.whole ?? p };
}

/**
 * The indicator prepared for a page that lists every indicator of a wave, or null when this
 * wave's dataset cannot give it (an item it lacks, a design it cannot support): such an
 * indicator is left out of the page. Any other error is a failure and is thrown.
 */
export function prepareIfAvailable(db: Db, req: Pick<IndicatorRequest, 'indicator' | 'wave' | 'design'>): PreparedIndicator | null {
	try {
		return prepareIndicator(db, req);
	} catch (err) {
		if (err instanceof RequestError) return null;
		throw err;
	}
}

/**
 * Finds the indicator, the wave's dataset and the design, reads the items and recodes them.
 * Throws RequestError for what the caller asked wrongly (unknown indicator or wave, a design
 * the dataset cannot support, an item it lacks).
 */
export function prepareIndicator(db: Db, req: Pick<IndicatorRequest, 'indicator' | 'wave' | 'design'>): PreparedIndicator {
	const catalog = loadCatalog(db);
	const def = findIndicator(catalog, req.indicator);
	if (!def) throw new RequestError('unknown_indicator', { indicator: req.indicator });
	const dataset = findSurveyDataset(db, req.wave);
	if (!dataset) throw new RequestError('unknown_wave', { wave: req.wave });
	const wantsReplicates = req.design === 'replicate' || (req.design === 'auto' && dataset.design.replicate !== null);
	const frame = surveyFrame(db, dataset, { replicates: wantsReplicates });
	const design = req.design === 'auto' ? autoDesign(frame) : req.design;
	if ((design === 'strata_psu' && !frame.strata) || (design === 'replicate' && !frame.replicates))
		throw new RequestError('design_unavailable', { design });
	const needed = itemsOf(catalog, def.id);
	const items = surveyItems(db, dataset, needed);
	const missing = needed.find((n) => !items.has(n));
	if (missing) throw new RequestError('missing_item', { indicator: def.id, item: missing });
	const values = def.recode.kind === 'categories'
		? def.recode.categories.map((category) => ({ y: recodeCategory(catalog, def, category, items, frame.rows), category }))
		: [{ y: recodeIndicator(catalog, def, items, frame.rows) }];
	const stratum = lonelyFailure(frame, design, values.map((v) => v.y));
	if (stratum !== null) throw new RequestError('lonely_psu_fail', { stratum });
	return { def, dataset, frame, design, notes: designNotes(dataset, frame, design), rules: loadRules(db), values };
}

type Tabulated = EstimateTable & { dataset: DatasetRecord };

/**
 * One breakdown of a prepared indicator (the API's shape, engine/types.ts), with the comparisons asked for.
 * Kept while the database does not change (cache.ts): the pages of both languages, their exports
 * and the API share one computation. Callers must not modify what they get.
 */
export function tabulate(db: Db, p: PreparedIndicator, req: Pick<IndicatorRequest, 'by' | 'ci' | 'suppress' | 'compare' | 'published'>): Tabulated {
	// `whole`: the youth's frame (one merged age group) is another table than the survey's own.
	const params = [p.def.id, p.dataset.id, p.design, p.whole ? 'youth' : 'all', req.by, req.ci, req.compare ?? [], Boolean(req.published)];
	return cached(db, { kind: 'table', params, locale: null, audience: audienceOf(req.suppress) }, () => computeTable(db, p, req));
}

function computeTable(db: Db, p: PreparedIndicator, req: Pick<IndicatorRequest, 'by' | 'ci' | 'suppress' | 'compare' | 'published'>): Tabulated {
	const { design, def } = p;
	const pub = publication(db, p.whole ?? p);
	const rows = domainRows(p, req, req.suppress || req.published ? pub : null);
	const wave = p.dataset.wave;
	if (req.compare?.includes('previous_wave')) addPreviousWave(db, { ...req, indicator: def.id, wave, design }, rows);
	return {
		indicator: def.id, wave, design, design_notes: p.notes, ci_method: req.ci, level: 0.95,
		rows: req.suppress ? publishRows(rows, pub, p.rules.proportion.minN) : markUnpublished(rows, pub),
		dataset: p.dataset
	};
}

/**
 * An analyst's unsuppressed rows, in the survey's own categories: each cell a viewer does not
 * see marked suppressed (not for publication), with `complementary` among its reasons when it is
 * hidden to protect another; a cell the published tables do not have at all (women by borough,
 * when they are published as Women+) flagged `not_published`.
 */
function markUnpublished(rows: EstimateRow[], pub: Publication): EstimateRow[] {
	return rows.map((r) => {
		const key = publishedKey(r.domain);
		const hidden = pub.hidden.get(key);
		if (hidden) return { ...r, reliability: 'suppressed', flags: hidden.state === 'complementary' ? ['complementary', ...r.flags] : r.flags };
		return pub.published.has(key) ? r : { ...r, flags: [...r.flags, 'not_published'] };
	});
}

/**
 * The table's rows with their comparisons with the rest of the city, in domain-major order (a
 * distribution's categories of one domain stay together). A viewer's table (`pub` given) is
 * computed on the gender the publication pattern uses, with non-binary people added where they
 * are published; an analyst's on the survey's own categories.
 */
function domainRows(p: PreparedIndicator, req: Pick<IndicatorRequest, 'by' | 'ci' | 'compare'>, pub: Publication | null): EstimateRow[] {
	const { design, rules, def } = p;
	const kind = def.type === 'mean' ? 'mean' : 'proportion';
	const compareRest = req.compare?.includes('rest') && req.by.includes('borough');
	const frames = [pub ? viewerFrame(pub, p.frame, req.by) : p.frame];
	if (pub?.gender === 'two' && req.by.includes('gender') && pub.nonBinaryLevels.has(levelName(req.by))) frames.push(p.frame);
	/** One table (a proportion, a mean, or one category of a distribution), with its comparisons with the rest of the city. */
	const table = (frame: SurveyFrame, y: Float64Array, category?: string): EstimateRow[] => {
		let rows = estimateDomains(frame, y, { kind, by: req.by, design, ciMethod: req.ci, rules }).map(publicRow);
		if (compareRest) {
			const others = req.by.filter((v) => v !== 'borough');
			const groupDf = estimateDomains(frame, y, { kind, by: others, design, rules }).map((r) => r.df);
			const tests = compareWithRest(frame, y, req.by, design, (k) => groupDf[k]!);
			rows.forEach((r, c) => {
				const t = tests[c];
				r.comparisons = { rest: t ? { other: t.other, difference: t.difference, se: t.se, df: t.df, p: t.p, verdict: t.verdict } : null };
			});
		}
		// The second frame only gives the non-binary rows published beside Women+ and Men+.
		if (frame !== frames[0]) rows = rows.filter((r) => r.domain.gender === NON_BINARY);
		return category === undefined ? rows : rows.map((r) => ({ ...r, domain: { ...r.domain, category } }));
	};
	const rows: EstimateRow[] = [];
	for (const frame of frames) {
		const perValue = p.values.map((v) => table(frame, v.y, v.category));
		for (let d = 0; d < perValue[0]!.length; d++) for (const t of perValue) rows.push(t[d]!);
	}
	return rows;
}

/**
 * A viewer's rows: each cell hidden by the publication pattern redacted, and no comparison with
 * the rest of the city whose other group is too small or whose city total is hidden (the rest's
 * value, with the published cells, would give the hidden total back).
 */
function publishRows(rows: EstimateRow[], pub: Publication, minN: number): EstimateRow[] {
	return rows.map((r) => {
		const hidden = pub.hidden.get(publishedKey(r.domain));
		if (hidden) return redact(r, hidden.reasons);
		const rest = r.comparisons?.rest;
		if (rest) {
			const city = { ...r.domain };
			delete city.borough;
			if (pub.hidden.has(publishedKey(city)) || restSize(rows, r) < minN) return { ...r, comparisons: { ...r.comparisons, rest: null } };
		}
		return r;
	});
}

/**
 * Computes one indicator's domain table for a wave (the API's shape). Published tables
 * (`suppress`) use the wave's own design: the point estimates are the same in every design, so a
 * cell hidden under one would be read under another.
 */
export function computeIndicator(db: Db, req: IndicatorRequest): EstimateTable & { dataset: DatasetRecord } {
	const p = prepareIndicator(db, req);
	const own = autoDesign(p.frame);
	if (req.suppress && p.design !== own) throw new RequestError('design_unpublished', { design: p.design, published: own });
	return tabulate(db, p, req);
}

const domainKey = (r: EstimateRow) => JSON.stringify([r.domain.borough, r.domain.age_group, r.domain.gender, r.domain.category]);

/**
 * The same domain in the previous wave: two independent samples, so V(Δ) = V₁ + V₂, with the
 * smaller of the two df (conservative). Rows of a wave that has no previous one get null. A
 * viewer's rows are compared with the previous wave's published table only: a cell hidden there
 * stays hidden (the other group's value is part of the comparison).
 */
function addPreviousWave(db: Db, req: IndicatorRequest & { design: Design }, rows: EstimateRow[]): void {
	const waves = listSurveyWaves(db);
	const previous = waves[waves.indexOf(req.wave) - 1];
	let before = new Map<string, EstimateRow>();
	if (previous !== undefined) {
		try {
			// A viewer's previous wave is its published table, in that wave's own default design.
			const t = computeIndicator(db, { ...req, wave: previous, compare: [], design: req.suppress ? 'auto' : req.design });
			before = new Map(t.rows.map((r) => [domainKey(r), r]));
		} catch (err) {
			if (!(err instanceof RequestError)) throw err; // the previous wave cannot give this indicator: no comparison
		}
	}
	for (const r of rows) {
		const b = before.get(domainKey(r));
		let result: (ComparisonResult & { wave: string }) | null = null;
		// Not against an unreliable previous value; one hidden only to protect others is still an
		// honest comparison for an analyst (a viewer's hidden value has no estimate).
		const unreliable = b?.reliability === 'suppressed' && !b.flags.includes('complementary');
		if (b && previous !== undefined && r.estimate !== null && b.estimate !== null && r.se !== null && b.se !== null && r.df !== null && b.df !== null && !unreliable) {
			const difference = r.estimate - b.estimate, se = Math.hypot(r.se, b.se), df = Math.min(r.df, b.df);
			const { p, verdict } = testDifference(difference, se, df);
			result = { wave: previous, other: b.estimate, difference, se, df, p, verdict };
		}
		r.comparisons = { ...r.comparisons, previous_wave: result };
	}
}

/** Respondents with a valid answer in the rest of the city for this row's other characteristics. */
function restSize(rows: EstimateRow[], r: EstimateRow): number {
	let n = 0;
	for (const o of rows) {
		if (o !== r && o.domain.age_group === r.domain.age_group && o.domain.gender === r.domain.gender && o.domain.category === r.domain.category) n += o.n ?? 0;
	}
	return n;
}
