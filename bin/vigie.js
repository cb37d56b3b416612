#!/usr/bin/env node
// The `vigie` command: runs the compiled command line, build/node/cli.js (`npm run build`).
// - `vigie serve` (npm start) first rebuilds what is missing or older than its sources when the
//   build tools are installed (a development checkout), saying so on standard error.
// - Other commands, in a development checkout whose build/node/ is missing or stale, run the
//   TypeScript sources through tsx instead: an edit is seen at once, without a build.
// - Without the development tools (`npm install --omit=dev`) the build runs as it is; a stale one
//   is named on standard error, a missing one is an error.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dashboardState, installed, nodeState } from './build-state.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);

/** Runs scripts/build.js (its output on standard error: standard output is the command's); exits when it fails. */
function build(reason, args) {
	process.stderr.write(`Building Vigie (${reason}).\n`);
	const r = spawnSync(process.execPath, [join(ROOT, 'scripts/build.js'), ...args], { cwd: ROOT, stdio: ['ignore', process.stderr, 'inherit'] });
	if (r.status !== 0) {
		process.stderr.write('vigie: the build failed (see above).\n');
		process.exit(1);
	}
}

if (argv[0] === 'serve') {
	const dashboard = dashboardState(ROOT);
	const node = nodeState(ROOT);
	if (installed(ROOT, 'vite/package.json') && installed(ROOT, 'esbuild')) {
		if (dashboard.state !== 'fresh') build(dashboard.reason, []);
		else if (node.state !== 'fresh') build(node.reason, ['--node-only']);
	} else if (dashboard.state === 'missing') {
		process.stderr.write(`vigie: the dashboard is not built (${dashboard.reason}). Run npm run build, which needs the development dependencies (npm install).\n`);
		process.exit(1);
	} else if (dashboard.state === 'stale') process.stderr.write(`vigie: serving a stale dashboard (${dashboard.reason}); run npm run build.\n`);
}

const node = nodeState(ROOT);
const tsx = installed(ROOT, 'tsx/esm/api');
let main;
if (node.state === 'fresh' || (node.state === 'stale' && !tsx)) {
	if (node.state === 'stale') process.stderr.write(`vigie: running a stale build (${node.reason}); run npm run build.\n`);
	// The cache warm-up's thread loads its code while the command loads its own (half a second).
	if (argv[0] === 'serve') (await import(pathToFileURL(join(ROOT, 'build/node/warm-up-early.js')).href)).prestartWarmUp();
	({ main } = await import(pathToFileURL(join(ROOT, 'build/node/cli.js')).href));
} else if (tsx) {
	const { register } = await import('tsx/esm/api');
	register();
	({ main } = await import('../app/lib/server/cli/main.ts'));
} else {
	process.stderr.write(`vigie: Vigie is not built (${node.reason}). Run npm run build, which needs the development dependencies (npm install).\n`);
	process.exit(1);
}
process.exitCode = await main(argv);
