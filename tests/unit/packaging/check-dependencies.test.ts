/**
 * The build's check that production imports only dependencies (scripts/check-dependencies.js):
 * a package.json in a temporary folder and the import lists esbuild reports for its bundles.
 */
import { afterEach, beforeEach, expect, test } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkDependencies, packageOf } from '../../../scripts/check-dependencies.js';

let root: string;
beforeEach(() => {
	root = mkdtempSync(join(tmpdir(), 'vigie-deps-'));
	writeFileSync(join(root, 'package.json'), JSON.stringify({ dependencies: { zod: '^4' }, devDependencies: { papaparse: '^5', '@types/node': '^20' } }));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

test('packageOf: the package a specifier names; builtins and paths name none', () => {
	expect(packageOf('zod')).toBe('zod');
	expect(packageOf('zod/v4/core')).toBe('zod');
	expect(packageOf('@stdlib/stats-base-dists-t-cdf')).toBe('@stdlib/stats-base-dists-t-cdf');
	expect(packageOf('@resvg/resvg-js/js-binding.js')).toBe('@resvg/resvg-js');
	expect(packageOf('node:fs')).toBeNull();
	expect(packageOf('fs/promises')).toBeNull();
	expect(packageOf('./chunk.js')).toBeNull();
});

test('a devDependency or an undeclared package imported by a bundle is reported with its importer; dependencies pass', async () => {
	const metafile = {
		outputs: {
			'build/node/cli.js': { imports: [{ path: 'zod', external: true }, { path: 'node:fs', external: true }, { path: 'papaparse', external: true }] },
			'build/node/ingest-worker.js': { imports: [{ path: '@scope/pkg/sub', external: true }, { path: 'app/lib/x.ts' }] }
		}
	};
	expect(await checkDependencies(root, metafile)).toEqual(['papaparse (imported by build/node/cli.js)', '@scope/pkg (imported by build/node/ingest-worker.js)']);
	expect(await checkDependencies(root, { outputs: { 'build/node/cli.js': { imports: [{ path: 'zod/v4', external: true }] } } })).toEqual([]);
});
