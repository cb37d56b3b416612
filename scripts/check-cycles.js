#!/usr/bin/env node
// Fails when the project's own modules import each other in a circle. A cycle makes the order in
// which modules initialise depend on which one is imported first (a value read during import can
// be undefined), and it hides which layer depends on which. Every import counts, `import type`
// included: a type shared by two modules belongs in a third that both import.
// Also fails when a server module imports from a folder above its own (LAYERS below), or when
// a module of the product imports from fixtures/.
// Usage: node scripts/check-cycles.js [folder or file…] (default: app ingest db domain demo bin server.ts)
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..');
const SOURCE = /\.(ts|js|svelte)$/;
const ALIASES = { $lib: 'app/lib', $db: 'db', $ingest: 'ingest' };

function walk(path, out) {
	if (!existsSync(path)) return out;
	if (statSync(path).isDirectory()) {
		for (const name of readdirSync(path)) if (name !== 'node_modules') walk(join(path, name), out);
	} else if (SOURCE.test(path) && !path.endsWith('.d.ts')) out.push(path);
	return out;
}

/** The import specifiers of one file (static, re-exports and `import()`), comments ignored. */
function specifiers(file) {
	let text = readFileSync(file, 'utf8');
	if (file.endsWith('.svelte')) text = [...text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join('\n');
	return ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
}

/** The file a specifier names, or null for a package or a virtual module ($app, $env). */
function resolveSpecifier(from, spec) {
	let base;
	if (spec.startsWith('.')) base = resolve(dirname(from), spec);
	else {
		const alias = Object.keys(ALIASES).find((a) => spec === a || spec.startsWith(a + '/'));
		if (!alias) return null;
		base = join(ROOT, ALIASES[alias], spec.slice(alias.length));
	}
	const candidates = [base, base + '.ts', base + '.js', base.replace(/\.js$/, '.ts'), join(base, 'index.ts'), join(base, 'index.js')];
	return candidates.find((c) => existsSync(c) && statSync(c).isFile()) ?? null;
}

/** Every elementary cycle's first occurrence, found by a depth-first search (Tarjan's colours). */
function findCycles(graph) {
	const state = new Map(); // 1: on the current path, 2: done
	const stack = [];
	const cycles = [];
	const visit = (node) => {
		state.set(node, 1);
		stack.push(node);
		for (const next of graph.get(node) ?? []) {
			if (state.get(next) === 1) cycles.push([...stack.slice(stack.indexOf(next)), next]);
			else if (!state.has(next)) visit(next);
		}
		stack.pop();
		state.set(node, 2);
	};
	for (const node of graph.keys()) if (!state.has(node)) visit(node);
	return cycles;
}

const roots = process.argv.slice(2);
const files = (roots.length ? roots : ['app', 'ingest', 'db', 'domain', 'demo', 'bin', 'server.ts']).flatMap((r) => walk(resolve(ROOT, r), []));
const graph = new Map();
for (const file of files) {
	const targets = new Set();
	for (const spec of specifiers(file)) {
		const target = resolveSpecifier(file, spec);
		if (target) targets.add(target);
	}
	graph.set(file, [...targets].sort());
}
// What the product runs never imports the tests' data: a fixture can change for a test's sake.
// The demo ships from demo/ and the built-in geography from geography/.
const FIXTURES = join(ROOT, 'fixtures') + '/';
const fromFixtures = [...graph].flatMap(([file, targets]) => targets.filter((t) => t.startsWith(FIXTURES)).map((t) => `${relative(ROOT, file)} → ${relative(ROOT, t)}`));
if (fromFixtures.length) {
	process.stderr.write(`${fromFixtures.length} import${fromFixtures.length === 1 ? '' : 's'} of fixtures/ by the product:\n`);
	for (const u of fromFixtures) process.stderr.write(`  ${u}\n`);
	process.exit(1);
}

// The server layer's folders, in the order data flows through them: a module imports only
// from its own folder or one further down this list (the folders not listed are shared by all).
const LAYERS = ['cache', 'request', 'settings', 'indicators', 'views', 'ingestion', 'http', 'jobs'];
const SERVER = join(ROOT, 'app/lib/server') + '/';
const layerOf = (f) => (f.startsWith(SERVER) ? LAYERS.indexOf(relative(SERVER, f).split('/')[0]) : -1);
const upward = [];
for (const [file, targets] of graph) {
	const from = layerOf(file);
	if (from < 0) continue;
	for (const t of targets) if (layerOf(t) > from) upward.push(`${relative(ROOT, file)} → ${relative(ROOT, t)}`);
}
if (upward.length) {
	process.stderr.write(`${upward.length} import${upward.length === 1 ? '' : 's'} against the server layers' order (${LAYERS.join(' < ')}):\n`);
	for (const u of upward) process.stderr.write(`  ${u}\n`);
	process.exit(1);
}

const cycles = findCycles(graph);
const show = (cycle) => cycle.map((f) => relative(ROOT, f)).join(' → ');
if (cycles.length) {
	process.stderr.write(`${cycles.length} import cycle${cycles.length === 1 ? '' : 's'} among ${files.length} files:\n`);
	for (const c of cycles) process.stderr.write(`  ${show(c)}\n`);
	process.exit(1);
}
process.stdout.write(`No import cycle among ${files.length} files; the server layers import downwards only; nothing imports fixtures/.\n`);
