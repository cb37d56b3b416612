/**
 * The file a worker thread starts from, in the form the calling code runs in: compiled (the
 * dashboard's build, build/server/…) → the worker compiled with it, build/node/<name>.js, so no
 * upload compiles TypeScript; from the TypeScript sources (vitest, tsx) → bin/<name>.js, which
 * compiles the worker's sources on the fly and so always runs the code being tested. Paths are
 * from the project's folder, where `vigie serve` runs (as for build/handler.js).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export function workerEntry(name: 'ingest-worker' | 'backup-worker' | 'png-worker' | 'warm-up-worker'): string {
	const compiled = !import.meta.url.endsWith('.ts');
	const path = resolve(compiled ? `build/node/${name}.js` : `bin/${name}.js`);
	if (!existsSync(path)) throw new Error(`The worker ${path} is missing: ${compiled ? 'run npm run build' : 'run Vigie from its folder'}.`);
	return path;
}
