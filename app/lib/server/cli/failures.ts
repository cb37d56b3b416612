/**
 * What the command line says when something outside the command goes wrong: a reader that
 * stopped reading (`vigie … | head`), a database file that cannot be used, a file or folder that
 * is missing or not allowed, a port already taken. Each is one line in the reader's language and
 * exit code 1, never a stack trace; only an error no one foresaw shows where it happened, and
 * only when asked (VIGIE_DEBUG=1).
 */
import { t, type Locale, type MessageKey } from '../../i18n';
import { localeFrom } from './usage';

/**
 * A reader that closes the pipe early (`vigie datasets | head -1`) is not an error: what is left
 * to write is dropped and the command ends as it would have (exit code included), in silence.
 * Without this, Node reports the closed pipe (EPIPE) as an uncaught error with its stack.
 */
export function dropOutputToClosedPipes(streams: NodeJS.WriteStream[] = [process.stdout, process.stderr]): void {
	for (const stream of streams) {
		stream.on('error', (err: NodeJS.ErrnoException) => {
			if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') return;
			// Any other failure to write (a full disk behind a redirection): the output is incomplete.
			process.exitCode = 1;
		});
	}
}

/** The language of messages about the command line itself, whatever the command made of its options. */
export function localeOfArgs(argv: readonly string[]): Locale {
	const i = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
	const flag = i < 0 ? undefined : argv[i]!.includes('=') ? argv[i]!.slice('--lang='.length) : argv[i + 1];
	return flag === 'fr' || flag === 'en' ? flag : localeFrom(undefined);
}

const SQLITE_REASONS: Record<string, MessageKey> = {
	SQLITE_NOTADB: 'cli.reason.not_a_database', SQLITE_CORRUPT: 'cli.reason.corrupt', SQLITE_CANTOPEN: 'cli.reason.cannot_open',
	SQLITE_READONLY: 'cli.reason.read_only', SQLITE_BUSY: 'cli.reason.busy', SQLITE_LOCKED: 'cli.reason.busy', SQLITE_FULL: 'cli.reason.full',
	SQLITE_PERM: 'cli.reason.permission', SQLITE_AUTH: 'cli.reason.permission', SQLITE_IOERR: 'cli.reason.io'
};

const FILE_REASONS: Record<string, MessageKey> = {
	ENOENT: 'cli.reason.missing', EACCES: 'cli.reason.permission', EPERM: 'cli.reason.permission', EISDIR: 'cli.reason.is_folder',
	ENOTDIR: 'cli.reason.not_folder', EROFS: 'cli.reason.read_only', ENOSPC: 'cli.reason.full', EEXIST: 'cli.reason.exists',
	ENAMETOOLONG: 'cli.reason.name_too_long', ELOOP: 'cli.reason.not_folder', EIO: 'cli.reason.io'
};

const PORT_REASONS: Record<string, MessageKey> = { EADDRINUSE: 'cli.reason.port_in_use', EACCES: 'cli.reason.permission', EADDRNOTAVAIL: 'cli.reason.no_address' };

/**
 * The one-line message for an error caused by the machine or the files it was given, or null
 * for an error no one foresaw (a bug). `dbPath` is the database the command opened.
 */
export function describeFailure(err: unknown, locale: Locale, dbPath: string): string | null {
	const e = err as NodeJS.ErrnoException & { port?: number; address?: string };
	const code = typeof e?.code === 'string' ? e.code : '';
	const sqlite = SQLITE_REASONS[code] ?? (code.startsWith('SQLITE_IOERR') ? SQLITE_REASONS.SQLITE_IOERR : undefined);
	if (sqlite) return t(locale, 'cli.error.database', { path: dbPath, reason: t(locale, sqlite) });
	// Making the database's folder failed: a part of VIGIE_DB's path exists but is a file, or is not allowed.
	if (e?.syscall === 'mkdir' && typeof e.path === 'string' && dbPath.startsWith(e.path) && FILE_REASONS[code])
		return t(locale, 'cli.error.database', { path: dbPath, reason: t(locale, code === 'EEXIST' ? 'cli.reason.not_folder' : FILE_REASONS[code]!) });
	if (e?.syscall === 'listen' && PORT_REASONS[code])
		return t(locale, 'cli.error.port', { port: String(e.port ?? ''), reason: t(locale, PORT_REASONS[code]!) });
	if (FILE_REASONS[code] && typeof e.path === 'string') return t(locale, 'cli.error.file', { path: e.path, reason: t(locale, FILE_REASONS[code]!) });
	return null;
}

/** Writes what went wrong; returns the exit code (1). */
export function reportFailure(err: unknown, locale: Locale, dbPath: string, env: NodeJS.ProcessEnv = process.env): number {
	const known = describeFailure(err, locale, dbPath);
	const message = known ?? t(locale, 'cli.error.unexpected', { message: (err as Error)?.message ?? String(err) });
	process.stderr.write(`vigie: ${message}\n`);
	if (!known && env.VIGIE_DEBUG) process.stderr.write(`${(err as Error)?.stack ?? ''}\n`);
	return 1;
}
