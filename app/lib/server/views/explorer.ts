import type { Db } from '../../../../db/connection';
import type { CellStatus } from '../../charts/cell-status';
import type { EstimateRow } from '../../engine/types';
import type { Locale } from '../../i18n';
import { buildIndicator, type IndicatorData } from './indicator';
import { prepareIndicator, RequestError, tabulate } from '../indicators/survey';
import type { ExplorerQuery } from '../request/queries';

export interface TrendRow {
	wave: string;
	estimate: number | null;
	ci: [number, number] | null;
	n: number | null;
	status: CellStatus;
	flags: string[];
	/** The wave's dataset and design (null when the wave cannot give the indicator). */
	source: { title: string; respondents: number; design: string; ci_method: string } | null;
}

export interface ExplorerData extends IndicatorData {
	/** The chosen borough (or the whole city) in every wave, oldest first. */
	trend: TrendRow[];
}

const statusOf = (r: EstimateRow): CellStatus => (r.n === 0 ? 'no_data' : r.reliability);

/**
 * The indicator explorer: one indicator's view (map, age group × gender, table, verdicts) and the
 * indicator across every wave for the chosen borough or the whole city. A wave whose file cannot
 * give the indicator is a gap, not an error. Suppression as in `buildIndicator`.
 */
export function buildExplorer(db: Db, q: Pick<ExplorerQuery, 'indicator' | 'wave' | 'borough'>, locale: Locale, opts: { suppress: boolean }): ExplorerData {
	const base = buildIndicator(db, q, locale, opts);
	if (base.empty) return { ...base, trend: [] };
	const trend = base.waves.map((wave): TrendRow => {
		const none: TrendRow = { wave, estimate: null, ci: null, n: 0, status: 'no_data', flags: [], source: null };
		try {
			const p = prepareIndicator(db, { indicator: base.selected.indicator, wave, design: 'auto' });
			const table = tabulate(db, p, { by: base.boroughName ? ['borough'] : [], ci: 'kg', suppress: opts.suppress, published: true });
			const r = base.boroughName ? table.rows.find((x) => x.domain.borough === base.boroughName) : table.rows[0];
			const source = { title: table.dataset.title, respondents: table.dataset.rows, design: table.design,
				ci_method: p.def.type === 'mean' ? 't' : table.ci_method };
			return r ? { wave, estimate: r.estimate, ci: r.ci, n: r.n, status: statusOf(r), flags: r.flags, source } : { ...none, source };
		} catch (err) {
			if (err instanceof RequestError) return none;
			throw err;
		}
	});
	return { ...base, trend };
}
