import { runDatasets, runIngest } from './ingest';
import { runEstimate } from './estimate';
import { runServe } from './serve';
import { runCatalog, runSettings } from './catalog-settings';
import { runUsers } from './users';
import { UsageError } from './usage';
import { runComments } from './diagnostic';
import { runBackup, runRestore } from './backup';
import { dropOutputToClosedPipes, localeOfArgs, reportFailure } from './failures';
import { defaultDbPath } from '../../../../db/connection';

const USAGE = `Usage: vigie <command> [options]

  ingest <file> --kind survey [--wave W] [--title T] [--dry-run] [--format text|json]
           [--mapping FILE.json | --mapping-from DATASET_ID] [--save-mapping FILE.json]
           [--encoding utf-8|utf-16le|utf-16be|windows-1252] [--delimiter ,|;|tab|'|'] [--decimal .|,]
           [--skip-invalid] [--replace] [--no-progress]
  ingest <file> --suggest-mapping [--encoding E] [--delimiter D] [--decimal .|,] > mapping.json
           a complete draft mapping of a survey file (what each column was taken as, and why, on standard error)
  ingest <file> --kind incidents|population|audit|mapping [--geography G[,G2…]] [--wave W] [--title T] [--dry-run] [--format text|json]
           [--mapping FILE.json] [--encoding E] [--delimiter D] [--decimal .|,]
           population: [--gender woman|man] (when the table's titles do not say)
  ingest <file> --kind areas --geography G [--name-property P] [--code-property P] [--object O] [--type T]   GeoJSON or TopoJSON
  estimate --indicator incident_count|incident_rate|audit_score|audit_poor_share|mapping_points|mapping_unsafe_share
           [--wave W] [--by borough,category,month,age_group,gender,time_of_day,criterion] [--geography G] [--population-year Y]
           [--no-suppress] [--format json|csv]
  estimate --indicator I [--wave W] [--by borough,age_group,gender] [--design auto|weights|strata_psu|replicate]
           [--ci kg|logit] [--compare rest,previous_wave] [--no-suppress [--categories survey|published]] [--format json|csv]
  datasets [list] | show ID | mapping ID | delete ID   [--format text|json]
  comments DATASET_ID [--format text|json]   free text of an audit or mapping dataset (analysts only; never in the API)
  catalog [list] | add FILE.json | remove ID      indicators analysts add (JSON, same schema as the default catalog)
  settings [show] | set reliability.GROUP.RULE VALUE   e.g. settings set reliability.proportion.minN 50
           | set access.public true|false         public (read-only, no sign-in) or private dashboards
  users [list] [--format json] | add EMAIL --role viewer|analyst|admin | token EMAIL [--label L]
        | tokens [EMAIL] [--format json] | revoke-token ID
        | password EMAIL | unlock EMAIL       accounts; passwords are read from standard input
  backup FILE [--force] [--format text|json]   a consistent copy of the database, safe while serving and loading
  restore FILE [--wait SECONDS] [--format text|json]   checks the backup and replaces the whole database with it
  serve                      build if needed, migrate, load the demo data into an empty database, serve on PORT

Options for every command: --lang fr|en (default: from LANG), and VIGIE_DB for the database file.
Exit codes: 0 success, 1 invalid input (with the report), 2 usage error.`;


/** Runs one command; returns the exit code: 0 success, 1 invalid input (or an unusable file, database or port), 2 usage error. */
export async function main(argv: string[]): Promise<number> {
	const [command, ...rest] = argv;
	dropOutputToClosedPipes();
	try {
		switch (command) {
			case 'ingest': return await runIngest(rest);
			case 'estimate': return runEstimate(rest);
			case 'datasets': return runDatasets(rest);
			case 'comments': return runComments(rest);
			case 'catalog': return runCatalog(rest);
			case 'settings': return runSettings(rest);
			case 'users': return await runUsers(rest);
			case 'backup': return await runBackup(rest);
			case 'restore': return await runRestore(rest);
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
		return reportFailure(err, localeOfArgs(argv), defaultDbPath());
	}
}
