import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig, type Plugin } from 'vitest/config';

/**
 * `import X from './X.svelte?server'`: the component on the server, `undefined` in the browser
 * build, which then carries none of its code. `lazyChart` pairs such an import with a dynamic
 * import of the same file, which the browser runs only when it must draw the chart itself.
 * - In the browser build, a plain import left unused is not enough: the bundler, seeing the module
 *   imported statically, folds the dynamic import into the page's chunk.
 * - On the server, the component is imported dynamically too (awaited when the page's module
 *   loads). SvelteKit sends a page the stylesheets of the components the server renders for it,
 *   and only recognises a component the browser loads on demand as one of these when the server
 *   also loads it on demand; a static import here would leave the charts unstyled until hydrated.
 */
const SERVER_ONLY = '?server';
const EMPTY = '\0vigie:server-only';
// The component's path goes in the query: an id ending in .svelte would be compiled as a component.
const AWAITED = '\0vigie:server-only?';
const serverOnlyImports: Plugin = {
	name: 'vigie:server-only-imports',
	enforce: 'pre',
	async resolveId(source, importer, options) {
		if (!source.endsWith(SERVER_ONLY)) return null;
		if (this.environment.name === 'client') return EMPTY;
		const resolved = await this.resolve(source.slice(0, -SERVER_ONLY.length), importer, { ...options, skipSelf: true });
		return resolved && AWAITED + encodeURIComponent(resolved.id);
	},
	load(id) {
		if (id === EMPTY) return 'export default undefined;';
		if (id.startsWith(AWAITED)) return `export default (await import(${JSON.stringify(decodeURIComponent(id.slice(AWAITED.length)))})).default;`;
		return null;
	}
};

export default defineConfig(({ command }) => ({
	plugins: [serverOnlyImports, sveltekit()],
	server: { fs: { allow: ['db', 'ingest', 'domain', 'demo', 'geography', 'fixtures'] } },
	// The statistics, chart and schema libraries are bundled into the server's build rather than
	// loaded from node_modules, where they are hundreds of small modules (half a second of each
	// start); scripts/build.js does the same for the command line and the workers. Not under the
	// development server and the tests, whose module runner cannot evaluate @stdlib's CommonJS
	// (`require is not defined`): Node loads them there.
	ssr: command === 'build' ? { noExternal: [/^@stdlib\//, /^d3($|-)/, 'internmap', 'delaunator', 'robust-predicates', 'zod', 'debug', 'ms'] } : {},
	test: {
		projects: [
			{
				extends: true,
				test: {
					name: 'unit',
					include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
					environment: 'node',
					// A guard against hangs, not a speed check: CI machines are shared and slow at times.
					testTimeout: 60_000,
					hookTimeout: 120_000
				}
			},
			{
				extends: true,
				test: {
					name: 'e2e',
					include: ['tests/http/**/*.test.ts', 'tests/browser/**/*.test.ts'],
					environment: 'node',
					testTimeout: 60_000,
					hookTimeout: 120_000,
					fileParallelism: false
				}
			}
		]
	}
}));
