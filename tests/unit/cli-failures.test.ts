import { createServer, type Server } from 'node:net';
import { describe, expect, test } from 'vitest';
import { describeFailure, localeOfArgs } from '../../app/lib/server/cli/failures';

const DB = '/srv/vigie/vigie.db';
const errno = (code: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(code), { code, ...extra });

describe('describeFailure(err): the machine\'s or the files\' fault in one line, or null for a bug', () => {
	test.each([
		{ err: errno('SQLITE_NOTADB'), expected: 'The database /srv/vigie/vigie.db cannot be used: it is not a database. Check VIGIE_DB.' },
		{ err: errno('SQLITE_CANTOPEN'), expected: 'The database /srv/vigie/vigie.db cannot be used: it cannot be opened or created there. Check VIGIE_DB.' },
		{ err: errno('SQLITE_READONLY'), expected: 'The database /srv/vigie/vigie.db cannot be used: read-only. Check VIGIE_DB.' },
		{ err: errno('SQLITE_BUSY'), expected: 'The database /srv/vigie/vigie.db cannot be used: another process keeps it locked. Check VIGIE_DB.' },
		{ err: errno('SQLITE_IOERR_SHORT_READ'), expected: 'The database /srv/vigie/vigie.db cannot be used: the disk could not be read or written. Check VIGIE_DB.' },
		{ err: errno('EEXIST', { syscall: 'mkdir', path: '/srv/vigie' }), expected: 'The database /srv/vigie/vigie.db cannot be used: a part of the path is not a folder. Check VIGIE_DB.' },
		{ err: errno('EACCES', { syscall: 'mkdir', path: '/srv' }), expected: 'The database /srv/vigie/vigie.db cannot be used: permission denied. Check VIGIE_DB.' },
		{ err: errno('ENOENT', { syscall: 'open', path: '/tmp/x.csv' }), expected: '/tmp/x.csv: no such file or folder.' },
		{ err: errno('EISDIR', { syscall: 'open', path: '/tmp' }), expected: '/tmp: this is a folder, not a file.' },
		{ err: errno('ENOSPC', { syscall: 'write', path: '/tmp/m.json' }), expected: '/tmp/m.json: the disk is full.' },
		{ err: errno('EADDRINUSE', { syscall: 'listen', port: 3000 }), expected: 'Port 3000 cannot be used: another program is listening on it. Set PORT to another one.' },
		{ err: new TypeError('x is undefined'), expected: null },
		{ err: errno('ENOENT'), expected: null },
		{ err: 'a string', expected: null },
		{ err: null, expected: null }
	])('$expected', ({ err, expected }) => {
		expect(describeFailure(err, 'en', DB)).toBe(expected);
	});

	test('in French', () => {
		expect(describeFailure(errno('SQLITE_NOTADB'), 'fr', DB)).toBe('La base de données /srv/vigie/vigie.db est inutilisable : ce n’est pas une base de données. Vérifiez VIGIE_DB.');
	});

	test('a port another program listens on, as Node reports it', async () => {
		const first: Server = createServer();
		await new Promise<void>((ok) => first.listen(0, '127.0.0.1', ok));
		const port = (first.address() as { port: number }).port;
		const err = await new Promise<Error>((ok) => createServer().on('error', ok).listen(port, '127.0.0.1'));
		first.close();
		expect(describeFailure(err, 'en', DB)).toBe(`Port ${port} cannot be used: another program is listening on it. Set PORT to another one.`);
	});
});

describe('localeOfArgs(argv)', () => {
	test.each([
		{ argv: ['datasets', '--lang', 'fr'], expected: 'fr' },
		{ argv: ['datasets', '--lang=fr'], expected: 'fr' },
		{ argv: ['datasets', '--lang', 'de'], expected: 'en' },
		{ argv: ['datasets'], expected: 'en' }
	])('$argv → $expected', ({ argv, expected }) => {
		const saved = { LANG: process.env.LANG, VIGIE_LANG: process.env.VIGIE_LANG };
		delete process.env.LANG;
		delete process.env.VIGIE_LANG;
		try {
			expect(localeOfArgs(argv)).toBe(expected);
		} finally {
			Object.assign(process.env, Object.fromEntries(Object.entries(saved).filter(([, v]) => v !== undefined)));
		}
	});
});
