/**
 * What the cache warm-up computes (warm-up-worker.ts runs it, warm-up.ts sends it the work): the
 * dashboard's default views, as its pages ask for them, in the order readers are likely to ask.
 * First each page as opened without a query (the overview, the explorer, every portrait, the
 * comparison, the map) in the dashboard's language, then in the other; then, wave by wave from
 * the newest, every indicator's viewer tables and the views of that wave named in the query (the
 * links of the wave selector). A step that a page opened without a query computes names that
 * page's path, so that a request for it can wait for the step rather than compute it twice.
 */
import type { z } from 'zod';
import type { Db } from '../../../../db/connection';
import { listSurveyWaves } from '../../../../db/datasets';
import type { Locale } from '../../i18n';
import { viewFor, type Reader, type ViewSpec } from '../request/load';
import { queryInput } from '../request/params';
import { overviewScreen } from '../views/first-screens';
import { COMPARE, EXPLORER, MAP, OVERVIEW, PORTRAIT } from '../views/page-views';
import { listPortraitBoroughs } from '../views/portrait';
import { defaultLocale } from '../settings/locale';
import { loadCatalog } from '../settings/catalog';
import { prepareIndicator, RequestError, tabulate, youthOf } from '../indicators/survey';
import type { DomainVariable } from '../../engine/types';

export interface WarmStep {
	/** The page (path, no query) whose view this step computes in `locale`, if it is one. */
	page: string | null;
	locale: Locale | null;
	run: () => unknown;
}

type Shape = { by: DomainVariable[]; compare?: ('rest' | 'previous_wave')[]; youth?: boolean };
/**
 * The viewer's tables the overview, the explorer, the comparison and the portraits ask of every
 * indicator (views/*.ts): computed one indicator per step; the views then only assemble them.
 */
const SHAPES: Shape[] = [
	{ by: [], compare: ['previous_wave'] }, { by: [] }, { by: ['borough'] }, { by: ['borough'], compare: ['rest', 'previous_wave'] },
	{ by: ['age_group', 'gender'] }, { by: ['borough', 'gender'] },
	{ by: ['borough', 'age_group'], compare: ['rest'], youth: true }, { by: ['age_group'], youth: true },
	{ by: ['borough', 'age_group', 'gender'], compare: ['rest'], youth: true }, { by: ['age_group', 'gender'], youth: true }
];

const DISTRIBUTION_SHAPES: Shape[] = [{ by: ['borough', 'gender'] }, { by: ['borough'] }];

function tableSteps(db: Db, wave: string): WarmStep[] {
	return loadCatalog(db).indicators.map((def) => ({ page: null, locale: null, run: () => {
		let p;
		try {
			p = prepareIndicator(db, { indicator: def.id, wave, design: 'auto' });
		} catch (err) {
			if (err instanceof RequestError) return; // a wave whose file cannot give the indicator
			throw err;
		}
		const young = youthOf(p);
		// Distributions (one row per category) are shown by borough and gender only, in the portraits.
		const shapes = def.recode.kind === 'categories' ? DISTRIBUTION_SHAPES : SHAPES;
		for (const s of shapes) tabulate(db, s.youth ? young : p, { by: s.by, compare: s.compare, ci: 'kg', suppress: true, published: true });
	} }));
}

const viewerOf = (locale: Locale): Reader => ({ locale, suppress: true, unsuppressed: false, canUnsuppress: false });

/** The query of a view as its page parses it: `given` as the query string (or the path) would give it. */
function query<S extends z.ZodObject>(spec: ViewSpec<S, unknown>, given: Record<string, string> = {}): z.output<S> {
	const r = spec.query.safeParse({ ...queryInput(spec.query, new URLSearchParams()), ...given });
	if (!r.success) throw new Error(`warm-up: the ${spec.kind} view's query ${JSON.stringify(given)} does not parse`);
	return r.data;
}

/** The overview and its first screen's key findings, as the home page loads them. */
function overviewStep(db: Db, locale: Locale, given: Record<string, string>): () => unknown {
	return () => {
		const q = query(OVERVIEW, given);
		const overview = viewFor(OVERVIEW, q, viewerOf(locale), db);
		if (!overview.empty) overviewScreen(db, undefined, locale, overview.wave, new Map(overview.indicators.map((x) => [x.id, x.label])));
	};
}

/** The views of the pages opened without a query, in `locale`. */
function pageSteps(db: Db, locale: Locale, boroughs: { code: string }[]): WarmStep[] {
	const r = viewerOf(locale);
	const step = (page: string, run: () => unknown): WarmStep => ({ page, locale, run });
	return [
		step('/', overviewStep(db, locale, {})),
		step('/explorer', () => viewFor(EXPLORER, query(EXPLORER), r, db)),
		...boroughs.map((b) => step(`/portrait/${b.code}`, () => viewFor(PORTRAIT, query(PORTRAIT, { borough: b.code }), r, db))),
		step('/compare', () => viewFor(COMPARE, query(COMPARE), r, db)),
		step('/map', () => viewFor(MAP, query(MAP), r, db))
	];
}

/** The views of one wave named in the query, in `locale`: every portrait of the newest wave, the first of the others. */
function waveSteps(db: Db, locale: Locale, wave: string, boroughs: { code: string }[]): WarmStep[] {
	const r = viewerOf(locale);
	const step = (run: () => unknown): WarmStep => ({ page: null, locale, run });
	return [
		step(overviewStep(db, locale, { wave })),
		step(() => viewFor(EXPLORER, query(EXPLORER, { wave }), r, db)),
		...boroughs.map((b) => step(() => viewFor(PORTRAIT, query(PORTRAIT, { borough: b.code, wave }), r, db))),
		step(() => viewFor(COMPARE, query(COMPARE, { wave }), r, db))
	];
}

/** Every step, in the order above. */
export function warmSteps(db: Db): WarmStep[] {
	const first = defaultLocale(db);
	const locales: Locale[] = [first, first === 'fr' ? 'en' : 'fr'];
	const waves = listSurveyWaves(db).reverse();
	const boroughs = listPortraitBoroughs(db);
	const out: WarmStep[] = [];
	for (const locale of locales) out.push(...pageSteps(db, locale, boroughs));
	for (const [i, wave] of waves.entries()) {
		// A wave's portraits are those of its own geography (an older wave may be of another city).
		const ofWave = i === 0 ? boroughs : listPortraitBoroughs(db, wave).slice(0, 1);
		out.push(...tableSteps(db, wave));
		for (const locale of locales) out.push(...waveSteps(db, locale, wave, ofWave));
	}
	return out;
}
