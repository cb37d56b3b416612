/**
 * Two places side by side: two boroughs, or a borough and the whole city (`b=city`), every survey
 * indicator of a wave with its interval and its test against the rest of the city. Always the
 * viewer's tables, whoever asks: the page is made to be shared and exported as it is.
 */
import { error } from '@sveltejs/kit';
import type { Db } from '../../../../db/connection';
import { listSurveyWaves } from '../../../../db/datasets';
import type { CellStatus } from '../../charts/cell-status';
import type { EstimateRow } from '../../engine/types';
import { t, type Locale } from '../../i18n';
import { loadCatalog } from '../settings/catalog';
import { prepareIndicator, RequestError, tabulate } from '../indicators/survey';
import { listPortraitBoroughs } from './portrait';
import type { CompareQuery } from '../request/queries';

/** The `b` of a comparison with the whole city. */
export const CITY = 'city';

export interface CompareValue {
	estimate: number | null;
	ci: [number, number] | null;
	n: number | null;
	status: CellStatus;
	flags: string[];
	/** Against the rest of the city (null for the city, or where the published tables give no honest test). */
	rest: { verdict: 'higher' | 'lower' | 'no_difference'; other: number } | null;
}

export interface CompareIndicator {
	id: string;
	label: string;
	type: 'proportion' | 'mean';
	a: CompareValue;
	b: CompareValue;
	city: CompareValue;
}

export interface ComparePlace { code: string; name: string }

export interface CompareData {
	empty: boolean;
	waves: string[];
	wave: string;
	boroughs: ComparePlace[];
	a: ComparePlace;
	/** `code` is `city` for the whole city. */
	b: ComparePlace;
	indicators: CompareIndicator[];
	source: { title: string; wave: string; respondents: number; design: string; synthetic: boolean } | null;
}

const NONE: CompareValue = { estimate: null, ci: null, n: 0, status: 'no_data', flags: [], rest: null };

function valueOf(r: EstimateRow | undefined): CompareValue {
	if (!r) return NONE;
	const rest = r.comparisons?.rest;
	return { estimate: r.estimate, ci: r.ci, n: r.n, status: r.n === 0 ? 'no_data' : r.reliability, flags: r.flags,
		rest: rest ? { verdict: rest.verdict, other: rest.other } : null };
}

/** `?a=CODE&b=CODE|city&wave=W`: unknown places or wave are a 400 in the reader's language. */
export function buildCompare(db: Db, q: CompareQuery, locale: Locale): CompareData {
	const waves = listSurveyWaves(db);
	const wave = q.wave || waves.at(-1) || '';
	const boroughs = listPortraitBoroughs(db, waves.includes(wave) ? wave : undefined);
	const city = { code: CITY, name: t(locale, 'screens.whole_city') };
	const place = (name: 'a' | 'b', fallback: ComparePlace | undefined): ComparePlace => {
		const code = q[name] || fallback?.code || '';
		const found = code === CITY ? city : boroughs.find((b) => b.code === code);
		if (!found || (name === 'a' && found === city)) error(400, t(locale, 'api.bad_parameter', { name, detail: code }));
		return found;
	};
	const a = place('a', boroughs[0]);
	const b = place('b', city);
	if (waves.length && !waves.includes(wave)) error(400, t(locale, 'api.unknown_wave', { wave }));
	const out: CompareData = { empty: waves.length === 0, waves, wave, boroughs, a, b, indicators: [], source: null };
	if (out.empty) return out;
	const request = { ci: 'kg' as const, suppress: true, published: true };
	for (const def of loadCatalog(db).indicators) {
		if (def.type === 'distribution') continue;
		let prepared;
		try {
			prepared = prepareIndicator(db, { indicator: def.id, wave, design: 'auto' });
		} catch (err) {
			if (err instanceof RequestError) continue;
			throw err;
		}
		out.source ??= { title: prepared.dataset.title, wave, respondents: prepared.dataset.rows, design: prepared.design, synthetic: prepared.dataset.synthetic };
		// The same tables (and cache entries) as the explorer's and the key findings'.
		const byBorough = tabulate(db, prepared, { ...request, by: ['borough'], compare: ['rest', 'previous_wave'] }).rows;
		const whole = valueOf(tabulate(db, prepared, { ...request, by: [], compare: ['previous_wave'] }).rows[0]);
		const at = (p: ComparePlace) => (p.code === CITY ? whole : valueOf(byBorough.find((r) => r.domain.borough === p.name)));
		out.indicators.push({ id: def.id, label: def.label[locale], type: def.type === 'mean' ? 'mean' : 'proportion', a: at(a), b: at(b), city: whole });
	}
	return out;
}
