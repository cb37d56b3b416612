/**
 * `vigie backup` and `vigie restore` as an operator runs them (node bin/vigie.js, a real database
 * file): a backup taken while a large survey loads holds what was committed (the load's hidden
 * dataset among it) and lets the load go on; the restore brings back the same datasets and the same
 * estimates, without the unfinished load; a restore is refused while a load writes; files that are not good backups are refused with a sentence, and the database's
 * bytes do not change; an older schema is migrated, a newer one refused; unfinished loads and
 * sessions do not come back.
 */
import Database from 'better-sqlite3';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { migrate } from '../../db/migrate';
import { MIGRATIONS } from '../../db/migrations';
import { runVigie, type Run } from '../helpers/cli';
import { ADMIN } from '../helpers/accounts';
import { fingerprint, loadUnderWay, startVigie, waitForLoad, writeLargeSurvey } from '../helpers/backup';

const REF = 'fixtures/reference/survey_public.csv';
const LATEST = MIGRATIONS.at(-1)!.version;
/** Large enough that the load lasts seconds, even on a fast machine. */
const BIG_ROWS = 300_000;
/** Loading it takes 10 s on a quiet machine and minutes under the whole suite's load: a guard against hangs, not a speed check. */
const LOAD_TIMEOUT_MS = 300_000;

const dir = mkdtempSync(join(tmpdir(), 'vigie-backup-'));
const dbPath = join(dir, 'vigie.db');
const BIG = join(dir, 'big.csv');
const B1 = join(dir, 'during-load.db');
const vigie = (args: string[], env: Record<string, string> = {}) => runVigie(dbPath, args, env);

function json<T = Record<string, unknown>>(r: Run): T {
	try {
		return JSON.parse(r.stdout) as T;
	} catch {
		throw new Error(`stdout is not JSON (exit ${r.code}):\n${r.stdout}\n--- stderr:\n${r.stderr}`);
	}
}
const estimate = async () => json(await vigie(['estimate', '--indicator', 'feel_safe_after_dark', '--wave', '2024', '--format', 'json']));
const datasets = async () => json<{ id: number; wave: string; sha256: string }[]>(await vigie(['datasets', '--format', 'json']));
const query = <T>(sql: string): T[] => {
	const db = new Database(dbPath, { readonly: true });
	try {
		return db.prepare(sql).all() as T[];
	} finally {
		db.close();
	}
};
const leftovers = () => readdirSync(dir).filter((f) => /\.(part|restore)$/.test(f));

let estimate0: Record<string, unknown>;
let datasets0: unknown[];

beforeAll(async () => {
	expect((await runVigie(dbPath, ['users', 'add', ADMIN.email, '--role', 'admin'], {}, `${ADMIN.password}\n`)).code).toBe(0);
	expect((await vigie(['ingest', REF, '--kind', 'survey', '--wave', '2024'])).code).toBe(0);
	await writeLargeSurvey(BIG, BIG_ROWS);
	estimate0 = await estimate();
	datasets0 = await datasets();
	expect(datasets0).toHaveLength(1);
}, LOAD_TIMEOUT_MS);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a backup during a running ingestion, then a restore', () => {
	test('the backup is taken while the load writes, holds what was committed, and the load goes on', async () => {
		const load = startVigie(dbPath, ['ingest', BIG, '--kind', 'survey', '--wave', '2099', '--format', 'json']);
		await waitForLoad(dbPath);
		const r = await vigie(['backup', B1, '--format', 'json']);
		const backupEnded = Date.now();
		expect(r.code, r.stderr).toBe(0);
		// Still loading: the backup did not wait for the load, nor the load for the backup.
		expect(loadUnderWay(dbPath)).toBe(true);
		const loaded = await load;
		expect(loaded.code, loaded.stderr).toBe(0);
		expect(loaded.endedAt).toBeGreaterThan(backupEnded);
		expect(json(loaded)).toMatchObject({ ok: true, rows: BIG_ROWS });

		const copy = new Database(B1, { readonly: true });
		expect(json(r)).toEqual({ ok: true, file: B1, schema_version: LATEST, bytes: statSync(B1).size, datasets: { survey: { datasets: 1, rows: 3000 } },
			accounts: 1, audit_entries: copy.prepare('SELECT count(*) FROM audit_log').pluck().get(), unfinished_loads: 1 });
		expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
		expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
		// The chunks committed so far are in the copy, in a dataset nobody sees; a restore removes it.
		expect(copy.prepare(`SELECT count(*) FROM datasets WHERE wave = '2099' AND hidden IS NULL`).pluck().get()).toBe(0);
		expect(copy.prepare(`SELECT count(*) FROM datasets WHERE wave = '2099' AND hidden LIKE 'loading %'`).pluck().get()).toBe(1);
		copy.close();
		expect(readdirSync(dir)).not.toContain('during-load.db-wal');
		expect(leftovers()).toEqual([]);
		expect((await datasets()).map((d) => d.wave)).toEqual(['2099', '2024']);
	}, LOAD_TIMEOUT_MS);

	test('the restore brings back the datasets and the estimates of the backup, and never writes the backup', async () => {
		const backupBytes = fingerprint(B1);
		const r = await vigie(['restore', B1]);
		expect(r.code, r.stderr).toBe(0);
		expect(r.stdout).toContain(`Restored ${B1} into ${dbPath}: schema version ${LATEST}.`);
		expect(r.stdout).toContain('survey: 1 dataset, 3,000 rows');
		expect(r.stdout).toContain('Removed 1 dataset of a load that had not finished when the backup was taken.');
		expect(r.stdout).toMatch(/Everyone was signed out/);
		expect(r.stdout).toMatch(/no restart is needed/);
		expect(await datasets()).toEqual(datasets0);
		expect(await estimate()).toEqual(estimate0);
		expect(fingerprint(B1)).toBe(backupBytes);
		expect(query(`SELECT actor FROM audit_log WHERE action = 'database_restore'`)).toHaveLength(1);
		// The record of what was done since the backup is kept: the load of wave 2099, though its data is gone.
		expect(query(`SELECT json_extract(details, '$.wave') AS wave FROM audit_log WHERE action = 'dataset_upload' ORDER BY id`)).toEqual([{ wave: '2024' }, { wave: '2099' }]);
		expect(query<{ journal_mode: string }>('PRAGMA journal_mode')[0]!.journal_mode).toBe('wal');
		expect(leftovers()).toEqual([]);
	}, LOAD_TIMEOUT_MS);

	test('a restore is refused while a load writes, and the load is kept', async () => {
		// The restored database has no wave 2099: the same file loads again.
		const load = startVigie(dbPath, ['ingest', BIG, '--kind', 'survey', '--wave', '2099', '--format', 'json']);
		await waitForLoad(dbPath);
		const r = await vigie(['restore', B1, '--wait', '0']);
		expect(loadUnderWay(dbPath)).toBe(true);
		expect(r.code).toBe(1);
		expect(r.stderr).toMatch(/^A load is in progress \(dataset \d+, “big\.csv”, wave 2099\): nothing was restored\. Run the restore again when it has finished, or add --wait SECONDS to wait for it\./);
		expect(r.stdout).toBe('');
		const loaded = await load;
		expect(loaded.code, loaded.stderr).toBe(0);
		expect((await datasets()).map((d) => d.wave)).toEqual(['2099', '2024']);
		expect(leftovers()).toEqual([]);
	}, LOAD_TIMEOUT_MS);
});

describe('files that are not good backups are refused, and the database does not change', () => {
	const bad = (name: string) => join(dir, 'bad', name);
	beforeAll(() => {
		mkdirSync(join(dir, 'bad', 'a-folder'), { recursive: true });
		const whole = readFileSync(B1);
		writeFileSync(bad('empty.db'), '');
		writeFileSync(bad('truncated.db'), whole.subarray(0, Math.floor(whole.length / 2)));
		writeFileSync(bad('tiny.db'), whole.subarray(0, 60));
		const damaged = Buffer.from(whole);
		// Every page after the first four overwritten: the tables' pages are garbage.
		damaged.fill(0x5a, 4 * 4096);
		writeFileSync(bad('damaged.db'), damaged);
		copyFileSync(REF, bad('survey.db'));
		const foreign = new Database(bad('foreign.db'));
		foreign.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes (text) VALUES (\'hello\')');
		foreign.close();
		const other = new Database(bad('other-migrations.db'));
		other.exec(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);
			INSERT INTO schema_migrations VALUES (1, 'create_invoices', '2020-01-01')`);
		other.close();
		copyFileSync(B1, bad('newer.db'));
		const newer = new Database(bad('newer.db'));
		newer.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(LATEST + 1, 'from_the_future', '2030-01-01');
		newer.close();
		copyFileSync(B1, bad('with-wal.db'));
		writeFileSync(bad('with-wal.db-wal'), Buffer.alloc(4096, 1));
	});

	const CASES: [string, string, RegExp][] = [
		['a missing file', 'missing.db', /^There is no file .*missing\.db\. Nothing was changed\.$/],
		['a folder', 'a-folder', /a-folder is a folder, not a backup file\. Nothing was changed\./],
		['an empty file', 'empty.db', /empty\.db is empty \(0 bytes\): it is not a backup\. Nothing was changed\./],
		['a backup cut in half', 'truncated.db', /truncated\.db is truncated: [\d,]+ bytes, where its header announces [\d,]+\. .*Nothing was changed\./],
		['a file shorter than a header', 'tiny.db', /tiny\.db is truncated: 60 bytes/],
		['a damaged database', 'damaged.db', /damaged\.db is damaged \(SQLite’s integrity check: .+\)\. Nothing was changed\./],
		['a CSV file', 'survey.db', /survey\.db is not an SQLite database \(a backup made by “vigie backup” starts with “SQLite format 3”\)\. Nothing was changed\./],
		['another program’s SQLite database', 'foreign.db', /foreign\.db is an SQLite database, but not a Vigie database .*Nothing was changed\./],
		['another program’s migrations', 'other-migrations.db', /other-migrations\.db is an SQLite database, but not a Vigie database/],
		['a newer schema', 'newer.db', new RegExp(`newer\\.db was written by a newer version of Vigie \\(schema version ${LATEST + 1}; this version knows up to ${LATEST}\\)\\. Upgrade Vigie, then restore\\. Nothing was changed\\.`)],
		['a database with its write-ahead log', 'with-wal.db', /with-wal\.db has a write-ahead log beside it .*Nothing was changed\./],
		['the database itself', '../vigie.db', /vigie\.db is the database itself: give a backup file\. Nothing was changed\./]
	];

	test.each(CASES)('%s', async (_what, name, message) => {
		const before = fingerprint(dbPath);
		const r = await vigie(['restore', bad(name)]);
		expect(r.code).toBe(1);
		expect(r.stderr.trim()).toMatch(message);
		expect(r.stdout).toBe('');
		expect(fingerprint(dbPath)).toBe(before);
		expect(leftovers()).toEqual([]);
	});

	test('in JSON, and in French', async () => {
		const before = fingerprint(dbPath);
		const r = await vigie(['restore', bad('newer.db'), '--format', 'json']);
		expect(r.code).toBe(1);
		expect(json(r)).toEqual({ ok: false, error: { code: 'newer_schema', message: expect.stringContaining(`schema version ${LATEST + 1}`) } });
		const fr = await vigie(['restore', bad('truncated.db'), '--lang', 'fr']);
		expect(fr.code).toBe(1);
		expect(fr.stderr).toMatch(/truncated\.db est tronqué : [\d\s]+ octets, alors que son en-tête en annonce [\d\s]+\. .*Rien n’a été modifié\./);
		expect(fingerprint(dbPath)).toBe(before);
	});
});

describe('a restore migrates an older schema and leaves no unfinished load nor session', () => {
	test('an older backup is migrated to the current schema', async () => {
		const old = join(dir, 'old.db');
		const db = new Database(old);
		migrate(db, MIGRATIONS.slice(0, 3));
		db.close();
		const r = await vigie(['restore', old]);
		expect(r.code, r.stderr).toBe(0);
		expect(r.stdout).toContain(`The backup had schema version 3; it was migrated to version ${LATEST}.`);
		expect(r.stdout).toContain('No dataset.');
		expect(query<{ v: number }>('SELECT max(version) AS v FROM schema_migrations')[0]!.v).toBe(LATEST);
		expect(await datasets()).toEqual([]);
	});

	test('a first restore, into a folder with no database yet, creates it', async () => {
		const fresh = join(dir, 'new-server', 'data', 'vigie.db');
		const r = await runVigie(fresh, ['restore', B1]);
		expect(r.code, r.stderr).toBe(0);
		expect(json(await runVigie(fresh, ['datasets', '--format', 'json']))).toEqual(datasets0);
	});

	test('the datasets of a load that had not finished and the sessions are removed', async () => {
		const partial = join(dir, 'partial.db');
		copyFileSync(B1, partial);
		const db = new Database(partial);
		// As a load leaves its dataset between two chunks: hidden, marked with its loader (here, one of another machine).
		const loader = JSON.stringify({ host: 'another-machine', boot: '', pid: 1, start: '' });
		const id = Number(db.prepare(`INSERT INTO datasets (kind, wave, title, file_name, sha256, rows, created_by, created_at, mapping, design, hidden)
			VALUES ('survey', '2100', 'half loaded', 'big.csv', 'pending:1:2:3', 0, 'cli', '2025-01-01', '{}', '{}', ?)`).run(`loading ${loader}`).lastInsertRowid);
		db.prepare(`INSERT INTO survey_columns (dataset_id, name, position, role, encoding) VALUES (?, 'weight', 0, 'weight', 'f64')`).run(id);
		db.prepare(`INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, expires_at) VALUES ('abc', 1, '2025-01-01', '2025-01-01', '2999-01-01')`).run();
		db.close();
		const r = await vigie(['restore', partial]);
		expect(r.code, r.stderr).toBe(0);
		// This one, and the load the backup caught in the middle (the first test).
		expect(r.stdout).toContain('Removed 2 datasets of loads that had not finished when the backup was taken.');
		expect(await datasets()).toEqual(datasets0);
		expect(query(`SELECT * FROM survey_columns WHERE dataset_id = ${id}`)).toEqual([]);
		expect(query('SELECT * FROM sessions')).toEqual([]);
	});
});

describe('vigie backup refuses, and writes nothing', () => {
	test('an existing file without --force; with --force it is replaced', async () => {
		const target = join(dir, 'again.db');
		writeFileSync(target, 'an earlier file');
		const r = await vigie(['backup', target]);
		expect(r.code).toBe(1);
		expect(r.stderr.trim()).toBe(`${target} already exists: nothing was written. Add --force to replace it.`);
		expect(readFileSync(target, 'utf8')).toBe('an earlier file');
		const forced = await vigie(['backup', target, '--force']);
		expect(forced.code, forced.stderr).toBe(0);
		expect(forced.stdout).toMatch(new RegExp(`^Backup written to ${target}: [\\d.]+ [kM]B, schema version ${LATEST}\\.\\n  survey: 1 dataset, 3,000 rows\\n  1 account, \\d+ audit log entries\\n$`));
		expect(readFileSync(target).subarray(0, 15).toString()).toBe('SQLite format 3');
		expect(leftovers()).toEqual([]);
	});

	test.each([
		['a folder', () => [join(dir, 'bad')], /bad is a folder: give the name of the backup file to write in it\./],
		['a missing folder', () => [join(dir, 'no', 'such', 'b.db')], /The folder .*no\/such does not exist: nothing was written\./],
		['the database itself', () => [dbPath], /vigie\.db is the database itself \(or one of its files\): give another name\. Nothing was written\./]
	])('%s', async (_what, args, message) => {
		const before = fingerprint(dbPath);
		const r = await vigie(['backup', ...args()]);
		expect(r.code).toBe(1);
		expect(r.stderr.trim()).toMatch(message);
		expect(fingerprint(dbPath)).toBe(before);
	});

	test('no database: nothing to back up, and none is created', async () => {
		const missing = join(dir, 'nowhere.db');
		const r = await runVigie(missing, ['backup', join(dir, 'b.db')]);
		expect(r.code).toBe(1);
		expect(r.stderr.trim()).toBe(`There is no database at ${missing} (VIGIE_DB): nothing to back up.`);
		expect(readdirSync(dir).filter((f) => f.startsWith('nowhere') || f === 'b.db')).toEqual([]);
	});
});
