/**
 * `vigie ingest --kind incidents|population|audit|mapping|partners|areas` and `vigie estimate` for the
 * diagnostic indicators: the same conventions as the survey's (exit codes 0, 1 with the report,
 * 2 for usage; messages rendered here from issue codes, in the reader's language).
 */
import { accessSync, constants } from 'node:fs';
import { parseArgs } from 'node:util';
import { openDb } from '../../../../db/connection';
import { getDataset } from '../../../../db/datasets';
import { readWalkAuditFindings } from '../../../../db/walk-audit';
import { readParticipatoryComments } from '../../../../db/participatory-map';
import { loadMontrealAreas, loadAreasFile } from '../../../../ingest/areas';
import { loadIncidents } from '../../../../ingest/incidents/load-incidents';
import { loadPopulation } from '../../../../ingest/population/load-population';
import { loadWalkAudit } from '../../../../ingest/walk-audit/load-walk-audit';
import { loadParticipatoryMap } from '../../../../ingest/participatory-map/load-participatory-map';
import { loadPartners } from '../../../../ingest/partners/load-partners';
import { MappingError, readDiagnosticMappingFile, type DiagnosticMapping } from '../../../../ingest/column-mapping';
import { delimiterOf, encodingOf } from '../../../../ingest/csv';
import type { DiagnosticIngestResult } from '../../../../ingest/diagnostic-load';
import type { IngestIssue } from '../../../../ingest/report';
import { t, type Locale } from '../../i18n';
import { computeDiagnostic, DiagnosticRequestError, findDiagnostic } from '../indicators/diagnostics';
import { parseDiagnosticBy } from '../request/params';
import { diagnosticCsv } from '../http/csv';
import { issueLine, issueMessage } from '../ingestion/issues';
import { localeFrom, UsageError } from './usage';
import { loadGeography } from '../settings/geography';

export const DIAGNOSTIC_KINDS = ['incidents', 'population', 'audit', 'mapping', 'partners', 'areas'] as const;
type Kind = (typeof DIAGNOSTIC_KINDS)[number];

/** The value of `--kind` in an ingest command line, if any (before the full parse). */
export function kindArgument(args: string[]): string | undefined {
	const i = args.findIndex((a) => a === '--kind' || a.startsWith('--kind='));
	if (i < 0) return undefined;
	return args[i]!.includes('=') ? args[i]!.slice('--kind='.length) : args[i + 1];
}

export async function runDiagnosticIngest(args: string[]): Promise<number> {
	const { values, positionals } = parseArgs({
		args, allowPositionals: true,
		options: {
			kind: { type: 'string' }, wave: { type: 'string' }, title: { type: 'string' }, 'dry-run': { type: 'boolean' },
			format: { type: 'string', default: 'text' }, lang: { type: 'string' }, geography: { type: 'string' },
			'name-property': { type: 'string' }, 'code-property': { type: 'string' }, object: { type: 'string' }, type: { type: 'string' },
			gender: { type: 'string' }, mapping: { type: 'string' }, encoding: { type: 'string' }, delimiter: { type: 'string' },
			decimal: { type: 'string' }
		}
	});
	const locale = localeFrom(values.lang);
	const kind = values.kind as Kind;
	if (positionals.length !== 1) throw new UsageError('ingest takes exactly one file');
	if (!DIAGNOSTIC_KINDS.includes(kind)) throw new UsageError(`--kind must be survey, ${DIAGNOSTIC_KINDS.join(', ')}`);
	if (values.format !== 'text' && values.format !== 'json') throw new UsageError('--format must be text or json');
	if (kind === 'areas' && !values.geography) throw new UsageError('--kind areas needs --geography NAME (the name of the new geography)');
	const gender = values.gender;
	if (gender !== undefined && gender !== 'woman' && gender !== 'man' && gender !== 'all') throw new UsageError('--gender must be woman, man or all');
	const file = positionals[0]!;
	let mapping: DiagnosticMapping | undefined;
	try {
		mapping = values.mapping ? readDiagnosticMappingFile(values.mapping) : undefined;
	} catch (err) {
		if (!(err instanceof MappingError)) throw err;
		process.stderr.write(t(locale, 'ingest.mapping_invalid', { detail: err.message }) + '\n');
		return 1;
	}
	const encoding = values.encoding === undefined ? undefined : encodingOf(values.encoding);
	if (values.encoding !== undefined && !encoding) throw new UsageError('--encoding must be utf-8, utf-16le, utf-16be or windows-1252 (latin1)');
	const delimiter = values.delimiter === undefined ? undefined : delimiterOf(values.delimiter);
	if (values.delimiter !== undefined && !delimiter) throw new UsageError('--delimiter must be , ; | or tab');
	if (values.decimal !== undefined && values.decimal !== '.' && values.decimal !== ',') throw new UsageError('--decimal must be . or ,');
	const csv = { ...mapping?.csv, ...(encoding ? { encoding } : {}), ...(delimiter ? { delimiter } : {}),
		...(values.decimal ? { decimal: values.decimal as '.' | ',' } : {}) };
	const common = { wave: values.wave, title: values.title, dryRun: values['dry-run'], createdBy: process.env.USER ?? 'cli',
		columns: mapping?.columns, csv };
	const named = (values.geography ?? mapping?.geography)?.split(',').map((g) => g.trim()).filter(Boolean);
	try {
		accessSync(file, constants.R_OK);
	} catch (err) {
		printIngest({ ok: false, error_count: 1, errors: [{ line: null, column: null, value: file, code: 'file_unreadable',
			params: { detail: (err as NodeJS.ErrnoException).code ?? (err as Error).message } }] }, values.format, locale, kind);
		return 1;
	}
	const db = openDb();
	try {
		loadMontrealAreas(db);
		// A file without --geography (or a mapping naming one) is placed in the house geography.
		const geographies = named?.length ? named : [loadGeography(db)];
		let result: DiagnosticIngestResult;
		if (kind === 'areas') {
			result = await loadAreasFile(db, file, { ...common, geography: geographies[0]!, nameProperty: values['name-property'],
				codeProperty: values['code-property'], object: values.object, type: values.type });
		} else if (kind === 'incidents') result = await loadIncidents(db, file, { ...common, geographies });
		else {
			const geography = geographies[0];
			if (kind === 'population') result = await loadPopulation(db, file, { ...common, geography, gender });
			else if (kind === 'audit') result = await loadWalkAudit(db, file, { ...common, geography });
			else if (kind === 'partners') result = await loadPartners(db, file, { ...common, geography });
			else result = await loadParticipatoryMap(db, file, { ...common, geography });
		}
		printIngest(result, values.format, locale, kind);
		return result.ok ? 0 : 1;
	} finally {
		db.close();
	}
}

function printIngest(result: DiagnosticIngestResult, format: string, locale: Locale, kind: Kind): void {
	const render = (i: IngestIssue) => ({
		line: i.line, column: i.column, value: i.value, code: i.code, ...(i.params ? { params: i.params } : {}),
		message: issueMessage(locale, i), ...(i.suggestion ? { suggestion: i.suggestion } : {})
	});
	if (format === 'json') {
		const out = result.ok
			? { ...result, warnings: result.warnings.map(render) }
			: { ok: false, error_count: result.error_count, errors: result.errors.map(render), warnings: (result.warnings ?? []).map(render) };
		process.stdout.write(JSON.stringify(out, null, 2) + '\n');
		return;
	}
	if (!result.ok) {
		const shown = result.errors.slice(0, 50);
		process.stderr.write(shown.map((e) => issueLine(locale, e)).join('\n') + '\n');
		if (result.error_count > shown.length) process.stderr.write(t(locale, 'ingest.more_errors', { count: result.error_count - shown.length }) + '\n');
		process.stderr.write(t(locale, 'ingest.failed', { count: result.error_count }) + '\n');
		return;
	}
	const kindLabel = t(locale, `kind.${kind}`);
	process.stdout.write((result.dry_run ? t(locale, 'ingest.dry_run', { rows: result.rows })
		: t(locale, 'ingest.loaded_diagnostic', { rows: result.rows, kind: kindLabel, id: result.dataset_id ?? '', wave: result.wave })) + '\n');
	for (const p of (result.summary.placement as { geography: string; assigned: number; outside: number; no_coordinates: number }[] | undefined) ?? []) {
		process.stdout.write(t(locale, 'ingest.placement', p) + '\n');
	}
	if (kind === 'partners') {
		const s = result.summary as { partners: number; placed: number; outside: number; no_location: number; replaced?: number[] };
		process.stdout.write(t(locale, 'partners.ingest_summary', { partners: s.partners, placed: s.placed, outside: s.outside, no_location: s.no_location }) + '\n');
		if (s.replaced?.length) process.stdout.write(t(locale, 'partners.ingest_replaced', { ids: s.replaced.join(', ') }) + '\n');
	}
	if (result.warnings.length > 0) {
		const shown = result.warnings.slice(0, 20);
		process.stdout.write(t(locale, 'ingest.warnings', { count: result.warnings.length }) + '\n');
		process.stdout.write(shown.map((w) => '  ' + issueLine(locale, w)).join('\n') + '\n');
		if (result.warnings.length > shown.length) process.stdout.write(t(locale, 'ingest.more_errors', { count: result.warnings.length - shown.length }) + '\n');
	}
}

/** Whether `--indicator` names a diagnostic indicator (then `estimate` is run by `runDiagnosticEstimate`). */
export function isDiagnosticEstimate(args: string[]): boolean {
	const i = args.findIndex((a) => a === '--indicator' || a.startsWith('--indicator='));
	if (i < 0) return false;
	const id = args[i]!.includes('=') ? args[i]!.slice('--indicator='.length) : args[i + 1];
	if (!id) return false;
	const db = openDb();
	try {
		return findDiagnostic(db, id) !== undefined;
	} finally {
		db.close();
	}
}

/** `vigie estimate --indicator incident_rate [--by borough,category,month] [--wave W] [--geography G] [--population-year Y] [--no-suppress]`; without `--by`, the whole city. */
export function runDiagnosticEstimate(args: string[]): number {
	const { values } = parseArgs({
		args,
		options: {
			indicator: { type: 'string' }, wave: { type: 'string' }, by: { type: 'string', default: '' }, geography: { type: 'string' },
			'population-year': { type: 'string' }, 'no-suppress': { type: 'boolean' }, format: { type: 'string', default: 'json' }, lang: { type: 'string' }
		}
	});
	if (values.format !== 'json' && values.format !== 'csv') throw new UsageError('--format must be json or csv');
	const by = parseDiagnosticBy(values.by);
	if (!by.ok) throw new UsageError(`--by: ${by.detail}`);
	const locale = localeFrom(values.lang);
	const db = openDb();
	try {
		const table = computeDiagnostic(db, {
			indicator: values.indicator!, wave: values.wave, by: by.value, geography: values.geography,
			populationYear: values['population-year'], suppress: !values['no-suppress']
		});
		process.stdout.write(values.format === 'json' ? JSON.stringify(table, null, 2) + '\n' : diagnosticCsv(table, by.value));
		return 0;
	} catch (err) {
		if (err instanceof DiagnosticRequestError) {
			process.stderr.write(t(locale, `api.${err.code}`, err.params) + '\n');
			return 1;
		}
		throw err;
	} finally {
		db.close();
	}
}

/**
 * `vigie comments DATASET_ID [--format text|json]`: the free text of an audit (findings,
 * recommendations) or mapping (comments) dataset. For analysts only (free text may name people): it never
 * leaves the database through the API or the map layers.
 */
export function runComments(args: string[]): number {
	const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { format: { type: 'string', default: 'text' }, lang: { type: 'string' } } });
	const locale = localeFrom(values.lang);
	const id = Number(positionals[0]);
	if (positionals.length !== 1 || !Number.isInteger(id)) throw new UsageError('comments takes one dataset id');
	if (values.format !== 'text' && values.format !== 'json') throw new UsageError('--format must be text or json');
	const db = openDb();
	try {
		const ds = getDataset(db, id);
		if (!ds || (ds.kind !== 'audit' && ds.kind !== 'mapping')) {
			process.stderr.write(t(locale, 'cli.no_comments', { id }) + '\n');
			return 1;
		}
		const rows: Record<string, unknown>[] = ds.kind === 'audit' ? readWalkAuditFindings(db, id) : readParticipatoryComments(db, id);
		if (values.format === 'json') process.stdout.write(JSON.stringify({ dataset_id: id, kind: ds.kind, rows }, null, 2) + '\n');
		else for (const r of rows) process.stdout.write(Object.values(r).map((v) => (v === null ? '' : String(v))).join('\t') + '\n');
		return 0;
	} finally {
		db.close();
	}
}
