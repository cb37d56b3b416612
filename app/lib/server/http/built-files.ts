/**
 * A guard in front of adapter-node's static files. The adapter's file server lists build/client
 * once, when the server starts, and later opens the listed files without handling an error: a
 * listed file that is gone (a new build written while the server runs removes the previous one's
 * hashed scripts) made the first request for it crash the whole process with ENOENT. A browser
 * still showing a page of the previous build asks for exactly those files. Requests for a listed
 * file that no longer exists, in any of the encodings the adapter may send, get a plain 404 here.
 */
import type { RequestHandler } from 'express';
import { existsSync, readdirSync } from 'node:fs';
import { join, normalize, sep } from 'node:path';
import { inBothLanguages } from '../../i18n';

/** Every file under `dir`, as URL paths ("/_app/immutable/…"), compressed copies included. */
function listFiles(dir: string, prefix = ''): string[] {
	let entries;
	try {
		entries = readdirSync(join(dir, prefix), { withFileTypes: true });
	} catch {
		return [];
	}
	return entries.flatMap((e) => (e.isDirectory() ? listFiles(dir, `${prefix}/${e.name}`) : [`${prefix}/${e.name}`]));
}

export function vanishedBuiltFiles(clientDir: string): RequestHandler {
	const listed = new Set(listFiles(clientDir));
	return (req, res, next) => {
		if (req.method !== 'GET' && req.method !== 'HEAD') return next();
		let path: string;
		try {
			path = decodeURIComponent(req.path); // as the file server reads it
		} catch {
			return next();
		}
		if (!listed.has(path) || !normalize(join(clientDir, path)).startsWith(clientDir + sep)) return next();
		const variants = [path, `${path}.br`, `${path}.gz`].filter((p) => listed.has(p));
		if (variants.every((p) => existsSync(join(clientDir, p)))) return next();
		res.status(404).type('text/plain').send(inBothLanguages('http.stale_file'));
	};
}
