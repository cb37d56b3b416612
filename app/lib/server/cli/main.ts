import { parseArgs } from 'node:util';
import { openDb } from '../../../../db/connection';
import { listDatasets } from '../../../../db/datasets';
import { loadSurvey } from '../../../../ingest/survey/load-survey';
import { loadMontrealAreas } from '../../../../ingest/areas';
import { t } from '../../i18n';
import { issueLine, issueMessage } from './render';
import { runEstimate } from './estimate';
import { runServe } from './serve';
import { runCatalog, runSettings } from './catalog-settings';
import { runUsers } from './users';
import { audit, cliActor } from '../auth/audit';
import { localeFrom, UsageError } from './usage';

const USAGE = `Usage: vigie <command> [options]

  ingest <file> --kind survey [--wave W] [--title T] [--dry-run] [--format text|json]
  estimate --indicator I [--wave W] [--by borough,age_group,gender] [--design auto|weights|strata_psu|replicate]
           [--ci kg|logit] [--compare rest,previous_wave] [--no-suppress] [--format json|csv]
  datasets [--format text|json]
  catalog [list] | add FILE.json | remove ID      indicators analysts add (JSON, same schema as the default catalog)
  settings [show] | set reliability.GROUP.RULE VALUE   e.g. settings set reliability.proportion.minN 50
           | set access.public true|false         public (read-only, no sign-in) or private dashboards
  users [list] [--format json] | add EMAIL --role viewer|analyst|admin | token EMAIL [--label L]
        | password EMAIL | unlock EMAIL       accounts; passwords are read from standard input
  serve                      build if needed, migrate, load the demo data into an empty database, serve on PORT

Options for every command: --lang fr|en (default: from LANG), and VIGIE_DB for the database file.
Exit codes: 0 success, 1 invalid input (with the report), 2 usage error.`;


async function runIngest(args: string[]): Promise<number> {
	const { values, positionals } = parseArgs({
		args, allowPositionals: true,
		options: {
			kind: { type: 'string' }, wave: { type: 'string' }, title: { type: 'string' }, 'dry-run': { type: 'boolean' },
			format: { type: 'string', default: 'text' }, lang: { type: 'string' }, mapping: { type: 'string' }
		}
	});
	const locale = localeFrom(values.lang);
	if (positionals.length !== 1) throw new UsageError('ingest takes exactly one file');
	if (!values.kind) throw new UsageError('--kind is required');
	if (values.format !== 'text' && values.format !== 'json') throw new UsageError('--format must be text or json');
	if (values.mapping) throw new UsageError('--mapping is not supported yet: survey files must use the canonical column names');
	if (values.kind !== 'survey') {
		process.stderr.write(t(locale, 'ingest.kind_unsupported') + '\n');
		return 2;
	}
	const db = openDb();
	try {
		loadMontrealAreas(db);
		const result = await loadSurvey(db, positionals[0]!, { wave: values.wave, title: values.title, dryRun: values['dry-run'] });
		if (result.ok && !result.dry_run)
			audit(db, cliActor(), 'dataset_upload', { dataset_id: result.dataset_id, kind: 'survey', wave: result.wave, title: values.title ?? positionals[0], rows: result.rows });
		if (values.format === 'json') {
			const out = result.ok
				? { ...result, warnings: result.warnings.map((w) => ({ ...w, message: issueMessage(locale, w) })) }
				: { ...result, errors: result.errors.map((e) => ({ line: e.line, column: e.column, value: e.value, code: e.code,
						message: issueMessage(locale, e), ...(e.suggestion ? { suggestion: e.suggestion } : {}) })) };
			process.stdout.write(JSON.stringify(out, null, 2) + '\n');
		} else if (result.ok) {
			process.stdout.write(
				(result.dry_run ? t(locale, 'ingest.dry_run', { rows: result.rows })
					: t(locale, 'ingest.loaded', { rows: result.rows, id: result.dataset_id ?? '', wave: result.wave })) + '\n'
			);
		} else {
			const shown = result.errors.slice(0, 50);
			process.stderr.write(shown.map((e) => issueLine(locale, e)).join('\n') + '\n');
			if (result.error_count > shown.length)
				process.stderr.write(t(locale, 'ingest.more_errors', { count: result.error_count - shown.length }) + '\n');
			process.stderr.write(t(locale, 'ingest.failed', { count: result.error_count }) + '\n');
		}
		return result.ok ? 0 : 1;
	} finally {
		db.close();
	}
}

function runDatasets(args: string[]): number {
	const { values } = parseArgs({ args, options: { format: { type: 'string', default: 'text' }, lang: { type: 'string' } } });
	const db = openDb();
	try {
		const all = listDatasets(db);
		if (values.format === 'json') process.stdout.write(JSON.stringify(all, null, 2) + '\n');
		else for (const d of all) process.stdout.write(`${d.id}\t${d.kind}\t${d.wave}\t${d.rows}\t${d.title}${d.synthetic ? '\t(synthetic)' : ''}\n`);
		return 0;
	} finally {
		db.close();
	}
}

/** Runs one command; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
	const [command, ...rest] = argv;
	try {
		switch (command) {
			case 'ingest': return await runIngest(rest);
			case 'estimate': return runEstimate(rest);
			case 'datasets': return runDatasets(rest);
			case 'catalog': return runCatalog(rest);
			case 'settings': return runSettings(rest);
			case 'users': return await runUsers(rest);
			case 'serve': return await runServe();
			case undefined: case 'help': case '--help': case '-h':
				process.stdout.write(USAGE + '\n');
				return command === undefined ? 2 : 0;
			default: throw new UsageError(`unknown command "${command}"`);
		}
	} catch (err) {
		if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
			process.stderr.write(`vigie: ${(err as Error).message}\n\n${USAGE}\n`);
			return 2;
		}
		throw err;
	}
}
