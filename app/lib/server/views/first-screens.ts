/**
 * What the first screens add to the overview and the portraits' index: the borough chosen on the
 * overview, its key findings as links to their charts, and each borough's headline value. Built
 * from the overview's cached view and the viewer's tables; kept like the pages' views.
 */
import { error } from '@sveltejs/kit';
import type { CellStatus } from '../../charts/cell-status';
import type { ChoroplethSpec } from '../../charts/choropleth';
import { t, type Locale } from '../../i18n';
import type { Db } from '../../../../db/connection';
import { keyFindings, type Finding } from '../indicators/findings';
import { cached } from '../cache/cache';
import { listPortraitBoroughs } from './portrait';
import type { OverviewData } from './overview';

/** The indicator the portraits' index leads with: the survey's own question, when the catalog has it. */
export const HEADLINE = 'feel_safe_after_dark';

export interface FindingView extends Omit<Finding, 'borough'> {
	label: string;
	borough: { code: string; name: string } | null;
	/** The chart the finding comes from: the explorer's boroughs chart, or its trend. */
	href: string;
}

export interface OverviewScreen {
	boroughs: { code: string; name: string }[];
	/** The borough chosen with `?borough=` (its code), or null for the whole city. */
	borough: { code: string; name: string } | null;
	findings: FindingView[];
}

/** The overview's borough (`?borough=CODE`, a 400 in the reader's language when unknown) and its key findings for the wave. */
export function overviewScreen(db: Db, code: string | undefined, locale: Locale, wave: string, labels: Map<string, string>): OverviewScreen {
	const boroughs = listPortraitBoroughs(db, wave || undefined);
	const borough = code ? boroughs.find((b) => b.code === code) ?? null : null;
	if (code && !borough) error(400, t(locale, 'api.bad_parameter', { name: 'borough', detail: code }));
	if (!wave) return { boroughs, borough, findings: [] };
	const codeOf = new Map(boroughs.map((b) => [b.name, b.code]));
	// The viewer's tables only: findings are the same for every reader.
	const findings = cached(db, { kind: 'findings', params: [wave, borough?.code ?? null], locale: null, audience: 'public' }, () => keyFindings(db, wave, borough?.name ?? null));
	return {
		boroughs, borough,
		findings: findings.map((f) => {
			const where = f.borough === null ? null : { code: codeOf.get(f.borough) ?? '', name: f.borough };
			const q = new URLSearchParams({ indicator: f.indicator, wave, ...(where ? { borough: where.code } : {}) });
			return { ...f, label: labels.get(f.indicator) ?? f.indicator, borough: where,
				href: `/explorer?${q}#${f.kind === 'rest' ? 'boroughs-title' : 'trend-title'}` };
		})
	};
}

export interface PortraitCard {
	code: string;
	name: string;
	headline: { estimate: number | null; ci: [number, number] | null; status: CellStatus; flags: string[] } | null;
}

export interface PortraitIndex {
	wave: string;
	headline: { id: string; label: string; type: 'proportion' | 'mean' } | null;
	map: ChoroplethSpec | null;
	cards: PortraitCard[];
}

/** The portraits' index: a map of the headline indicator by borough and one card per borough, from the overview's viewer view. */
export function portraitIndex(db: Db, overview: OverviewData): PortraitIndex {
	const boroughs = listPortraitBoroughs(db, overview.wave || undefined);
	const ind = overview.indicators.find((i) => i.id === HEADLINE) ?? overview.indicators.find((i) => i.type === 'proportion') ?? null;
	const byCode = new Map(ind?.boroughs.map((b) => [b.code, b]) ?? []);
	return {
		wave: overview.wave,
		headline: ind ? { id: ind.id, label: ind.label, type: ind.type } : null,
		map: ind?.map ?? null,
		cards: boroughs.map((b) => {
			const v = byCode.get(b.code);
			return { ...b, headline: v ? { estimate: v.status === 'suppressed' ? null : v.estimate, ci: v.status === 'suppressed' ? null : v.ci, status: v.status, flags: v.flags } : null };
		})
	};
}
