import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	server: { fs: { allow: ['db', 'ingest', 'domain', 'demo', 'geography', 'fixtures'] } },
	// The statistics, chart and schema libraries are bundled into the server's code rather than
	// loaded from node_modules, where they are hundreds of small modules (half a second of each
	// start); scripts/build.js does the same for the command line and the workers.
	ssr: { noExternal: [/^@stdlib\//, /^d3($|-)/, 'internmap', 'delaunator', 'robust-predicates', 'zod', 'debug', 'ms'] },
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
});
