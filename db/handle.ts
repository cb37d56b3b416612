import type Database from 'better-sqlite3';

/**
 * An open database. Its own module so that the modules `openDb` calls when it opens a file
 * (migrations, the removal of abandoned loads) can name the type without importing connection.ts.
 */
export type Db = Database.Database;
