// Every package the built code imports at run time must be a dependency in package.json:
// production installs with `npm install --omit=dev`, which leaves devDependencies out. The built
// code is esbuild's bundles (their imports esbuild left external) and the dashboard's server
// build, where adapter-node leaves every dependency external and bundles the rest.
import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import * as esbuild from 'esbuild';

const BUILTIN = new Set(builtinModules);

/** `pkg`, `@scope/pkg`: the package a bare specifier names; null for a builtin or a path. */
export function packageOf(specifier) {
	if (specifier.startsWith('node:') || BUILTIN.has(specifier) || BUILTIN.has(specifier.split('/')[0])) return null;
	if (specifier.startsWith('.') || specifier.startsWith('/')) return null;
	const parts = specifier.split('/');
	return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/**
 * The packages the dashboard's server build imports, as esbuild reads them: bundling
 * build/handler.js again (in memory) follows every import, dynamic ones included, and lists the
 * packages left outside, without mistaking an import written in a comment or a string for one.
 */
async function dashboardImports(root) {
	const entry = join(root, 'build/handler.js');
	if (!existsSync(entry)) return {};
	const { metafile } = await esbuild.build({
		entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', packages: 'external', write: false, metafile: true, logLevel: 'error', outdir: join(root, 'build/.check')
	});
	return metafile.outputs;
}

/** Problems, one line each: a package imported by the build that is not a dependency. */
export async function checkDependencies(root, metafile) {
	const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
	const deps = new Set(Object.keys(pkg.dependencies ?? {}));
	const users = new Map();
	const note = (specifier, file) => {
		const name = packageOf(specifier);
		if (name && !deps.has(name)) users.set(name, users.get(name) ?? file);
	};
	const outputs = { ...metafile.outputs, ...(await dashboardImports(root)) };
	for (const [file, out] of Object.entries(outputs))
		for (const imp of out.imports) if (imp.external) note(imp.path, file.replace(/^build\/\.check\//, 'build/ (dashboard) '));
	return [...users].map(([name, file]) => `${name} (imported by ${file})`);
}
