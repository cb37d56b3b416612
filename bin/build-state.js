// Whether the compiled build (build/, written by `npm run build`) matches the sources. bin/vigie.js
// asks before every command, so it must stay cheap: one stat per source file (a few hundred, a
// few milliseconds). Two parts, each with its own sources:
// - the dashboard (`vite build`: build/handler.js and the rest of build/), older than the newest
//   file of its folders and settings, as `vite build` does not list what it read;
// - the Node entries (build/node/: the command line, the server, the worker threads), against
//   the time their build started and the files esbuild compiled, both in build/node/stamp.json.
// Plain JavaScript with no dependency: it runs before anything is compiled, and in production
// without the development tools.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

export const STAMP = 'build/node/stamp.json';
const DASHBOARD = 'build/handler.js';
/** What the dashboard is built from. */
const DASHBOARD_SOURCES = ['app', 'db', 'ingest', 'domain', 'demo', 'geography', 'svelte.config.js', 'vite.config.ts', 'package.json'];
const NODE_OUTPUTS = ['build/node/cli.js', 'build/node/ingest-worker.js', 'build/node/backup-worker.js', 'build/node/png-worker.js', 'build/node/warm-up-worker.js', 'build/node/warm-up-early.js'];
/** What the Node entries are built with, besides the sources esbuild lists. */
const NODE_SETTINGS = ['package.json', 'scripts/build.js'];

/**
 * The first file or folder under `path` modified after `since` (a folder is when a file in it is
 * added or removed), or null; a missing path counts as changed when `required`.
 */
function newer(path, since, required = false) {
	const s = statSync(path, { throwIfNoEntry: false });
	if (!s) return required ? path : null;
	if (s.mtimeMs > since) return path;
	if (!s.isDirectory()) return null;
	for (const entry of readdirSync(path, { withFileTypes: true })) {
		const inner = join(path, entry.name);
		const found = entry.isDirectory() ? newer(inner, since) : statSync(inner).mtimeMs > since ? inner : null;
		if (found) return found;
	}
	return null;
}

/** `{ state: 'fresh' }`, or `{ state: 'missing' | 'stale', reason }`. */
export function dashboardState(root) {
	const built = statSync(join(root, DASHBOARD), { throwIfNoEntry: false });
	if (!built) return { state: 'missing', reason: `${DASHBOARD} is missing` };
	for (const source of DASHBOARD_SOURCES) {
		const changed = newer(join(root, source), built.mtimeMs);
		if (changed) return { state: 'stale', reason: `${changed.slice(root.length + 1)} is newer than the dashboard's build` };
	}
	return { state: 'fresh' };
}

/** The same for build/node/ (`vite build` alone empties build/, this part included). */
export function nodeState(root) {
	const missing = NODE_OUTPUTS.find((f) => !existsSync(join(root, f)));
	if (missing) return { state: 'missing', reason: `${missing} is missing` };
	let stamp;
	try {
		stamp = JSON.parse(readFileSync(join(root, STAMP), 'utf8'));
	} catch {
		return { state: 'missing', reason: `${STAMP} is missing or unreadable` };
	}
	for (const source of [...stamp.inputs, ...NODE_SETTINGS]) {
		const changed = newer(join(root, source), stamp.started, true);
		if (changed) return { state: 'stale', reason: `${changed.slice(root.length + 1)} changed or was removed since the build` };
	}
	return { state: 'fresh' };
}

/** Whether a package can be imported from the project (the development tools are absent after `npm install --omit=dev`). */
export function installed(root, specifier) {
	try {
		createRequire(join(root, 'package.json')).resolve(specifier);
		return true;
	} catch {
		return false;
	}
}
