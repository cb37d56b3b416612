import { parseArgs } from 'node:util';
import { openDb } from '../../../../db/connection';
import { listSurveyWaves } from '../../../../db/datasets';
import { computeIndicator, RequestError } from '../indicators/survey';
import { parseBy, parseCategories, parseCi, parseCompare, parseDesign } from '../request/params';
import { t } from '../../i18n';
import { estimateCsv } from '../http/csv';
import { localeFrom, UsageError } from './usage';
import { withVerdictText } from '../indicators/verdicts';
import { withNoteText } from '../indicators/design-notes';
import { isDiagnosticEstimate, runDiagnosticEstimate } from './diagnostic';

/**
 * `vigie estimate`: the same table, in the same shape, as GET /api/indicators/{id}, in JSON or
 * CSV; without `--by`, the whole city's value (one row). Analysts' tool: `--no-suppress` is allowed.
 */
export function runEstimate(args: string[]): number {
	if (isDiagnosticEstimate(args)) return runDiagnosticEstimate(args);
	const { values } = parseArgs({
		args,
		options: {
			indicator: { type: 'string' }, wave: { type: 'string' }, by: { type: 'string', default: '' },
			design: { type: 'string', default: 'auto' }, ci: { type: 'string', default: 'kg' }, 'no-suppress': { type: 'boolean' },
			format: { type: 'string', default: 'json' }, lang: { type: 'string' }, compare: { type: 'string' }, categories: { type: 'string' }
		}
	});
	if (!values.indicator) throw new UsageError('--indicator is required');
	if (values.format !== 'json' && values.format !== 'csv') throw new UsageError('--format must be json or csv');
	const by = parseBy(values.by);
	const design = parseDesign(values.design);
	const ci = parseCi(values.ci);
	if (!by.ok) throw new UsageError(`--by: ${by.detail}`);
	if (!design.ok) throw new UsageError(`--design: ${design.detail}`);
	if (!ci.ok) throw new UsageError(`--ci: ${ci.detail}`);
	const compare = parseCompare(values.compare);
	if (!compare.ok) throw new UsageError(`--compare: ${compare.detail}`);
	const categories = parseCategories(values.categories);
	if (!categories.ok) throw new UsageError(`--categories: ${categories.detail}`);
	const locale = localeFrom(values.lang);
	const db = openDb();
	try {
		const wave = values.wave ?? listSurveyWaves(db).at(-1);
		if (!wave) {
			process.stderr.write(t(locale, 'dashboard.no_data') + '\n');
			return 1;
		}
		const { dataset: _dataset, ...table } = computeIndicator(db, {
			indicator: values.indicator, wave, by: by.value, design: design.value, ci: ci.value, suppress: !values['no-suppress'],
			compare: compare.value, published: categories.value === 'published'
		});
		const open = Boolean(values['no-suppress']);
		const out = { ...table, ...(open ? { not_for_publication: true } : {}), design_notes: withNoteText(table.design_notes, locale), rows: withVerdictText(table.rows, locale) };
		process.stdout.write(values.format === 'json' ? JSON.stringify(out, null, 2) + '\n' : estimateCsv(out, by.value, { notForPublication: open }));
		return 0;
	} catch (err) {
		if (err instanceof RequestError) {
			process.stderr.write(t(locale, `api.${err.code}`, err.params) + '\n');
			return 1;
		}
		throw err;
	} finally {
		db.close();
	}
}
