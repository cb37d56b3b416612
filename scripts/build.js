#!/usr/bin/env node
// `npm run build`: everything production runs, compiled once.
// 1. The dashboard: `vite build` (SvelteKit with adapter-node) into build/ (it empties build/ first).
// 2. The Node entries, bundled by esbuild into build/node/: the command line (cli.js, which holds
//    the server of server.ts), the worker threads (ingest-worker.js, backup-worker.js, png-worker.js, warm-up-worker.js)
//    and warm-up-early.js, which `vigie serve` loads first to start the warm-up's thread.
//    Packages stay outside the bundles (imported from node_modules at run time), but for SvelteKit's error helpers.
// 3. A check that every package the built code imports is a dependency, not a devDependency:
//    production installs with `npm install --omit=dev`.
// 4. build/node/stamp.json: when the Node build started and what esbuild compiled, which
//    bin/build-state.js compares with the sources to tell a stale build.
// Usage: node scripts/build.js [--node-only]   (--node-only: steps 2 to 4, keeping the dashboard)
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { STAMP } from '../bin/build-state.js';
import { checkDependencies } from './check-dependencies.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'build/node');
const ENTRIES = {
	cli: 'app/lib/server/cli/main.ts',
	'ingest-worker': 'app/lib/server/jobs/ingest-worker.ts',
	'backup-worker': 'app/lib/server/jobs/backup-worker.ts',
	'png-worker': 'app/lib/server/jobs/png-worker.ts',
	'warm-up-worker': 'app/lib/server/jobs/warm-up-worker.ts',
	'warm-up-early': 'app/lib/server/jobs/warm-up-early.ts'
};

/**
 * `new URL('../fixtures/x', import.meta.url)` names a file beside the source module; in a bundle
 * import.meta.url is the bundle's, in build/node/. The relative path is rewritten to start from there.
 */
const sourceRelativeUrls = {
	name: 'source-relative-urls',
	setup(build) {
		build.onLoad({ filter: /\.ts$/ }, (args) => {
			const text = readFileSync(args.path, 'utf8');
			if (!text.includes('import.meta.url')) return undefined;
			const contents = text.replace(/new URL\(\s*(['"])([^'"]+)\1\s*,\s*import\.meta\.url\s*\)/g, (_m, _q, path) => {
				const target = relative(OUT, resolve(dirname(args.path), path));
				return `new URL(${JSON.stringify(target)}, import.meta.url)`;
			});
			return { contents, loader: 'ts' };
		});
	}
};

/**
 * Packages stay outside the bundles, imported from node_modules at run time, except:
 * - SvelteKit's `error()` helpers that the dashboard's views throw (the cache warm-up's worker runs
 *   the views): SvelteKit (and esm-env, which it imports) is a development dependency, bundled
 *   into the dashboard by vite and here by esbuild;
 * - the statistics, chart and schema libraries the engine and the views import (@stdlib, d3, zod):
 *   node_modules holds them as hundreds of small modules (one @stdlib distribution is about 300
 *   files), whose resolution and loading took about half a second of every start, and of every
 *   worker's. Bundled, only what is used is loaded, from one file.
 * The package's own `#…` imports (the server's message catalogs) are files of the project: bundled.
 */
export const BUNDLED_PACKAGES = /^(@sveltejs\/kit|esm-env|@stdlib\/[^/]+|d3|d3-[a-z-]+|internmap|delaunator|robust-predicates|zod|debug|ms)($|\/)/;
const externalPackages = {
	name: 'external-packages',
	setup(build) {
		build.onResolve({ filter: /^[^./$#]/ }, (args) => (BUNDLED_PACKAGES.test(args.path) ? undefined : { path: args.path, external: true }));
	}
};

function viteBuild() {
	// A production build whatever the caller's NODE_ENV (under a test runner it is "test").
	const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build'], {
		cwd: ROOT, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' }
	});
	if (r.status !== 0) throw new Error(`vite build failed (exit code ${r.status})`);
}

/** Bundles the Node entries; each file is written whole under a temporary name, then renamed, so a command started meanwhile never reads half of one. */
async function nodeBuild() {
	const result = await esbuild.build({
		absWorkingDir: ROOT,
		entryPoints: Object.fromEntries(Object.entries(ENTRIES).map(([name, path]) => [name, join(ROOT, path)])),
		outdir: OUT,
		bundle: true,
		platform: 'node',
		format: 'esm',
		target: 'node20',
		alias: { $lib: './app/lib', $db: './db', $ingest: './ingest' },
		plugins: [externalPackages, sourceRelativeUrls],
		// The bundled CommonJS packages (@stdlib) `require()` Node's own modules: an ES module has no `require` of its own.
		banner: { js: "import { createRequire as __vigieCreateRequire } from 'node:module'; const require = __vigieCreateRequire(import.meta.url);" },
		metafile: true,
		write: false,
		logLevel: 'warning'
	});
	mkdirSync(OUT, { recursive: true });
	for (const file of result.outputFiles) {
		const tmp = `${file.path}.${process.pid}.tmp`;
		writeFileSync(tmp, file.contents);
		renameSync(tmp, file.path);
	}
	return result.metafile;
}

if (!process.argv.includes('--node-only')) viteBuild();
const started = Date.now();
const metafile = await nodeBuild();
const problems = await checkDependencies(ROOT, metafile);
if (problems.length) {
	process.stderr.write(`The build imports packages that are not dependencies in package.json (production installs without devDependencies):\n${problems.map((p) => `  ${p}\n`).join('')}`);
	process.exit(1);
}
const inputs = Object.keys(metafile.inputs).filter((f) => !f.startsWith('node_modules/')).sort();
writeFileSync(join(ROOT, STAMP), JSON.stringify({ started, inputs }, null, '\t') + '\n');
process.stderr.write(`Built build/node/ (${Object.keys(ENTRIES).join(', ')}) from ${inputs.length} source files in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`);
