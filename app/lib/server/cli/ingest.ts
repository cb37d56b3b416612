import { parseArgs } from 'node:util';
import { basename, dirname, resolve } from 'node:path';
import { accessSync, constants, existsSync, statSync, writeFileSync } from 'node:fs';
import { openDb } from '../../../../db/connection';
import { getDataset, listDatasetsNewestFirst, listSkipped } from '../../../../db/datasets';
import { localTimestamp } from '../../format';
import { loadMontrealAreas } from '../../../../ingest/areas';
import { delimiterOf, encodingOf, type Detected } from '../../../../ingest/csv';
import { CORE_ROLES, MappingError, parseMapping, readMappingFile, type CoreRole, type SurveyMapping } from '../../../../ingest/column-mapping';
import type { IngestResult } from '../../../../ingest/report';
import { t, type Locale } from '../../i18n';
import { ingestSurvey, mappingOfDataset, removeDataset } from '../ingestion/ingest';
import { issueJson, issueLine, warningLine } from '../ingestion/issues';
import { localeFrom, UsageError } from './usage';
import { kindArgument, runDiagnosticIngest } from './diagnostic';
import { audit, cliActor } from '../auth/audit-log';
import { runSuggest } from './suggest';
import { loadGeography } from '../settings/geography';

const LINEBREAK_NAMES: Record<string, string> = { '\r\n': 'CRLF', '\n': 'LF', '\r': 'CR' };
const DELIMITER_NAMES: Record<string, string> = { ',': '","', ';': '";"', '\t': 'tab', '|': '"|"' };

export function describeDetected(locale: Locale, d: Detected): string {
	return t(locale, 'ingest.detected', { encoding: `${d.encoding}${d.bom ? ' (BOM)' : ''}`, delimiter: DELIMITER_NAMES[d.delimiter] ?? d.delimiter,
		decimal: d.decimal, linebreak: LINEBREAK_NAMES[d.linebreak] ?? d.linebreak });
}

/** A progress bar on standard error when it is a terminal: `Reading big.csv [#####.....] 52%  530/1020 MB`. */
function progressBar(locale: Locale, file: string): ((bytes: number, total: number) => void) | undefined {
	if (!process.stderr.isTTY) return undefined;
	let shown = -1;
	return (bytes, total) => {
		const pct = total > 0 ? Math.floor((100 * bytes) / total) : 100;
		if (pct === shown) return;
		shown = pct;
		const width = 30;
		const done = Math.round((width * pct) / 100);
		const mb = (n: number) => (n / 1e6).toFixed(0);
		process.stderr.write(`\r${t(locale, 'ingest.progress', { file: basename(file) })} [${'#'.repeat(done)}${'.'.repeat(width - done)}] ${pct}%  ${mb(bytes)}/${mb(total)} MB`);
		if (bytes >= total) process.stderr.write('\n');
	};
}

function printResult(locale: Locale, result: IngestResult, format: string): void {
	if (format === 'json') {
		const render = (i: IngestResult['warnings'][number]) => issueJson(locale, i, 'cli');
		const out = result.ok
			? { ...result, warnings: result.warnings.map(render) }
			: { ...result, errors: result.errors.map(render), warnings: result.warnings.map(render) };
		process.stdout.write(JSON.stringify(out, null, 2) + '\n');
		return;
	}
	if (result.detected) process.stderr.write(describeDetected(locale, result.detected) + '\n');
	if (result.ok) {
		for (const w of result.warnings.slice(0, 50)) process.stderr.write(warningLine(locale, w) + '\n');
		if (result.replaced !== null && !result.dry_run) process.stdout.write(t(locale, 'ingest.replaced', { id: result.replaced }) + '\n');
		process.stdout.write((result.dry_run ? t(locale, 'ingest.dry_run', { rows: result.rows })
			: t(locale, 'ingest.loaded', { rows: result.rows, id: result.dataset_id ?? '', wave: result.wave })) + '\n');
		if (result.skipped > 0 && result.dataset_id !== null)
			process.stdout.write(t(locale, 'ingest.skipped', { count: result.skipped, id: result.dataset_id }) + '\n');
	} else {
		const shown = result.errors.slice(0, 50);
		process.stderr.write(shown.map((e) => issueLine(locale, e)).join('\n') + '\n');
		if (result.error_count > shown.length)
			process.stderr.write(t(locale, 'ingest.more_errors', { count: result.error_count - shown.length }) + '\n');
		process.stderr.write(t(locale, 'ingest.failed', { count: result.error_count }) + '\n');
	}
}

/**
 * The mapping to reuse for the next wave: the one given, with the roles found through header
 * aliases written out and the dialect that was read.
 */
function effectiveMapping(m: SurveyMapping, result: Extract<IngestResult, { ok: true }>): SurveyMapping {
	const columns: SurveyMapping['columns'] = {};
	for (const [header, role] of Object.entries(result.mapping)) {
		if ((CORE_ROLES as readonly string[]).includes(role) && !header.startsWith('(')) columns[role as CoreRole] = header;
	}
	const d = result.detected;
	return { ...m, columns: { ...columns, ...m.columns }, csv: { encoding: d.encoding, delimiter: d.delimiter, decimal: d.decimal, ...m.csv } };
}

/** Throws the file system's error (reported in one line by the caller) when `path` cannot be written. */
function assertWritable(path: string): void {
	if (existsSync(path) && statSync(path).isDirectory()) throw Object.assign(new Error(`${path} is a folder`), { code: 'EISDIR', path });
	accessSync(existsSync(path) ? path : dirname(resolve(path)), constants.W_OK);
}

export async function runIngest(args: string[]): Promise<number> {
	const kind = kindArgument(args);
	if (kind !== undefined && kind !== 'survey') return runDiagnosticIngest(args);
	const { values, positionals } = parseArgs({
		args, allowPositionals: true,
		options: {
			kind: { type: 'string' }, wave: { type: 'string' }, title: { type: 'string' }, 'dry-run': { type: 'boolean' },
			format: { type: 'string', default: 'text' }, lang: { type: 'string' }, mapping: { type: 'string' },
			'mapping-from': { type: 'string' }, 'save-mapping': { type: 'string' }, encoding: { type: 'string' },
			delimiter: { type: 'string' }, decimal: { type: 'string' }, 'skip-invalid': { type: 'boolean' }, replace: { type: 'boolean' },
			progress: { type: 'boolean' }, 'suggest-mapping': { type: 'boolean' }
		},
		allowNegative: true
	});
	const locale = localeFrom(values.lang);
	if (positionals.length !== 1) throw new UsageError('ingest takes exactly one file');
	if (!values.kind && !values['suggest-mapping']) throw new UsageError('--kind is required');
	if (values.format !== 'text' && values.format !== 'json') throw new UsageError('--format must be text or json');
	if (values.mapping && values['mapping-from']) throw new UsageError('give --mapping or --mapping-from, not both');
	const encoding = values.encoding === undefined ? undefined : encodingOf(values.encoding);
	if (values.encoding !== undefined && !encoding) throw new UsageError('--encoding must be utf-8, utf-16le, utf-16be or windows-1252 (latin1)');
	const delimiter = values.delimiter === undefined ? undefined : delimiterOf(values.delimiter);
	if (values.delimiter !== undefined && !delimiter) throw new UsageError('--delimiter must be , ; | or tab');
	if (values.decimal !== undefined && values.decimal !== '.' && values.decimal !== ',') throw new UsageError('--decimal must be . or ,');
	if ((values.kind ?? 'survey') !== 'survey') {
		process.stderr.write(t(locale, 'ingest.kind_unsupported') + '\n');
		return 2;
	}
	// Checked before loading: a mapping that cannot be saved must not leave the file loaded and the command failed.
	if (values['save-mapping']) assertWritable(values['save-mapping']);
	const db = openDb();
	try {
		if (values['suggest-mapping']) {
			loadMontrealAreas(db);
			return await runSuggest(db, locale, positionals[0]!, { encoding, delimiter, decimal: values.decimal as '.' | ',' | undefined });
		}
		let mapping: SurveyMapping | undefined;
		try {
			if (values.mapping) mapping = readMappingFile(values.mapping, loadGeography(db));
			else if (values['mapping-from']) {
				const d = getDataset(db, Number(values['mapping-from']));
				if (!d) throw new UsageError(`--mapping-from: no dataset ${values['mapping-from']}`);
				mapping = mappingOfDataset(d);
			}
		} catch (err) {
			if (!(err instanceof MappingError)) throw err;
			process.stderr.write(t(locale, 'ingest.mapping_invalid', { detail: err.message }) + '\n');
			return 1;
		}
		loadMontrealAreas(db);
		const file = positionals[0]!;
		const result = await ingestSurvey(db, file, {
			wave: values.wave, title: values.title, dryRun: values['dry-run'], mapping, encoding, delimiter,
			decimal: values.decimal as '.' | ',' | undefined, skipInvalid: values['skip-invalid'], replace: values.replace,
			onProgress: values.progress !== false ? progressBar(locale, file) : undefined
		});
		if (result.ok && !result.dry_run)
			audit(db, cliActor(), 'dataset_upload', { dataset_id: result.dataset_id, kind: 'survey', wave: result.wave, title: values.title ?? file,
				rows: result.rows, skipped: result.skipped, replaced: result.replaced });
		printResult(locale, result, values.format);
		if (values['save-mapping'] && result.ok) writeFileSync(values['save-mapping'], JSON.stringify(effectiveMapping(mapping ?? parseMapping({}, loadGeography(db)), result), null, 2) + '\n');
		return result.ok ? 0 : 1;
	} finally {
		db.close();
	}
}

/** `datasets [list]` (newest first), `datasets show ID`, `datasets mapping ID`, `datasets delete ID`. */
export function runDatasets(args: string[]): number {
	const { values, positionals } = parseArgs({ args, allowPositionals: true,
		options: { format: { type: 'string', default: 'text' }, lang: { type: 'string' } } });
	const locale = localeFrom(values.lang);
	const [sub = 'list', idText] = positionals;
	const db = openDb();
	try {
		if (sub === 'list') {
			// Newest first; loaded at the machine's local time with its offset (JSON keeps the stored UTC time).
			const all = listDatasetsNewestFirst(db);
			if (values.format === 'json') process.stdout.write(JSON.stringify(all, null, 2) + '\n');
			else for (const d of all)
				process.stdout.write(`${d.id}\t${d.kind}\t${d.wave}\t${d.rows}\t${localTimestamp(d.created_at)}\t${d.title}${d.synthetic ? '\t(synthetic)' : ''}\n`);
			return 0;
		}
		const id = Number(idText);
		if (!Number.isInteger(id)) throw new UsageError(`datasets ${sub} needs a dataset id`);
		const d = getDataset(db, id);
		if (!d) {
			process.stderr.write(t(locale, 'cli.no_dataset', { id }) + '\n');
			return 1;
		}
		switch (sub) {
			case 'show': {
				const skipped = listSkipped(db, id);
				if (values.format === 'json') process.stdout.write(JSON.stringify({ ...d, skipped_rows: skipped }, null, 2) + '\n');
				else {
					process.stdout.write(`${d.id}\t${d.kind}\t${d.wave}\t${d.rows}\t${d.title}\n${d.file_name}\t${d.sha256}\t${d.created_by}\t${localTimestamp(d.created_at)}\n`);
					for (const w of d.warnings) process.stdout.write(warningLine(locale, w as never) + '\n');
					for (const s of skipped) process.stdout.write(issueLine(locale, { ...s, code: s.code as never, params: s.params }) + '\n');
				}
				return 0;
			}
			case 'mapping':
				process.stdout.write(JSON.stringify(mappingOfDataset(d), null, 2) + '\n');
				return 0;
			case 'delete':
				removeDataset(db, id);
				audit(db, cliActor(), 'dataset_delete', { dataset_id: id, kind: d.kind, wave: d.wave, title: d.title });
				process.stdout.write(t(locale, 'cli.dataset_deleted', { id, title: d.title }) + '\n');
				return 0;
			default:
				throw new UsageError(`unknown datasets command "${sub}"`);
		}
	} finally {
		db.close();
	}
}
