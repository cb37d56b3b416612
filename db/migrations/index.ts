import m001 from './001_init';
import m002 from './002_settings_catalog';
import m004 from './004_accounts';

/**
 * The numbered migrations, in order. Each is plain SQL in a TypeScript module so that it travels
 * inside the server bundle as well as the command line (no file to find at run time). Add
 * `NNN_name.ts` and list it here; never edit one that has shipped.
 */
export const MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
	{ version: 1, name: '001_init', sql: m001 },
	{ version: 2, name: '002_settings_catalog', sql: m002 },
	// Version 3 is the ingestion's (issue 4).
	{ version: 4, name: '004_accounts', sql: m004 }
];
