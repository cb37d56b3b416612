import m001 from './001_init';
import m002 from './002_settings_catalog';
import m003 from './003_ingest_reports';
import m004 from './004_accounts';
import m005 from './005_diagnostic';
import m006 from './006_publication_patterns';
import m007 from './007_hidden_datasets';
import m008 from './008_decimal_chunks';

/**
 * The numbered migrations, in order. Each is plain SQL in a TypeScript module so that it travels
 * inside the server bundle as well as the command line (no file to find at run time). Add
 * `NNN_name.ts` and list it here; never edit one that has shipped.
 */
export const MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
	{ version: 1, name: '001_init', sql: m001 },
	{ version: 2, name: '002_settings_catalog', sql: m002 },
	{ version: 3, name: '003_ingest_reports', sql: m003 },
	{ version: 4, name: '004_accounts', sql: m004 },
	{ version: 5, name: '005_diagnostic', sql: m005 },
	{ version: 6, name: '006_publication_patterns', sql: m006 },
	{ version: 7, name: '007_hidden_datasets', sql: m007 },
	{ version: 8, name: '008_decimal_chunks', sql: m008 }
];
