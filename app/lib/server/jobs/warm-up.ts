/**
 * Fills the cache (cache.ts) with the dashboard's default views after the server starts and
 * whenever the data changes (a wave loaded or deleted by this server or another process, the
 * catalog or the rules edited), so that the first reader of a page after either does not wait
 * for the tabulation. Off the request path: one view per turn of the event loop, requests in
 * between; the work starts over when the data changes again meanwhile.
 */
import type { Db } from '../../../../db/connection';
import { listSurveyWaves } from '../../../../db/datasets';
import type { Locale } from '../../i18n';
import { dataVersion } from '../cache/cache';
import { viewFor, type Reader } from '../request/load';
import { overviewScreen } from '../views/first-screens';
import { COMPARE, EXPLORER, MAP, OVERVIEW, PORTRAIT } from '../views/page-views';
import { listPortraitBoroughs } from '../views/portrait';
import { defaultLocale } from '../settings/locale';
import { loadCatalog } from '../settings/catalog';
import { prepareIndicator, RequestError, tabulate, youthOf } from '../indicators/survey';
import type { DomainVariable } from '../../engine/types';

type Shape = { by: DomainVariable[]; compare?: ('rest' | 'previous_wave')[]; youth?: boolean };
/**
 * The viewer's tables the overview, the explorer, the comparison and the portraits ask of every
 * indicator (views/*.ts): computed first, one indicator per turn, so that no turn holds the event
 * loop for long; the views then only assemble them. A shape missing here is computed by its page.
 */
const SHAPES: Shape[] = [
	{ by: [], compare: ['previous_wave'] }, { by: [] }, { by: ['borough'] }, { by: ['borough'], compare: ['rest', 'previous_wave'] },
	{ by: ['age_group', 'gender'] }, { by: ['borough', 'gender'] },
	{ by: ['borough', 'age_group'], compare: ['rest'], youth: true }, { by: ['age_group'], youth: true },
	{ by: ['borough', 'age_group', 'gender'], compare: ['rest'], youth: true }, { by: ['age_group', 'gender'], youth: true }
];

const DISTRIBUTION_SHAPES: Shape[] = [{ by: ['borough', 'gender'] }, { by: ['borough'] }];

function tableSteps(db: Db, wave: string): (() => unknown)[] {
	return loadCatalog(db).indicators.map((def) => () => {
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
	});
}

/** How often the data version is looked at (two SQLite statements): a change by another process shows within this. */
const CHECK_MS = 2000;

let warmedFor = '';
let running: Promise<void> | null = null;

const nextTurn = () => new Promise<void>((ok) => setImmediate(ok));

/** The views a reader is likely to open first, cheapest to most costly within each wave, newest wave first. */
function steps(db: Db): (() => unknown)[] {
	const first = defaultLocale(db);
	const locales: Locale[] = [first, first === 'fr' ? 'en' : 'fr'];
	const waves = listSurveyWaves(db).reverse();
	const boroughs = listPortraitBoroughs(db);
	const out: (() => unknown)[] = [];
	for (const [i, wave] of waves.entries()) {
		out.push(...tableSteps(db, wave));
		for (const locale of locales) {
			const r: Reader = { locale, suppress: true, unsuppressed: false, canUnsuppress: false };
			out.push(() => {
				const overview = viewFor(OVERVIEW, { wave, borough: undefined, suppress: true }, r, db);
				overviewScreen(db, undefined, locale, wave, new Map(overview.indicators.map((x) => [x.id, x.label])));
			});
			out.push(() => viewFor(EXPLORER, { indicator: undefined, wave, borough: undefined, order: 'rank', suppress: true }, r, db));
			// Every portrait of the newest wave (they share one set of tables), the first of the others.
			for (const b of i === 0 ? boroughs : boroughs.slice(0, 1))
				out.push(() => viewFor(PORTRAIT, { borough: b.code, wave, suppress: true }, r, db));
			out.push(() => viewFor(COMPARE, { a: undefined, b: undefined, wave }, r, db));
		}
	}
	for (const locale of locales) {
		const r: Reader = { locale, suppress: true, unsuppressed: false, canUnsuppress: false };
		out.push(() => viewFor(MAP, { layers: null, geography: undefined, wave: undefined, indicator: undefined, category: undefined, hexagons: undefined, borough: undefined, suppress: true }, r, db));
	}
	return out;
}

/** Computes every default view for the current version of the data, yielding between views. */
export async function warmCache(db: Db): Promise<void> {
	const version = dataVersion(db);
	const t0 = performance.now();
	for (const step of steps(db)) {
		await nextTurn();
		if (dataVersion(db) !== version) return;
		try {
			step();
		} catch (err) {
			// A view a page would refuse (a wave its file cannot give) is the page's to report, not the warm-up's.
			const message = err instanceof Error ? err.message : ((err as { body?: { message?: string } }).body?.message ?? String(err));
			process.stderr.write(`cache warm-up: ${message}\n`);
		}
	}
	warmedFor = version;
	process.stdout.write(`Cache warmed for the current data in ${Math.round(performance.now() - t0)} ms.\n`);
}

/** Warms now and after every change of the data, for as long as the process runs. */
export function keepCacheWarm(db: Db): void {
	const check = () => {
		if (running || dataVersion(db) === warmedFor) return;
		running = warmCache(db).finally(() => (running = null));
	};
	check();
	setInterval(check, CHECK_MS).unref();
}
