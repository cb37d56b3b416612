import { spawn } from 'node:child_process';

export interface Run {
	code: number | null;
	stdout: string;
	stderr: string;
}

/**
 * Runs the real command line, `node bin/vigie.js args`, against the database `dbPath`. The
 * language variables of the test's environment are removed unless `env` gives them, so messages
 * are in the CLI's default language (English) unless a test asks otherwise. `input` is written to
 * its standard input (e.g. the password of `users add`).
 */
export function runVigie(dbPath: string, args: string[], env: Record<string, string> = {}, input?: string): Promise<Run> {
	const childEnv: NodeJS.ProcessEnv = { ...process.env, VIGIE_DB: dbPath, ...env };
	for (const k of ['LANG', 'LC_ALL', 'LANGUAGE', 'VIGIE_LANG']) if (!(k in env)) delete childEnv[k];
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, ['bin/vigie.js', ...args], { env: childEnv, stdio: ['pipe', 'pipe', 'pipe'] });
		child.stdin.end(input ?? '');
		let stdout = '', stderr = '';
		child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
		child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
		child.on('error', reject);
		child.on('close', (code) => resolve({ code, stdout, stderr }));
	});
}

/**
 * Runs the real command line with one of its output pipes closed by the reader, as `vigie … |
 * head` does: at once (`afterBytes` 0, before the command writes anything) or once that many
 * bytes were read. Returns the exit code, what the other stream received, and how many bytes
 * were read from the closed one.
 */
export function runVigieClosing(dbPath: string, args: string[], closed: 'stdout' | 'stderr', afterBytes = 0): Promise<Run & { read: number }> {
	const childEnv: NodeJS.ProcessEnv = { ...process.env, VIGIE_DB: dbPath };
	for (const k of ['LANG', 'LC_ALL', 'LANGUAGE', 'VIGIE_LANG']) delete childEnv[k];
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, ['bin/vigie.js', ...args], { env: childEnv, stdio: ['pipe', 'pipe', 'pipe'] });
		child.stdin.end('');
		const out = { stdout: '', stderr: '' };
		let read = 0;
		const early = child[closed];
		const open = closed === 'stdout' ? 'stderr' : 'stdout';
		if (afterBytes === 0) early.destroy();
		else early.on('data', (d: Buffer) => {
			read += d.length;
			if (read >= afterBytes) early.destroy();
		});
		child[open].setEncoding('utf8').on('data', (d: string) => (out[open] += d));
		child.on('error', reject);
		child.on('close', (code) => resolve({ code, ...out, read }));
	});
}
