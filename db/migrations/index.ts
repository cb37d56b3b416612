import m001 from './001_init';
import m002 from './002_settings_catalog';
import m003 from './003_ingest_reports';
import m004 from './004_accounts';
import m005 from './005_diagnostic';
import m006 from './006_publication_patterns';
import m007 from './007_partners';
import m008 from './008_hidden_datasets';
import m009 from './009_decimal_chunks';

/**
 * The numbered migrations, in order. Each is plain SQL in a TypeScript module so that it travels
 * inside the server bundle as well as the command line (no file to find at run time). Add
 * `NNN_name.ts` and list it here; never edit one that has shipped.
 *
 * `foreignKeysOff`: a migration that rebuilds a table others reference (SQLite's documented way
 * to change a constraint) runs with foreign keys off, then is checked with `foreign_key_check`.
 */
export const MIGRATIONS: readonly { version: number; name: string; sql: string; foreignKeysOff?: boolean }[] = [
	{ version: 1, name: '001_init', sql: m001 },
	{ version: 2, name: '002_settings_catalog', sql: m002 },
	{ version: 3, name: '003_ingest_reports', sql: m003 },
	{ version: 4, name: '004_accounts', sql: m004 },
	{ version: 5, name: '005_diagnostic', sql: m005 },
	{ version: 6, name: '006_publication_patterns', sql: m006 },
	{ version: 7, name: '007_partners', sql: m007, foreignKeysOff: true },
	{ version: 8, name: '008_hidden_datasets', sql: m008 },
	{ version: 9, name: '009_decimal_chunks', sql: m009 }
];
