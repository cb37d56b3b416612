import { error } from '@sveltejs/kit';
import type { Db } from '../../../../db/connection';
import { listDatasets, listSurveyWaves } from '../../../../db/datasets';
import type { CellStatus } from '../../charts/cell-status';
import { YOUTH } from '../../engine/age-regroup';
import type { IndicatorDefinition } from '../../engine/catalog';
import type { EstimateRow } from '../../engine/types';
import { t, type Locale } from '../../i18n';
import { prepareIfAvailable, tabulate, youthOf, type PreparedIndicator } from '../indicators/survey';
import { audienceOf, cached } from '../cache/cache';
import type { PortraitQuery } from '../request/queries';
import { loadCatalog } from '../settings/catalog';
import { loadRules } from '../settings/rules';
import { verdictText } from '../indicators/verdicts';
import { mostlyHidden } from '../indicators/fallbacks';
import type { Finding } from '../indicators/findings';
import { portraitFindings } from '../indicators/findings-portrait';
import { surveyAreas, surveyGeography } from '../settings/geography';

export { YOUTH };

/** One estimate as a page may show it: no value, interval or comparison when suppressed. */
export interface PortraitValue {
	estimate: number | null;
	ci: [number, number] | null;
	n: number | null;
	status: CellStatus;
	flags: string[];
}

/** A comparison in words, with the other group's value: "significantly lower than in the rest of the city". */
export interface PortraitVerdict {
	verdict: 'higher' | 'lower' | 'no_difference';
	other: number;
	text: string;
}

/** One line of the portrait: the borough's value beside the city's, and the tests against the rest of the city and the previous wave. */
export interface PortraitLine {
	borough: PortraitValue;
	city: PortraitValue;
	rest: PortraitVerdict | null;
	previous: (PortraitVerdict & { wave: string }) | null;
}

export interface PortraitIndicator {
	id: string;
	label: string;
	description: string;
	type: 'proportion' | 'mean';
	standard: string | null;
	all: PortraitLine;
	/**
	 * 12–24 year-olds: women's side, men's side (women first: the portraits' question), then
	 * everybody. `gender` names the side (`woman`, `man`); the values are Women+ and Men+ when
	 * the portrait's `twoGenders` says so.
	 */
	youth: ({ gender: 'woman' | 'man' | null } & PortraitLine)[];
}

/** A distribution among victims, one cell per category × gender of the victim, in the borough. */
export interface PortraitMatrix {
	id: string;
	label: string;
	categories: { key: string; label: string }[];
	genders: string[];
	cells: ({ category: string; gender: string } & PortraitValue)[];
	/** All victims of the borough by category, when most cells by gender are hidden (shown instead of them). */
	fallback: ({ category: string } & PortraitValue)[] | null;
}

export interface PortraitData {
	empty: boolean;
	boroughs: { code: string; name: string }[];
	waves: string[];
	selected: { borough: string; wave: string };
	boroughName: string;
	indicators: PortraitIndicator[];
	matrices: PortraitMatrix[];
	/** The published tables by borough use Women+ and Men+ (too few non-binary people to show them apart). */
	twoGenders: boolean;
	/**
	 * The borough's findings, most important first (everyone's before the young people's of
	 * similar size): what "In brief" and the deck's first slide lead with.
	 */
	findings: Finding[];
	source: { title: string; wave: string; respondents: number; design: string; synthetic: boolean } | null;
}

const statusOf = (r: EstimateRow): CellStatus => (r.n === 0 ? 'no_data' : r.reliability);
const valueOf = (r: EstimateRow | undefined): PortraitValue =>
	r ? { estimate: r.estimate, ci: r.ci, n: r.n, status: statusOf(r), flags: r.flags }
		: { estimate: null, ci: null, n: 0, status: 'no_data', flags: [] };

function lineOf(locale: Locale, mine: EstimateRow | undefined, city: EstimateRow | undefined): PortraitLine {
	const rest = mine?.comparisons?.rest, prev = mine?.comparisons?.previous_wave;
	return {
		borough: valueOf(mine),
		city: valueOf(city),
		rest: rest ? { verdict: rest.verdict, other: rest.other, text: verdictText(locale, 'rest', rest) } : null,
		previous: prev ? { verdict: prev.verdict, other: prev.other, wave: prev.wave, text: verdictText(locale, 'previous_wave', prev) } : null
	};
}

/**
 * The areas a wave's survey reports on (the latest wave's when none is given), in French
 * alphabetical order, with their codes (the portrait's address).
 */
export function listPortraitBoroughs(db: Db, wave: string | undefined = listSurveyWaves(db).at(-1)): { code: string; name: string }[] {
	return surveyAreas(db, surveyGeography(db, wave)).map((a) => ({ code: a.code, name: a.name }));
}

/**
 * A borough's portrait for a wave: every survey indicator beside the whole city with the tests
 * against the rest of the city and the previous wave, the same for the 12–24 year-olds (all,
 * then by gender), and the victims' distributions (context, perpetrators' gender) by the
 * victim's gender. Unknown borough or wave: 404 / 400 in the reader's language. Suppressed
 * values are removed unless `opts.suppress` is false (analysts only: the caller checks).
 */
export function buildPortrait(db: Db, code: string, q: Pick<PortraitQuery, 'wave'>, locale: Locale, opts: { suppress: boolean }): PortraitData {
	const waves = listSurveyWaves(db);
	const wave = q.wave || waves.at(-1) || '';
	const boroughs = listPortraitBoroughs(db, waves.includes(wave) ? wave : undefined);
	const borough = boroughs.find((b) => b.code === code);
	if (!borough) error(404, t(locale, 'portrait.unknown_borough', { code }));
	if (waves.length && !waves.includes(wave)) error(400, t(locale, 'api.unknown_wave', { wave }));
	const base: PortraitData = { empty: waves.length === 0, boroughs, waves, selected: { borough: borough.code, wave },
		boroughName: borough.name, indicators: [], matrices: [], twoGenders: false, findings: [], source: null };
	if (base.empty) return base;

	const tables = portraitTables(db, wave, opts.suppress);
	const mine = (rows: EstimateRow[], gender?: string) =>
		rows.find((r) => r.domain.borough === borough.name && (gender === undefined || r.domain.gender === gender));
	const cityOf = (rows: EstimateRow[], gender: string) => rows.find((r) => r.domain.gender === gender);
	const indicators: PortraitIndicator[] = [];
	const ranges = new Map<string, number>();
	const matrices: PortraitMatrix[] = [];
	let twoGenders = false;
	for (const { def, t } of tables.indicators) {
		if (t.kind === 'distribution') {
			const labels = def.recode.kind === 'categories' ? def.recode.labels : {};
			const cells = t.byGender.filter((r) => r.domain.borough === borough.name)
				.map((r) => ({ category: r.domain.category!, gender: r.domain.gender!, ...valueOf(r) }));
			const all = t.byBorough.filter((r) => r.domain.borough === borough.name).map((r) => ({ category: r.domain.category!, ...valueOf(r) }));
			matrices.push({
				id: def.id, label: def.label[locale],
				categories: Object.keys(labels).map((c) => ({ key: c, label: labels[c]![locale] })),
				genders: [...new Set(t.byGender.map((r) => r.domain.gender!))],
				cells,
				fallback: mostlyHidden(cells) && all.length && !mostlyHidden(all) ? all : null
			});
			continue;
		}
		// The sides of the youth by gender: women and men, or Women+ and Men+ as the published tables have them.
		const two = t.youthByGender.some((r) => r.domain.gender === 'women+');
		twoGenders ||= two;
		const [w, m] = two ? ['women+', 'men+'] : ['woman', 'man'];
		ranges.set(def.id, def.recode.kind === 'value' ? def.recode.max - def.recode.min : 1);
		indicators.push({
			id: def.id, label: def.label[locale], description: def.description[locale],
			type: def.type === 'mean' ? 'mean' : 'proportion', standard: def.standard ?? null,
			all: lineOf(locale, mine(t.byBorough), t.city),
			youth: [
				{ gender: 'woman', ...lineOf(locale, mine(t.youthByGender, w), cityOf(t.youthCityByGender, w)) },
				{ gender: 'man', ...lineOf(locale, mine(t.youthByGender, m), cityOf(t.youthCityByGender, m)) },
				{ gender: null, ...lineOf(locale, mine(t.youthAll), t.youthCity) }
			]
		});
	}
	const source = tables.source;
	const findings = portraitFindings(indicators.map((i) => ({ ...i, range: ranges.get(i.id) ?? 1 })), borough.name);
	return { ...base, indicators, matrices, twoGenders, findings, source };
}

type IndicatorTables =
	| { kind: 'distribution'; byGender: EstimateRow[]; byBorough: EstimateRow[] }
	| { kind: 'single'; byBorough: EstimateRow[]; city: EstimateRow | undefined; youthAll: EstimateRow[]; youthCity: EstimateRow | undefined;
		youthByGender: EstimateRow[]; youthCityByGender: EstimateRow[] };
interface PortraitTables {
	indicators: { def: IndicatorDefinition; t: IndicatorTables }[];
	source: PortraitData['source'];
}

/**
 * Every borough's tables for one wave: each portrait picks its borough's rows, so the tables are
 * computed once per wave, suppression, catalog and reliability rules (datasets never change once
 * loaded; a replaced one has another id and SHA-256) and kept for the next portraits.
 */
function portraitTables(db: Db, wave: string, suppress: boolean): PortraitTables {
	return cached(db, { kind: 'portrait-tables', params: [wave], locale: null, audience: audienceOf(suppress) }, () => computePortraitTables(db, wave, suppress));
}

function computePortraitTables(db: Db, wave: string, suppress: boolean): PortraitTables {
	const catalog = loadCatalog(db);
	// Analysts' unsuppressed pages show the published tables with their hidden values: the same layout.
	const request = { ci: 'kg' as const, suppress, published: true };
	const out: PortraitTables = { indicators: [], source: null };
	for (const def of catalog.indicators) {
		const prepared = prepareIfAvailable(db, { indicator: def.id, wave, design: 'auto' });
		if (!prepared) continue;
		out.source ??= { title: prepared.dataset.title, wave: prepared.dataset.wave, respondents: prepared.dataset.rows,
			design: prepared.design, synthetic: prepared.dataset.synthetic };
		if (def.recode.kind === 'categories') {
			out.indicators.push({ def, t: { kind: 'distribution', byGender: tabulate(db, prepared, { ...request, by: ['borough', 'gender'] }).rows,
				byBorough: tabulate(db, prepared, { ...request, by: ['borough'] }).rows } });
			continue;
		}
		// The youth: the same design, one merged age group; comparisons with the 12–24 year-olds of the rest of the city.
		const young = youthOf(prepared);
		out.indicators.push({ def, t: {
			kind: 'single',
			byBorough: tabulate(db, prepared, { ...request, by: ['borough'], compare: ['rest', 'previous_wave'] }).rows,
			city: tabulate(db, prepared, { ...request, by: [] }).rows[0],
			youthAll: tabulate(db, young, { ...request, by: ['borough', 'age_group'], compare: ['rest'] }).rows,
			youthCity: tabulate(db, young, { ...request, by: ['age_group'] }).rows[0],
			youthByGender: tabulate(db, young, { ...request, by: ['borough', 'age_group', 'gender'], compare: ['rest'] }).rows,
			youthCityByGender: tabulate(db, young, { ...request, by: ['age_group', 'gender'] }).rows
		} });
	}
	return out;
}
