/**
 * One area's survey and diagnostic indicators side by side: what residents say
 * (the latest survey wave) beside what is recorded (incident rate with its exact interval and
 * the ratio to the city), what was seen on the ground (audited sites rated poor, by criterion)
 * and what residents marked (the share of mapped places marked unsafe). Each block keeps its
 * source and period. Suppressed values arrive as null for viewers.
 */
import type { Db } from '../../../../db/connection';
import { listDatasets, listSurveyWaves } from '../../../../db/datasets';
import type { CellStatus } from '../../charts/cell-status';
import type { DiagnosticRow, EstimateRow } from '../../engine/types';
import { t as message, type Locale } from '../../i18n';
import { loadCatalog } from '../settings/catalog';
import { computeDiagnostic, DiagnosticRequestError } from '../indicators/diagnostics';
import { findIndicator, prepareIndicator, RequestError, tabulate } from '../indicators/survey';
import { surveyGeography } from '../settings/geography';

/** The survey indicators a local diagnosis puts first: feeling safe, victimisation, trust. */
export const PANEL_SURVEY_INDICATORS = ['feel_safe_after_dark', 'victim_any_12m', 'trust_police_mean'] as const;

export interface PanelValue {
	id: string;
	/** The catalog's label in the reader's language. */
	label: string;
	type: 'proportion' | 'mean' | 'rate' | 'count';
	/** The audit criterion, for audit rows. */
	criterion?: string;
	n: number | null;
	estimate: number | null;
	ci: [number, number] | null;
	status: CellStatus;
	flags: string[];
}

export interface PanelSource {
	title: string;
	wave: string;
	synthetic: boolean;
}

export interface AreaPanel {
	name: string;
	survey: { rows: PanelValue[]; source: PanelSource & { respondents: number } } | null;
	incidents: { row: (PanelValue & { rate_ratio: { estimate: number; ci: [number, number] } | null; population: number | null }) | null; category: string;
		source: PanelSource; populationYear: string | null } | null;
	audit: { rows: PanelValue[]; source: PanelSource } | null;
	mapping: { row: PanelValue | null; source: PanelSource } | null;
}

const surveyStatus = (r: EstimateRow | undefined): CellStatus => (!r || r.n === 0 ? 'no_data' : r.reliability);
const diagStatus = (r: DiagnosticRow | undefined): CellStatus =>
	!r ? 'no_data' : r.reliability === 'suppressed' ? 'suppressed' : r.estimate === null ? 'no_data' : r.reliability;
const sourceOf = (db: Db, kind: 'incidents' | 'audit' | 'mapping', wave: string, locale: Locale): PanelSource => {
	const ds = listDatasets(db, kind).filter((d) => d.wave === wave);
	return { title: ds.map((d) => d.title).join(message(locale, 'format.list_sep')), wave, synthetic: ds.length > 0 && ds.every((d) => d.synthetic) };
};
const diagValue = (id: string, label: string, type: PanelValue['type'], r: DiagnosticRow | undefined): PanelValue =>
	({ id, label, type, n: r?.n ?? null, estimate: r?.estimate ?? null, ci: r?.ci ?? null, status: diagStatus(r), flags: r?.flags ?? [] });

/** A table, or null when the data is not there (not loaded, or not placed in this geography). */
function tryDiagnostic<T>(f: () => T): T | null {
	try {
		return f();
	} catch (err) {
		if (err instanceof DiagnosticRequestError || err instanceof RequestError) return null;
		throw err;
	}
}

export function buildAreaPanel(db: Db, req: { name: string; indicator: 'incident_rate' | 'incident_count'; rate: DiagnosticRow | null; populationYear: string | null; geography: string; wave: string; category: string; suppress: boolean; locale: Locale }): AreaPanel {
	const { name, geography, suppress } = req;
	const catalog = loadCatalog(db);
	const label = (id: string) => catalog.diagnostics.find((d) => d.id === id)?.label[req.locale] ?? id;
	const surveyWave = listSurveyWaves(db).at(-1);
	let survey: AreaPanel['survey'] = null;
	// Survey estimates exist only for the areas of the geography the latest wave was placed in.
	if (surveyWave && geography === surveyGeography(db, surveyWave)) {
		let source: (PanelSource & { respondents: number }) | null = null;
		const rows = PANEL_SURVEY_INDICATORS.filter((id) => findIndicator(catalog, id)).flatMap((id): PanelValue[] => {
			const table = tryDiagnostic(() => tabulate(db, prepareIndicator(db, { indicator: id, wave: surveyWave, design: 'auto' }), { by: ['borough'], ci: 'kg', suppress, published: true }));
			if (!table) return [];
			source ??= { title: table.dataset.title, wave: table.wave, respondents: table.dataset.rows, synthetic: table.dataset.synthetic };
			const r = table.rows.find((x) => x.domain.borough === name);
			const def = findIndicator(catalog, id)!;
			const type = def.type === 'mean' ? 'mean' : 'proportion';
			return [{ id, label: def.label[req.locale], type, n: r?.n ?? 0, estimate: r?.estimate ?? null, ci: r?.ci ?? null, status: surveyStatus(r), flags: r?.flags ?? [] }];
		});
		if (source) survey = { rows, source };
	}
	const rateId = req.indicator, rateType = rateId === 'incident_rate' ? 'rate' : 'count';
	const incidents: AreaPanel['incidents'] = req.wave
		? { row: req.rate ? { ...diagValue(rateId, label(rateId), rateType, req.rate), rate_ratio: req.rate.rate_ratio ?? null, population: req.rate.population ?? null } : null,
			category: req.category, source: sourceOf(db, 'incidents', req.wave, req.locale), populationYear: req.populationYear }
		: null;
	const audit = tryDiagnostic(() => {
		const t = computeDiagnostic(db, { indicator: 'audit_poor_share', by: ['borough', 'criterion'], geography, suppress });
		const rows = t.rows.filter((r) => r.domain.borough === name && r.n !== 0)
			.map((r) => ({ ...diagValue('audit_poor_share', label('audit_poor_share'), 'proportion', r), criterion: r.domain.criterion! }));
		return { rows, source: sourceOf(db, 'audit', t.wave, req.locale) };
	});
	const mapping = tryDiagnostic(() => {
		const t = computeDiagnostic(db, { indicator: 'mapping_unsafe_share', by: ['borough'], geography, suppress });
		const r = t.rows.find((x) => x.domain.borough === name);
		return { row: r ? diagValue('mapping_unsafe_share', label('mapping_unsafe_share'), 'proportion', r) : null, source: sourceOf(db, 'mapping', t.wave, req.locale) };
	});
	return { name, survey, incidents, audit, mapping };
}
